import type { MerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { nodeSize } from "./nodeSize.js";

const wordsPerNode = nodeSize / 4;

export type ReduceToRootParameters = {
  /** Flat 32-byte leaves in input order; byte offset a multiple of 4. Not modified. */
  leaves: Uint8Array;
  leafCount: number;
  /** `order[leafIndex] = inputIndex`, or `undefined` to keep input order. */
  order: Uint32Array | undefined;
  hash: MerkleHasher;
};

/**
 * The root {@link buildNodes} puts at node 0, computed level by level in one buffer of at most `leafCount` nodes
 * (the tree needs `2 * leafCount - 1`), reusing it in place and keeping no inner node.
 *
 * Why the levels are OpenZeppelin's: its array layout (leaf `k` at node `2n - 2 - k`) is a complete tree, so with
 * `p` the smallest power of two `>= n`, the bottom level holds leaves `0 .. m - 1` (`m = 2n - p`), paired
 * `(0, 1), (2, 3), …`, and the level above is perfect: `p / 2` nodes, which in tree order are leaves `m .. n - 1`
 * followed by the `m / 2` parents of the bottom level. From there every level pairs neighbours, and parent `j` of a
 * level is written over node `j`, which is never after its children `2j` and `2j + 1`. Pairs are hashed sorted, so
 * the order within a pair (here the reverse of the array layout's) does not change a parent.
 */
export function reduceToRoot({ leaves, leafCount, order, hash }: ReduceToRootParameters): Uint8Array {
  const leafWords = new Uint32Array(leaves.buffer, leaves.byteOffset, leafCount * wordsPerNode);
  const leafOffset = order === undefined ? (k: number) => k * nodeSize : (k: number) => order[k]! * nodeSize;
  if (leafCount === 1) return leaves.slice(leafOffset(0), leafOffset(0) + nodeSize);
  let width = 1;
  while (width < leafCount) width *= 2;
  const bottomCount = 2 * leafCount - width;
  const upperCount = leafCount - bottomCount;

  const nodes = new Uint8Array((width / 2) * nodeSize);
  const words = new Uint32Array(nodes.buffer);
  const pair = new Uint8Array(2 * nodeSize);
  const pairWords = new Uint32Array(pair.buffer);
  // keccak256(sort(a, b)) of the nodes at byte offsets a and b, written at node `to` (after reading both)
  const hashPair = (bytes: Uint8Array, bytesWords: Uint32Array, a: number, b: number, to: number) => {
    let i = 0;
    while (i < nodeSize && bytes[a + i] === bytes[b + i]) i++;
    const isAFirst = i === nodeSize || bytes[a + i]! < bytes[b + i]!;
    const first = (isAFirst ? a : b) >>> 2;
    const second = (isAFirst ? b : a) >>> 2;
    for (let w = 0; w < wordsPerNode; w++) {
      pairWords[w] = bytesWords[first + w]!;
      pairWords[wordsPerNode + w] = bytesWords[second + w]!;
    }
    const digest = hash(pair);
    const at = to * nodeSize;
    for (let j = 0; j < nodeSize; j++) nodes[at + j] = digest[j]!;
  };

  // the level below the root's perfect subtree: leaves m .. n - 1, then the parents of leaves 0 .. m - 1
  for (let k = 0; k < upperCount; k++) {
    const from = leafOffset(bottomCount + k) >>> 2;
    for (let w = 0; w < wordsPerNode; w++) words[k * wordsPerNode + w] = leafWords[from + w]!;
  }
  for (let j = 0; j < bottomCount / 2; j++) hashPair(leaves, leafWords, leafOffset(2 * j), leafOffset(2 * j + 1), upperCount + j);

  // then whole levels, in place
  for (let count = width / 2; count > 1; count /= 2) {
    for (let j = 0; j < count / 2; j++) hashPair(nodes, words, 2 * j * nodeSize, (2 * j + 1) * nodeSize, j);
  }
  return nodes.subarray(0, nodeSize);
}
