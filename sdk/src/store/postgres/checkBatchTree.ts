import { type Hash, bytesToHex } from "viem";
import { StoreError } from "../../errors/StoreError.js";

/**
 * Checks a batch's tree before it is kept, as `writeBatchTree` does on SQLite: a whole tree (2 n - 1 nodes of 32
 * bytes for n leaves) whose node 0 is `root`. Proofs are derived from it for as long as the store lives.
 *
 * @throws {StoreError} if the tree's size does not match its leaf count, or its root is not `root`.
 * @example
 * checkBatchTree({ root: tree.root, tree })
 */
export function checkBatchTree({ root, tree }: { root: Hash; tree: { nodes: Uint8Array; leafCount: number } }): void {
  const { nodes, leafCount } = tree;
  if (!Number.isSafeInteger(leafCount) || leafCount < 1 || nodes.length !== (2 * leafCount - 1) * 32) {
    throw new StoreError(`A batch's tree of ${leafCount} leaves has ${nodes.length} bytes of nodes, not ${(2 * leafCount - 1) * 32}: refusing to keep it.`);
  }
  if (bytesToHex(nodes.subarray(0, 32)) !== root.toLowerCase()) {
    throw new StoreError(`The tree given for batch root ${root} has the root ${bytesToHex(nodes.subarray(0, 32))}: refusing to keep it.`);
  }
}

