import { type Address, createClient, custom, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { createReceipt } from "../bundle/createReceipt.js";
import { maxBundleBytes } from "../bundle/parseBundle.js";
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
    expect(await auditBundle({ bundle: JSON.stringify(manifest), manifest, client })).toEqual({ status: "skipped", skip: "not-a-bundle", message: 'Not a proof bundle: a JSON document of format "aiattest-batch-v1", not "aiattest-bundle-v1".', root: null });
    expect(await auditBundle({ bundle: "[1, 2]", manifest, client })).toMatchObject({ status: "skipped", skip: "not-a-bundle", message: 'Not a proof bundle: JSON without a "format", not "aiattest-bundle-v1".' });
  });

  test("a batch is (chainId, contract, publisher, root): another publisher's bundle of the same root, or another deployment's, is skipped and never a member", async () => {
    const tree = await createMerkleTree([keccak256(toHex("a")), keccak256(toHex("b"))]);
    const receipt = await createReceipt({ signer: key, domain: { chainId: 31337, contract }, publisher: key.address, model: { name: "atlas", version: "1.0" }, response: "Paris.", recordId: "r1", timestamp: 1_700_000_000n });
    const anchored = { ...receipt, anchor: { root: tree.root, proof: [], leafIndex: 0, anchorer: key.address, txHash: tree.root, blockNumber: 1, anchoredAt: 1_700_000_000, manifestUri: "" } };
    const bundle = serializeBundle(anchored);
    // a rival anchored the same root as its own: the audited manifest is the rival's
    const rival = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const rivals = dumpManifest(tree, { chainId: 31337, contract, publisher: rival });
    expect(await auditBundle({ bundle, manifest: rivals, client })).toEqual({
      status: "skipped",
      skip: "other-publisher",
      message: `Of publisher ${key.address}, not the audited batch's ${rival}: not a member, even with the same root.`,
      root: tree.root,
    });
    const otherContract: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    for (const meta of [{ chainId: 8453, contract }, { chainId: 31337, contract: otherContract }]) {
      const elsewhere = dumpManifest(tree, { ...meta, publisher: key.address });
      const result = await auditBundle({ bundle, manifest: elsewhere, client });
      expect(result).toMatchObject({ status: "skipped", skip: "other-deployment", root: tree.root });
      expect(result.message).toBe(`Of another deployment (chain 31337, contract ${contract}), not the audited batch's (chain ${meta.chainId}, contract ${meta.contract}): not a member.`);
    }
  });

  test("no bundle leaves the invalid count by being broken: text that is not JSON, or a bundle padded past the size limit, is malformed-bundle", async () => {
    const tree = await createMerkleTree([keccak256(toHex("a"))]);
    const manifest = dumpManifest(tree, { chainId: 31337, contract, publisher: key.address });
    const receipt = await createReceipt({ signer: key, domain: { chainId: 31337, contract }, publisher: key.address, model: { name: "atlas", version: "1.0" }, response: "Paris.", recordId: "r1", timestamp: 1_700_000_000n });
    const anchored = serializeBundle({ ...receipt, anchor: { root: tree.root, proof: [], leafIndex: 0, anchorer: key.address, txHash: tree.root, blockNumber: 1, anchoredAt: 1_700_000_000, manifestUri: "" } });
    const text = typeof anchored === "string" ? anchored : new TextDecoder().decode(anchored);
    const padded = `${text.slice(0, -1)}${" ".repeat(maxBundleBytes)}}`;
    for (const [name, bundle] of [
      ["not JSON", "not json"],
      ["a bundle with trailing garbage", `${text}garbage`],
      ["a bundle padded with whitespace", padded],
      ["padded, as bytes", new TextEncoder().encode(padded)],
      ["not UTF-8", new Uint8Array([0x7b, 0xff, 0x7d])],
    ] as const) {
      expect(await auditBundle({ bundle, manifest, client }), name).toMatchObject({ status: "invalid", reason: "malformed-bundle", leafIndex: null, isContentChecked: false });
    }
    // a large JSON document that claims no bundle format (a big manifest beside the bundles) is still skipped
    const big = JSON.stringify({ ...manifest, leaves: Array.from({ length: 2_000 }, () => manifest.leaves[0]) });
    expect(big.length).toBeGreaterThan(maxBundleBytes);
    expect(await auditBundle({ bundle: big, manifest, client })).toMatchObject({ status: "skipped", skip: "not-a-bundle" });
  });

  test("a file claiming the bundle format but malformed is invalid, not skipped", async () => {
    const tree = await createMerkleTree([keccak256(toHex("a"))]);
    const manifest = dumpManifest(tree, { chainId: 31337, contract, publisher: key.address });
    const result = await auditBundle({ bundle: JSON.stringify({ format: "aiattest-bundle-v1", chainId: "x" }), manifest, client });
    expect(result).toMatchObject({ status: "invalid", reason: "malformed-bundle", leafIndex: null, isContentChecked: false });
  });
});
