// auditManifest against Hardhat's in-process chain: the checks that read the chain, through the SDK alone.
import { type Hex, createPublicClient, http, keccak256, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { anchorBatch } from "../../sdk/src/actions/anchorBatch.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { auditManifest } from "../../sdk/src/audit/auditManifest.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { dumpManifest } from "../../sdk/src/merkle/dumpManifest.js";
import { attestChainFixture } from "../cli/helpers/attestChainFixture.js";

let chain: Awaited<ReturnType<typeof attestChainFixture>>;
let text: string;
const uri = "https://lab.example/v1/manifests/a.json";

beforeAll(async () => {
  chain = await attestChainFixture();
  const leaves: Hex[] = Array.from({ length: 9 }, (_, n) => keccak256(toHex(`sdk audit leaf ${n}`)));
  const tree = await createMerkleTree(leaves);
  // the publisher is one by registering a model (or authorizing a key) first
  await registerModel(chain.publisher, { contract: chain.contract, name: "atlas", version: "1.0" });
  await anchorBatch(chain.publisher, { contract: chain.contract, root: tree.root, count: 9, uri });
  text = JSON.stringify(dumpManifest(tree, { chainId: 31337, contract: chain.contract, publisher: chain.addr.publisher }));
}, 120_000);

const outcomes = (result: Awaited<ReturnType<typeof auditManifest>>["result"]) => result.checks.map((check) => `${check.name}:${check.outcome}${check.reason ? `:${check.reason}` : ""}`);

describe("auditManifest on chain", () => {
  test("an honest manifest with its anchored URI: every check passes, read at one block", async () => {
    const { result, manifest } = await auditManifest({ manifest: text, client: chain.publicClient, manifestUri: uri });
    expect(outcomes(result)).toEqual(["manifest", "root", "contract", "chain", "batch", "anchorerWindow", "count", "event", "uri", "confirmations"].map((name) => `${name}:pass`));
    expect(result).toMatchObject({ valid: true, reason: null, unchecked: [], expectedUri: uri, anchor: { anchorer: chain.addr.publisher, count: 9, uri }, readAt: { chainId: 31337 } });
    expect(manifest?.leaves).toHaveLength(9);
    expect(result.checks.find((check) => check.name === "event")!.message).toContain(`naming manifest URI "${uri}"`);
  });

  test("another URI is uri-mismatch; none given leaves uri unchecked, and the verdict still valid", async () => {
    const other = await auditManifest({ manifest: text, client: chain.publicClient, manifestUri: "https://mirror.example/a.json" });
    expect(other.result).toMatchObject({ valid: false, reason: "uri-mismatch" });
    expect(other.result.unchecked).toEqual(["confirmations"]);
    const none = await auditManifest({ manifest: text, client: chain.publicClient });
    expect(none.result).toMatchObject({ valid: true, unchecked: ["uri"] });
  });

  test("more confirmations than the chain has: insufficient-confirmations", async () => {
    const { result } = await auditManifest({ manifest: text, client: chain.publicClient, manifestUri: uri, minConfirmations: 1000 });
    expect(result).toMatchObject({ valid: false, reason: "insufficient-confirmations" });
  });

  test("a manifest written for another chain is wrong-chain; a root nobody anchored is not-anchored", async () => {
    const elsewhere = await auditManifest({ manifest: JSON.stringify({ ...JSON.parse(text), chainId: 8453 }), client: chain.publicClient });
    expect(elsewhere.result).toMatchObject({ valid: false, reason: "wrong-chain", readAt: null });
    expect(elsewhere.result.checks[3]!.message).toContain("the RPC serves chain 31337; the manifest was written for chain 8453");

    const leaves: Hex[] = [keccak256(toHex("never anchored"))];
    const tree = await createMerkleTree(leaves);
    const lone = JSON.stringify(dumpManifest(tree, { chainId: 31337, contract: chain.contract, publisher: chain.addr.publisher }));
    const { result } = await auditManifest({ manifest: lone, client: chain.publicClient });
    expect(result).toMatchObject({ valid: false, reason: "not-anchored", anchor: null });
    // another publisher's manifest of the same root: batches are keyed by (publisher, root)
    const squatted = await auditManifest({ manifest: JSON.stringify({ ...JSON.parse(text), publisher: chain.addr.outsider }), client: chain.publicClient });
    expect(squatted.result.reason).toBe("not-anchored");
  });

  test("an RPC that fails throws ChainReadError: the verdict is unknown", async () => {
    const down = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
    await expect(auditManifest({ manifest: text, client: down })).rejects.toMatchObject({ name: "ChainReadError" });
  });
});
