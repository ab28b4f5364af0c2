import { expect, test } from "vitest";
import { describeRpcUrl } from "./describeRpcUrl.js";

test("an RPC URL is shown by scheme and host only: paths, queries and credentials may hold API keys", () => {
  expect(describeRpcUrl("http://127.0.0.1:8545")).toBe("http://127.0.0.1:8545");
  expect(describeRpcUrl("http://127.0.0.1:8545/")).toBe("http://127.0.0.1:8545");
  expect(describeRpcUrl("https://mainnet.example/v3/0123456789abcdef")).toBe("https://mainnet.example/…");
  expect(describeRpcUrl("https://rpc.example/?apikey=secret")).toBe("https://rpc.example/…");
  expect(describeRpcUrl("wss://user:secret@rpc.example")).toBe("wss://rpc.example/…");
  expect(describeRpcUrl("not a url")).toBe("(an RPC URL that does not parse)");
});
