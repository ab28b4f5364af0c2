import { createClient, custom, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { createReceipt } from "../bundle/createReceipt.js";
import { serializeBundle } from "../bundle/serializeBundle.js";
import { canonicalAttestAddresses } from "../deployment/canonicalAttestAddresses.js";
import { createMerkleTree } from "../merkle/createMerkleTree.js";
import { dumpManifest } from "../merkle/dumpManifest.js";
import { auditBundle } from "./auditBundle.js";

// a skipped bundle is decided without the chain: a read would be a bug
const client = createClient({
  transport: custom({
    request: async ({ method }) => {
      throw new Error(`unexpected chain read ${method}`);
    },
  }),
});
const key = privateKeyToAccount(keccak256(toHex("aiattest audit bundle test key")));
const contract = canonicalAttestAddresses[0]!;

describe("auditBundle, skips", () => {
  test("a receipt, a bundle of another batch and a file that is no bundle are skipped, each saying why", async () => {
    const tree = await createMerkleTree([keccak256(toHex("a")), keccak256(toHex("b"))]);
    const manifest = dumpManifest(tree, { chainId: 31337, contract, publisher: key.address });
    const receipt = await createReceipt({ signer: key, domain: { chainId: 31337, contract }, publisher: key.address, model: { name: "atlas", version: "1.0" }, response: "Paris.", recordId: "r1", timestamp: 1_700_000_000n });
    const otherRoot = keccak256(toHex("another root"));
    const other = { ...receipt, anchor: { root: otherRoot, proof: [], leafIndex: 0, anchorer: key.address, txHash: otherRoot, blockNumber: 1, anchoredAt: 1_700_000_000, manifestUri: "" } };

    expect(await auditBundle({ bundle: serializeBundle(receipt), manifest, client })).toMatchObject({ status: "skipped", skip: "not-anchored" });
    expect(await auditBundle({ bundle: serializeBundle(other), manifest, client })).toEqual({ status: "skipped", skip: "other-batch", message: `Of another batch (root ${otherRoot}).`, root: otherRoot });
    expect(await auditBundle({ bundle: JSON.stringify(manifest), manifest, client })).toMatchObject({ status: "skipped", skip: "not-a-bundle" });
    expect(await auditBundle({ bundle: "not json", manifest, client })).toMatchObject({ status: "skipped", skip: "not-a-bundle" });
  });

  test("a file claiming the bundle format but malformed is invalid, not skipped", async () => {
    const tree = await createMerkleTree([keccak256(toHex("a"))]);
    const manifest = dumpManifest(tree, { chainId: 31337, contract, publisher: key.address });
    const result = await auditBundle({ bundle: JSON.stringify({ format: "aiattest-bundle-v1", chainId: "x" }), manifest, client });
    expect(result).toMatchObject({ status: "invalid", reason: "malformed-bundle", leafIndex: null, isContentChecked: false });
  });
});
