import { type BuildNodesParameters, buildNodes } from "./internal/buildNodes.js";
import { buildNodesInParallel } from "./internal/buildNodesInParallel.js";
import { type CreateMerkleTreeOptions, createMerkleTreeWith } from "./createMerkleTree.js";
import type { MerkleLeaves } from "./MerkleLeaves.js";
import type { MerkleTree } from "./MerkleTree.js";

/** Below this many leaves a tree is built on one thread: starting a worker costs more than it saves. */
export const parallelTreeMinLeaves = 65_536;

/**
 * {@link createMerkleTree} on Node, for the anchorer's large batches: from `minLeaves` leaves on (default
 * {@link parallelTreeMinLeaves}) the nodes are hashed on two threads, level by level, else on this one. The same
 * tree either way; a worker that cannot start or fails leaves the tree to this thread.
 *
 * @example
 * const tree = await createMerkleTreeInParallel(leaves); // a million leaves in about half the time
 */
export async function createMerkleTreeInParallel(leaves: MerkleLeaves, { minLeaves = parallelTreeMinLeaves, ...options }: CreateMerkleTreeOptions & { minLeaves?: number } = {}): Promise<MerkleTree> {
  return createMerkleTreeWith(leaves, options, async (parameters: BuildNodesParameters) => {
    if (parameters.leafCount < minLeaves) return buildNodes(parameters);
    return buildNodesInParallel(parameters).catch(() => buildNodes(parameters));
  });
}
