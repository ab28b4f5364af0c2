import { type BuildNodesParameters, buildNodes } from "./internal/buildNodes.js";
import type { MerkleEmptyLeavesError } from "../errors/MerkleEmptyLeavesError.js";
import type { MerkleInvalidLeafError } from "../errors/MerkleInvalidLeafError.js";
import { isSortedLeaves } from "./internal/isSortedLeaves.js";
import { leavesToBytes } from "./internal/leavesToBytes.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import type { MerkleLeaves } from "./MerkleLeaves.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";
import { nodeToHex } from "./internal/nodeToHex.js";
import { sortLeafOrder } from "./internal/sortLeafOrder.js";

export type CreateMerkleTreeOptions = {
  /**
   * Sort the leaves (ascending bytes) before building, as `@openzeppelin/merkle-tree` does by default.
   * `false` keeps input order. Default: `true`.
   */
  sortLeaves?: boolean | undefined;
};

export type CreateMerkleTreeErrorType = MerkleEmptyLeavesError | MerkleInvalidLeafError;

/**
 * Builds the Merkle tree of a batch: leaves are 32-byte values (for aiattest, `keccak256` of an output's
 * EIP-712 digest), inner nodes `keccak256(sort(a, b))`, laid out exactly as `@openzeppelin/merkle-tree`'s
 * `SimpleMerkleTree.of(leaves, { sortLeaves })`. Async only because the WebAssembly keccak loads once.
 *
 * Duplicate leaves are kept, as OpenZeppelin keeps them. Throws `MerkleEmptyLeavesError` for no leaves and
 * `MerkleInvalidLeafError` for a leaf that is not 32 bytes.
 *
 * @example
 * const tree = await createMerkleTree(leaves); // leaves: Hex[] in recording order
 * const root = tree.root; // anchor this on-chain
 * const proof = getProof(tree, { index: tree.leafIndexOfInput[0]! }); // proof of the first output
 */
export async function createMerkleTree(leaves: MerkleLeaves, options: CreateMerkleTreeOptions = {}): Promise<MerkleTree> {
  return createMerkleTreeWith(leaves, options, buildNodes);
}

/**
 * {@link createMerkleTree} with the nodes built by `build` (on one thread, or several): the leaves checked and
 * sorted here, the tree assembled from what `build` returns.
 */
export async function createMerkleTreeWith(
  leaves: MerkleLeaves,
  { sortLeaves = true }: CreateMerkleTreeOptions,
  build: (parameters: BuildNodesParameters) => Uint8Array | Promise<Uint8Array>,
): Promise<MerkleTree> {
  const bytes = leavesToBytes(leaves);
  const hash = await loadMerkleHasher();
  const leafCount = bytes.length / nodeSize;

  // already-sorted input (a reloaded batch) needs no permutation
  const order = sortLeaves && !isSortedLeaves(bytes, leafCount) ? sortLeafOrder(bytes, leafCount) : undefined;
  const nodes = await build({ leaves: bytes, leafCount, order, hash });

  const leafIndexOfInput = new Uint32Array(leafCount);
  for (let k = 0; k < leafCount; k++) leafIndexOfInput[order === undefined ? k : order[k]!] = k;
  return { nodes, leafCount, root: nodeToHex(nodes, 0), sortLeaves, leafIndexOfInput };
}
