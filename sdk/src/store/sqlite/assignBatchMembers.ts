import type { StatementSync } from "node:sqlite";
import { StoreError } from "../../errors/StoreError.js";

export type AssignBatchMembersParameters = {
  /** The store's prepared-statement cache. */
  statement: (sql: string) => StatementSync;
  batchId: number;
  /** The batch's tree, already checked against its root. */
  tree: { nodes: Uint8Array; leafCount: number };
  members: readonly { recordId: number; leafIndex: number }[];
};

/**
 * Puts pending records into a batch, inside the caller's transaction: each gets its batch and leaf index, if it
 * is pending and its leaf is the tree's leaf at that index (else a proof derived for it would not verify). Rows
 * are written in id order: a million records then touch each page of the records table once, in file order.
 *
 * @throws {StoreError} if a member is missing, already in a batch, or not the tree's leaf at its index.
 * @example
 * assignBatchMembers({ statement, batchId, tree, members: [{ recordId: 7, leafIndex: 0 }] })
 */
export function assignBatchMembers({ statement, batchId, tree, members }: AssignBatchMembersParameters): void {
  const { nodes, leafCount } = tree;
  let ordered = members;
  for (let i = 1; i < members.length; i++) {
    if (members[i]!.recordId < members[i - 1]!.recordId) {
      ordered = [...members].sort((a, b) => a.recordId - b.recordId);
      break;
    }
  }
  const assign = statement("UPDATE records SET batch_id = ?, leaf_index = ? WHERE id = ? AND batch_id IS NULL AND leaf = ?");
  for (const { recordId, leafIndex } of ordered) {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= leafCount) {
      throw new StoreError(`Record ${recordId}'s leaf index ${leafIndex} is outside the batch's tree of ${leafCount} leaves.`);
    }
    // leaf k is node 2 leafCount - 2 - k
    const node = 2 * leafCount - 2 - leafIndex;
    if (assign.run(batchId, leafIndex, recordId, nodes.subarray(node * 32, node * 32 + 32)).changes !== 1) throw memberError(statement, { recordId, leafIndex });
  }
}

/** Why a record could not join the batch, for the error. */
function memberError(statement: (sql: string) => StatementSync, { recordId, leafIndex }: { recordId: number; leafIndex: number }): StoreError {
  const row = statement("SELECT batch_id FROM records WHERE id = ?").get(recordId) as { batch_id: number | null } | undefined;
  if (!row || row.batch_id !== null) return new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
  return new StoreError(`Record ${recordId}'s leaf is not leaf ${leafIndex} of the batch's tree: its proof would not verify.`);
}
