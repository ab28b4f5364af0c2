// Verdicts that need no single trusted RPC: `aiattest verify --rpc A --rpc B [--quorum n]` against a real
// `hardhat node`, one of the RPCs a proxy that lies about `getBatch`.
import { getAbiItem, toFunctionSelector } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { type RpcProxy, startRpcProxy } from "../pipeline/helpers/startRpcProxy.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let liar: RpcProxy;
let honest: RpcProxy;
let lab: Awaited<ReturnType<typeof labOverRpc>>;
const getBatchSelector = toFunctionSelector(getAbiItem({ abi: aiAttestAbi, name: "getBatch" }));

beforeAll(async () => {
  node = await startHardhatNode();
  liar = await startRpcProxy(node.rpcUrl);
  honest = await startRpcProxy(node.rpcUrl);
  // the liar says no batch was ever anchored
  liar.lie(({ method, params }) => (method === "eth_call" && String((params[0] as { data?: string; input?: string }).data ?? (params[0] as { input?: string }).input).startsWith(getBatchSelector) ? `0x${"00".repeat(96)}` : undefined));
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  await lab.writeText("answer.txt", "Paris.");
  const { recordId } = await lab.json(["record", "--model", lab.modelId, "--response", "answer.txt"]);
  await lab.json(["anchor"]);
  const proof = await lab.run(["proof", String(recordId)]);
  await lab.writeText("answer.proof.json", proof.stdout);
}, 180_000);
afterAll(async () => {
  await liar?.close();
  await honest?.close();
  await node?.stop();
});

const verify = (...rpcs: string[]) => lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", ...rpcs.flatMap((rpc) => ["--rpc", rpc])]);
const host = (url: string) => new URL(url).origin;

describe("aiattest verify with several RPCs", () => {
  test("an honest RPC and a lying one: UNKNOWN (rpc-disagreement), exit 3, naming which said what", async () => {
    const result = await verify(node.rpcUrl, liar.url);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/^UNKNOWN \(rpc-disagreement\): The RPCs disagree at block \d+: no 2 of the 2 give the same verdict \(RPC 1 valid at block hash 0x[0-9a-f]{64}; RPC 2 invalid \(not-anchored\) at block hash 0x[0-9a-f]{64}\)\. The verdict is unknown, not negative\./);
    expect(result.stdout).toContain(`RPC 1 (${host(node.rpcUrl)}): valid at block hash 0x`);
    expect(result.stdout).toContain(`RPC 2 (${host(liar.url)}): invalid (not-anchored) at block hash 0x`);
    const json = JSON.parse((await lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", "--rpc", node.rpcUrl, "--rpc", liar.url, "--json"])).stdout);
    expect(json).toMatchObject({ valid: false, reason: "rpc-disagreement", rpcs: [{ rpc: 0, valid: true, url: host(node.rpcUrl) }, { rpc: 1, valid: false, reason: "not-anchored", url: host(liar.url) }] });
  });

  test("two honest RPCs and a lying one with --quorum 2: VALID, and the dissenter is named; the liar alone says INVALID", async () => {
    const result = await lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", "--rpc", node.rpcUrl, "--rpc", honest.url, "--rpc", liar.url, "--quorum", "2"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^VALID: /);
    expect(result.stdout).toContain(`RPC 3 (${host(liar.url)}): invalid (not-anchored)`);
    const alone = await verify(liar.url);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(/^INVALID \(not-anchored\)/);
  });

  test("a quorum of half or less that two verdicts reach decides nothing; a quorum above the RPCs given is a usage error", async () => {
    const split = await lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", "--rpc", node.rpcUrl, "--rpc", liar.url, "--quorum", "1"]);
    expect(split.code).toBe(3);
    expect(split.stdout).toMatch(/^UNKNOWN \(rpc-disagreement\)/);
    const tooMany = await lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", "--rpc", node.rpcUrl, "--rpc", liar.url, "--quorum", "3"]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain("--quorum 3 needs at least that many RPCs: 2 given (repeat --rpc)");
    // one RPC listed twice would count twice
    const twice = await lab.run(["verify", "--response", "answer.txt", "--bundle", "answer.proof.json", "--rpc", liar.url, "--rpc", liar.url, "--rpc", node.rpcUrl, "--quorum", "2"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("RPC URL number 2 repeats an earlier one: each RPC counts once toward the quorum, so list independent RPCs");
    const otherCommand = await lab.run(["anchor", "--rpc", node.rpcUrl, "--rpc", liar.url]);
    expect(otherCommand.code).toBe(2);
    expect(otherCommand.stderr).toContain("is given more than once: only verify reads several RPCs");
  });
});
