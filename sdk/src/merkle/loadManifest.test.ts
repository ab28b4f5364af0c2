import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import type { Hex } from "viem";
import { describe, expect } from "vitest";
import type { BatchManifest } from "./BatchManifest.js";
import { createMerkleTree } from "./createMerkleTree.js";
import { dumpManifest } from "./dumpManifest.js";
import { getLeaves } from "./getLeaves.js";
import { getProof } from "./getProof.js";
import { checkManifest } from "./checkManifest.js";
import { loadManifest } from "./loadManifest.js";
import { verifyProof } from "./verifyProof.js";
import { leafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";
import { ozTreeOf } from "../../../test/helpers/merkle/ozTreeOf.js";
import { seededLeaves } from "../../../test/helpers/merkle/seededLeaves.js";

const meta = {
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
} as const;
const fixturePath = new URL("../../../test/fixtures/batch-v1.json", import.meta.url);

/** A valid manifest of `count` seeded leaves, as plain JSON data. */
async function manifestOf(count: number, sortLeaves = true): Promise<BatchManifest> {
  return JSON.parse(JSON.stringify(dumpManifest(await createMerkleTree(seededLeaves(90 + count, count), { sortLeaves }), meta)));
}

describe("loadManifest", () => {
  test.prop([fc.array(leafArbitrary, { minLength: 1, maxLength: 100 }), fc.boolean()], { numRuns: 40 })(
    "reads back what dumpManifest wrote: same fields, same tree",
    async (leaves, sortLeaves) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const manifest = dumpManifest(tree, meta);
      const loaded = await loadManifest(JSON.stringify(manifest));
      expect(loaded.manifest).toEqual(manifest);
      expect(loaded.tree.root).toBe(tree.root);
      expect(loaded.tree.nodes).toEqual(tree.nodes);
      expect(loaded.tree.sortLeaves).toBe(sortLeaves);
    },
  );

  test.prop([fc.array(leafArbitrary, { minLength: 1, maxLength: 100 }), fc.boolean(), fc.nat()], { numRuns: 40 })(
    "checkManifest (the root alone, for audits) accepts and refuses exactly what loadManifest does, with the same manifest and errors",
    async (leaves, sortLeaves, seed) => {
      const manifest = dumpManifest(await createMerkleTree(leaves, { sortLeaves }), meta);
      expect((await checkManifest(JSON.stringify(manifest))).manifest).toEqual((await loadManifest(JSON.stringify(manifest))).manifest);
      // one leaf changed: both refuse with the same error (a root mismatch, or leaves out of order)
      const changed = [...manifest.leaves];
      changed[seed % changed.length] = `0x${(seed % 251).toString(16).padStart(2, "0").repeat(32)}` as Hex;
      const tampered = JSON.stringify({ ...manifest, leaves: changed });
      const [loaded, checked] = await Promise.all([loadManifest(tampered).catch((error: unknown) => error), checkManifest(tampered).catch((error: unknown) => error)]);
      expect(checked).toEqual(loaded);
    },
  );

  test("loads the golden version 1 batch, whose root OpenZeppelin computes too", async () => {
    const text = readFileSync(fixturePath, "utf8");
    const { manifest, tree } = await loadManifest(text);
    expect(manifest.root).toBe("0x718c1a9d3b3de11c24cdc37821d2625c33129a08b519c634687ba672d2f3a896");
    expect(tree.root).toBe(ozTreeOf(manifest.leaves, { sortLeaves: true }).root);
    expect(manifest).toMatchObject({ format: "aiattest-batch-v1", chainId: 31337, sortLeaves: true });
    expect(manifest.leaves).toHaveLength(7);
    const leaf = manifest.leaves[3]!;
    expect(verifyProof({ root: manifest.root, leaf, proof: getProof(tree, { leaf }) })).toBe(true);
  });

  test("accepts parsed JSON as well as text, and a missing sortLeaves as true", async () => {
    const { sortLeaves: _, ...withoutSortLeaves } = await manifestOf(9);
    const { manifest } = await loadManifest(withoutSortLeaves);
    expect(manifest.sortLeaves).toBe(true);
  });

  test("normalizes addresses to their checksum and the root to lowercase", async () => {
    const original = await manifestOf(4);
    const { manifest } = await loadManifest({
      ...original,
      contract: original.contract.toLowerCase(),
      root: `0x${original.root.slice(2).toUpperCase()}`,
    });
    expect(manifest.contract).toBe(meta.contract);
    expect(manifest.root).toBe(original.root);
  });

  test("rejects a wrong root", async () => {
    const manifest = await manifestOf(5);
    const root = `0x${"11".repeat(32)}`;
    await expect(loadManifest({ ...manifest, root })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestRootMismatchError: Batch manifest root 0x1111111111111111111111111111111111111111111111111111111111111111 does not match the root rebuilt from its leaves, 0x6fa42a44cc7f2db1c4e5fea8248d17d775238607c50188827035df17f35b1f24.]`);
  });

  test("rejects a changed leaf", async () => {
    const manifest = await manifestOf(5, false);
    const leaves = [...manifest.leaves];
    leaves[2] = `0x${"22".repeat(32)}`;
    await expect(loadManifest({ ...manifest, leaves })).rejects.toThrow(
      expect.objectContaining({ name: "MerkleManifestRootMismatchError", expected: manifest.root }),
    );
  });

  test("rejects a changed leaf that keeps sorted order", async () => {
    const manifest = await manifestOf(5);
    const leaves = [...manifest.leaves];
    const last = leaves[4]!;
    leaves[4] = `${last.slice(0, 65)}${(Number.parseInt(last.slice(65), 16) ^ 1).toString(16)}` as Hex;
    await expect(loadManifest({ ...manifest, leaves })).rejects.toThrow(expect.objectContaining({ name: "MerkleManifestRootMismatchError" }));
  });

  test("rejects sorted-batch leaves out of order", async () => {
    const manifest = await manifestOf(5);
    const leaves = [...manifest.leaves].reverse();
    await expect(loadManifest({ ...manifest, leaves })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "leaves": not in ascending order, but sortLeaves is true (leaves must be listed in tree order: ascending, the canonical order).]`);
  });

  test("rejects an unknown or missing format tag", async () => {
    const manifest = await manifestOf(3);
    await expect(loadManifest({ ...manifest, format: "aiattest-batch-v2" })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFormatError: Unsupported batch manifest format "aiattest-batch-v2": expected "aiattest-batch-v1".]`);
    await expect(loadManifest({ ...manifest, format: "batch-v1" })).rejects.toThrow(expect.objectContaining({ name: "MerkleManifestFormatError" }));
    const { format: _, ...withoutFormat } = manifest;
    await expect(loadManifest(withoutFormat)).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFormatError: Batch manifest has no "format" tag: expected "aiattest-batch-v1".]`);
  });

  test("rejects a bad address, naming the field", async () => {
    const manifest = await manifestOf(3);
    await expect(loadManifest({ ...manifest, contract: "0x1234" })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "contract": expected a 0x-prefixed 20-byte address (EIP-55 checksummed or all lowercase), got "0x1234".]`);
    // a mixed-case address must carry a valid EIP-55 checksum
    const badChecksum = manifest.publisher.replace("F", "f");
    await expect(loadManifest({ ...manifest, publisher: badChecksum })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "publisher": expected a 0x-prefixed 20-byte address (EIP-55 checksummed or all lowercase), got "0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266".]`);
  });

  test("rejects a bad chain id, naming the field", async () => {
    const manifest = await manifestOf(3);
    await expect(loadManifest({ ...manifest, chainId: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "chainId": expected a positive integer, got 0.]`);
    await expect(loadManifest({ ...manifest, chainId: "1" })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "chainId": expected a positive integer, got "1".]`);
    await expect(loadManifest({ ...manifest, chainId: 1.5 })).rejects.toThrow(expect.objectContaining({ name: "MerkleManifestFieldError", field: "chainId" }));
    const { chainId: _, ...withoutChainId } = manifest;
    await expect(loadManifest(withoutChainId)).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "chainId": expected a positive integer, but it is missing.]`);
  });

  test("rejects a malformed root, leaf, leaf list or sortLeaves, naming the field", async () => {
    const manifest = await manifestOf(3);
    await expect(loadManifest({ ...manifest, root: "0x12" })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "root": expected 32 bytes as 0x-prefixed hex, got "0x12".]`);
    await expect(loadManifest({ ...manifest, leaves: [manifest.leaves[0], "0x12", manifest.leaves[2]] })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "leaves[1]": expected a 32-byte leaf: "0x12" is 1 byte long.]`);
    await expect(loadManifest({ ...manifest, leaves: [] })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "leaves": expected a non-empty array of 32-byte hex leaves, got an empty array.]`);
    await expect(loadManifest({ ...manifest, leaves: "0x12" })).rejects.toThrow(expect.objectContaining({ field: "leaves" }));
    await expect(loadManifest({ ...manifest, sortLeaves: "yes" })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "sortLeaves": expected true or false, got "yes".]`);
  });

  test("rejects unknown fields, non-objects and text that is not JSON", async () => {
    const manifest = await manifestOf(3);
    await expect(loadManifest({ ...manifest, sortleaves: true })).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "sortleaves": unknown field (version 1 manifests allow only their own fields).]`);
    await expect(loadManifest([manifest])).rejects.toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "$": expected a JSON object, got an array.]`);
    await expect(loadManifest("{ not json")).rejects.toThrow(expect.objectContaining({ name: "MerkleManifestJsonError" }));
  });
});

describe("dumpManifest", () => {
  test("writes the format tag, checksummed addresses, the root and the leaves in tree order", async () => {
    const leaves = seededLeaves(100, 6);
    const tree = await createMerkleTree(leaves);
    const manifest = dumpManifest(tree, { ...meta, contract: meta.contract.toLowerCase() as Hex });
    expect(manifest).toEqual({ format: "aiattest-batch-v1", ...meta, root: tree.root, sortLeaves: true, leaves: getLeaves(tree) });
    expect(Object.keys(manifest)).toEqual(["format", "chainId", "contract", "publisher", "root", "sortLeaves", "leaves"]);
  });

  test("ignores other keys of the metadata object", async () => {
    const tree = await createMerkleTree(seededLeaves(102, 2));
    const manifest = dumpManifest(tree, { ...meta, anchorer: meta.publisher } as typeof meta);
    expect(Object.keys(manifest)).not.toContain("anchorer");
  });

  test("rejects invalid metadata, naming the field", async () => {
    const tree = await createMerkleTree(seededLeaves(101, 2));
    expect(() => dumpManifest(tree, { ...meta, chainId: -5 })).toThrowErrorMatchingInlineSnapshot(`[MerkleManifestFieldError: Invalid batch manifest field "chainId": expected a positive integer, got -5.]`);
    expect(() => dumpManifest(tree, { ...meta, publisher: "0xnope" })).toThrow(expect.objectContaining({ name: "MerkleManifestFieldError", field: "publisher" }));
  });
});
