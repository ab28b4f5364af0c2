import type { Hex } from "viem";
import type { CreateMerkleTreeOptions } from "./createMerkleTree.js";
import { isSortedLeaves } from "./internal/isSortedLeaves.js";
import { leavesToBytes } from "./internal/leavesToBytes.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import type { MerkleLeaves } from "./MerkleLeaves.js";
import { nodeSize } from "./internal/nodeSize.js";
import { nodeToHex } from "./internal/nodeToHex.js";
import { reduceToRoot } from "./internal/reduceToRoot.js";
import { sortLeafOrder } from "./internal/sortLeafOrder.js";

/**
 * Recomputes the Merkle root of a set of leaves, to audit a batch: equal to `createMerkleTree(leaves,
 * options).root`, without keeping the tree or the input-to-tree index map: it reduces the leaves level by level in
 * one buffer of `leaves.length` nodes, half the tree's memory. Leaves already in ascending order (the tree order of a
 * sorted batch) are not re-sorted.
 *
 * @example
 * const manifest = JSON.parse(await readFile("batch-42.json", "utf8"));
 * const root = await computeMerkleRoot(manifest.leaves, { sortLeaves: manifest.sortLeaves });
 * if (root !== anchoredRoot) throw new Error("batch does not match its anchor");
 */
export async function computeMerkleRoot(leaves: MerkleLeaves, options: CreateMerkleTreeOptions = {}): Promise<Hex> {
  const { sortLeaves = true } = options;
  const bytes = leavesToBytes(leaves);
  const hash = await loadMerkleHasher();
  const leafCount = bytes.length / nodeSize;
  const order = sortLeaves && !isSortedLeaves(bytes, leafCount) ? sortLeafOrder(bytes, leafCount) : undefined;
  return nodeToHex(reduceToRoot({ leaves: bytes, leafCount, order, hash }), 0);
}
