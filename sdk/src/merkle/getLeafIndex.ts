import type { Hex } from "viem";
import { assertLeafIndex } from "./internal/assertLeafIndex.js";
import { describeBadNode } from "./internal/describeBadNode.js";
import { MerkleInvalidLeafError } from "../errors/MerkleInvalidLeafError.js";
import { MerkleLeafNotFoundError } from "../errors/MerkleLeafNotFoundError.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";
import { nodeToHex } from "./internal/nodeToHex.js";
import { sortLeafOrder } from "./internal/sortLeafOrder.js";
import { writeNode } from "./internal/writeNode.js";

export type GetLeafIndexParameters =
  | {
      /** A leaf value. */
      leaf: Hex | Uint8Array;
    }
  | {
      /** A position in the leaves given to {@link createMerkleTree}. */
      inputIndex: number;
    };

/**
 * Finds the leaf index (position in tree order) of a leaf value, or of the leaf at a position of the input.
 * For a value that occurs more than once, returns the last occurrence in tree order, which is the one
 * `@openzeppelin/merkle-tree`'s `getProof(value)` proves.
 *
 * A value lookup is a binary search; in a tree built with `sortLeaves: false` the first lookup also builds a
 * sorted index of the leaves (4 bytes a leaf), kept as long as the tree is.
 *
 * @example
 * const tree = await createMerkleTree(leaves);
 * const index = getLeafIndex(tree, { inputIndex: 41 }); // where the 42nd recorded output landed
 * getLeafIndex(tree, { leaf: leaves[41]! }) === index; // true, unless the leaf occurs twice
 */
export function getLeafIndex(tree: MerkleTree, parameters: GetLeafIndexParameters): number {
  if ("inputIndex" in parameters) {
    assertLeafIndex({ index: parameters.inputIndex, leafCount: tree.leafCount, kind: "input" });
    return tree.leafIndexOfInput[parameters.inputIndex]!;
  }

  const { leaf } = parameters;
  const target = new Uint8Array(nodeSize);
  if (!writeNode(leaf, target, 0)) throw new MerkleInvalidLeafError({ reason: describeBadNode(leaf) });
  const { nodes, leafCount } = tree;
  const compareLeaf = (leafIndex: number): number => {
    const offset = (2 * leafCount - 2 - leafIndex) * nodeSize;
    for (let i = 0; i < nodeSize; i++) {
      const d = nodes[offset + i]! - target[i]!;
      if (d !== 0) return d;
    }
    return 0;
  };

  // binary search over leaf indices ordered by value (equal values by ascending index): the first greater
  // value follows the last occurrence
  const byValue = tree.sortLeaves ? undefined : leafIndicesByValue(tree);
  const leafAt = (position: number): number => (byValue === undefined ? position : byValue[position]!);
  let low = 0;
  let high = leafCount;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareLeaf(leafAt(mid)) <= 0) low = mid + 1;
    else high = mid;
  }
  if (low > 0 && compareLeaf(leafAt(low - 1)) === 0) return leafAt(low - 1);
  throw new MerkleLeafNotFoundError({ leaf: nodeToHex(target, 0) });
}

const leafIndicesByValueCache = new WeakMap<MerkleTree, Uint32Array>();

/** Leaf indices of an unsorted tree, ascending by leaf value, built on first use and kept with the tree. */
function leafIndicesByValue(tree: MerkleTree): Uint32Array {
  let indices = leafIndicesByValueCache.get(tree);
  if (indices === undefined) {
    const { nodes, leafCount } = tree;
    const leaves = new Uint8Array(leafCount * nodeSize);
    for (let k = 0; k < leafCount; k++) {
      const offset = (2 * leafCount - 2 - k) * nodeSize;
      leaves.set(nodes.subarray(offset, offset + nodeSize), k * nodeSize);
    }
    indices = sortLeafOrder(leaves, leafCount);
    leafIndicesByValueCache.set(tree, indices);
  }
  return indices;
}
