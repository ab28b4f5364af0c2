import type { BatchManifestMeta } from "./BatchManifest.js";
import { dumpManifest } from "./dumpManifest.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";

/**
 * The batch manifest of a tree as the bytes of its JSON file: exactly `JSON.stringify(dumpManifest(tree, meta),
 * null, 1)` and a newline, written leaf by leaf into one buffer, without a million hex strings and their JSON
 * encoding (a million-leaf manifest in ~0.1 s instead of ~1 s). {@link loadManifest} reads it back. Throws
 * `MerkleManifestFieldError` for an invalid `meta` field, as {@link dumpManifest} does.
 *
 * @example
 * const tree = await createMerkleTree(leaves);
 * await writeFile(`batches/${tree.root}.json`, serializeManifest(tree, { chainId: 8453, contract, publisher }));
 */
export function serializeManifest(tree: MerkleTree, meta: BatchManifestMeta): Uint8Array {
  const { head, tail, size } = manifestFrameOf(tree, meta);
  const bytes = new Uint8Array(size);
  bytes.set(head, 0);
  bytes.set(tail, writeManifestLeaves(tree.nodes, tree.leafCount, bytes, head.length));
  return bytes;
}

/**
 * What a manifest holds around its leaves, and its whole size: every field as JSON.stringify writes it, up to the
 * leaves (the last field; `dumpManifest` checks `meta`, and is given the root alone so it writes no million hex
 * strings), and the closing brackets.
 */
export function manifestFrameOf(tree: MerkleTree, meta: BatchManifestMeta): { head: Uint8Array; tail: Uint8Array; size: number } {
  const fields = dumpManifest({ ...tree, leafCount: 1, nodes: tree.nodes.subarray(0, nodeSize) }, meta);
  const head = new TextEncoder().encode(`${JSON.stringify({ ...fields, leaves: [] }, null, 1).slice(0, -3)}\n`);
  const tail = new TextEncoder().encode(" ]\n}\n");
  // a leaf line: `  "0x<64 digits>",\n` (the last one without its comma)
  return { head, tail, size: head.length + tree.leafCount * 72 - 1 + tail.length };
}

/**
 * Writes the manifest's leaf lines (`  "0x<64 digits>",\n`, the last without its comma), leaf 0 first, into `bytes`
 * from `at`, and returns where they end. Self-contained on purpose (no import, no outer name): `writeManifest` sends
 * its source to a worker thread, which writes a large manifest while the batch is persisted.
 */
export function writeManifestLeaves(nodes: Uint8Array, leafCount: number, bytes: Uint8Array, at: number): number {
  // two ASCII hex digits per byte value
  const digits = new Uint8Array(512);
  for (let b = 0; b < 256; b++) {
    digits[2 * b] = "0123456789abcdef".charCodeAt(b >> 4);
    digits[2 * b + 1] = "0123456789abcdef".charCodeAt(b & 15);
  }
  for (let k = 0; k < leafCount; k++) {
    bytes[at] = 32;
    bytes[at + 1] = 32;
    bytes[at + 2] = 34;
    bytes[at + 3] = 48;
    bytes[at + 4] = 120;
    at += 5;
    // leaf k is node 2 leafCount - 2 - k
    const node = (2 * leafCount - 2 - k) * 32;
    for (let i = 0; i < 32; i++, at += 2) {
      const value = nodes[node + i]!;
      bytes[at] = digits[2 * value]!;
      bytes[at + 1] = digits[2 * value + 1]!;
    }
    bytes[at++] = 34;
    if (k < leafCount - 1) bytes[at++] = 44;
    bytes[at++] = 10;
  }
  return at;
}
