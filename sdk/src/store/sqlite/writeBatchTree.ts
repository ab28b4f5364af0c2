import type { StatementSync } from "node:sqlite";
import { type Hash, bytesToHex } from "viem";
import { StoreError } from "../../errors/StoreError.js";
import { treeChunkNodes } from "../treeChunkNodes.js";

export type WriteBatchTreeParameters = {
  /** The store's prepared-statement cache. */
  statement: (sql: string) => StatementSync;
  batchId: number;
  root: Hash;
  tree: { nodes: Uint8Array; leafCount: number };
};

/**
 * Writes a batch's tree into `batch_tree_chunks`, `treeChunkNodes` nodes per row, inside the caller's transaction,
 * after checking it is a whole tree whose node 0 is `root`: proofs are derived from it for as long as the store
 * lives, so a tree of another batch must never be kept under this one.
 *
 * @throws {StoreError} if the tree's size does not match its leaf count, or its root is not `root`.
 * @example
 * writeBatchTree({ statement, batchId, root: tree.root, tree })
 */
export function writeBatchTree({ statement, batchId, root, tree }: WriteBatchTreeParameters): void {
  const { nodes, leafCount } = tree;
  if (!Number.isSafeInteger(leafCount) || leafCount < 1 || nodes.length !== (2 * leafCount - 1) * 32) {
    throw new StoreError(`A batch's tree of ${leafCount} leaves has ${nodes.length} bytes of nodes, not ${(2 * leafCount - 1) * 32}: refusing to keep it.`);
  }
  if (bytesToHex(nodes.subarray(0, 32)) !== root.toLowerCase()) {
    throw new StoreError(`The tree given for batch root ${root} has the root ${bytesToHex(nodes.subarray(0, 32))}: refusing to keep it.`);
  }
  const insert = statement("INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) VALUES (?, ?, ?)");
  const chunkBytes = treeChunkNodes * 32;
  for (let chunk = 0; chunk * chunkBytes < nodes.length; chunk++) insert.run(batchId, chunk, nodes.subarray(chunk * chunkBytes, (chunk + 1) * chunkBytes));
}
