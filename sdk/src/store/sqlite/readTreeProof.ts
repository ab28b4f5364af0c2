import type { StatementSync } from "node:sqlite";
import { type Hash, bytesToHex } from "viem";
import { StoreError } from "../../errors/StoreError.js";
import { getProofNodeIndices } from "../../merkle/getProofNodeIndices.js";
import { treeChunkNodes } from "./treeChunkNodes.js";

export type ReadTreeProofParameters = {
  /** The store's prepared-statement cache. */
  statement: (sql: string) => StatementSync;
  batchId: number;
  /** The batch's `tree_leaves`. */
  leafCount: number;
  leafIndex: number;
};

/**
 * Derives one member's proof from its batch's stored tree, reading only the proof's nodes (`substr` of the
 * chunks holding them), never the whole tree: leaf to root, as `getProof` gives it.
 *
 * @throws {StoreError} if a node the proof needs is not in the store (a damaged store).
 * @example
 * const proof = readTreeProof({ statement, batchId: 3, leafCount: 1_000_000, leafIndex: 42 })
 */
export function readTreeProof({ statement, batchId, leafCount, leafIndex }: ReadTreeProofParameters): Hash[] {
  const read = statement("SELECT substr(nodes, ?, 32) AS node FROM batch_tree_chunks WHERE batch_id = ? AND chunk = ?");
  return getProofNodeIndices({ leafCount, index: leafIndex }).map((node) => {
    const row = read.get(((node % treeChunkNodes) * 32) + 1, batchId, Math.floor(node / treeChunkNodes)) as { node: Uint8Array } | undefined;
    if (row?.node.length !== 32) throw new StoreError(`Node ${node} of batch ${batchId}'s tree is missing from the store: its proofs cannot be served.`);
    return bytesToHex(row.node) as Hash;
  });
}
