import { expect, test } from "vitest";
import { runVerifyContract } from "./helpers/runVerifyContract.js";

test("without --network it names the networks and settings and exits 2", async () => {
  const run = await runVerifyContract([]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("No network: pass --network <name>");
  expect(run.stderr).toContain("Networks: mainnet, sepolia,");
});

test("an unknown network, no RPC, and Etherscan without a key are each refused before anything is sent", async () => {
  expect((await runVerifyContract(["--network", "localhost"])).stderr).toContain('Unknown network "localhost".');
  const noRpc = await runVerifyContract(["--network", "sepolia"]);
  expect(noRpc.code).toBe(2);
  expect(noRpc.stderr).toContain("No RPC: set AIATTEST_RPC_URL to an RPC of sepolia (chain 11155111).");
  const noKey = await runVerifyContract(["--network", "sepolia", "--provider", "etherscan"], { AIATTEST_RPC_URL: "http://127.0.0.1:9" });
  expect(noKey.code).toBe(2);
  expect(noKey.stderr).toContain("No Etherscan API key: set ETHERSCAN_API_KEY");
  expect((await runVerifyContract(["--network", "sepolia", "--provider", "etherscn"])).stderr).toContain('Unknown provider "etherscn"');
});

test("an RPC that cannot be reached exits 3 and does not print the URL's path (it may hold a key)", async () => {
  const run = await runVerifyContract(["--network", "sepolia"], { AIATTEST_RPC_URL: "http://127.0.0.1:9/v3/SECRET-KEY" });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain("Could not read the chain through http://127.0.0.1:9");
  expect(run.stderr).not.toContain("SECRET-KEY");
});
