import type { BatchManifestMeta } from "./BatchManifest.js";
import { dumpManifest } from "./dumpManifest.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";

/** Two ASCII hex digits per byte value, packed little-endian so one Uint16 store writes both in order. */
const digitPairs = (() => {
  const hexDigits = "0123456789abcdef";
  const table = new Uint16Array(256);
  for (let b = 0; b < 256; b++) table[b] = hexDigits.charCodeAt(b >> 4) | (hexDigits.charCodeAt(b & 15) << 8);
  return table;
})();

// one leaf line: `  "0x<64 digits>",\n` (the last one without its comma)
const linePrefix = [32, 32, 34, 48, 120];
const lineLength = linePrefix.length + 2 * nodeSize + 3;

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
  const { nodes, leafCount } = tree;
  // every field as JSON.stringify writes it, up to the leaves (the last field): dumpManifest checks `meta`, and is
  // given the root alone so it writes no million hex strings
  const fields = dumpManifest({ ...tree, leafCount: 1, nodes: nodes.subarray(0, nodeSize) }, meta);
  const head = new TextEncoder().encode(`${JSON.stringify({ ...fields, leaves: [] }, null, 1).slice(0, -3)}\n`);
  const tail = new TextEncoder().encode(" ]\n}\n");
  const bytes = new Uint8Array(head.length + leafCount * lineLength - 1 + tail.length);
  bytes.set(head, 0);
  let at = head.length;
  for (let k = 0; k < leafCount; k++) {
    bytes.set(linePrefix, at);
    at += linePrefix.length;
    // leaf k is node 2 leafCount - 2 - k
    const node = (2 * leafCount - 2 - k) * nodeSize;
    for (let i = 0; i < nodeSize; i++, at += 2) {
      const pair = digitPairs[nodes[node + i]!]!;
      bytes[at] = pair & 0xff;
      bytes[at + 1] = pair >> 8;
    }
    bytes[at++] = 34;
    if (k < leafCount - 1) bytes[at++] = 44;
    bytes[at++] = 10;
  }
  bytes.set(tail, at);
  return bytes;
}
