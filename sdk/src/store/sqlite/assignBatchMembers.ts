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
 * Puts pending records into a batch, inside the caller's transaction: each gets a `batch_members` row (its batch
 * and leaf index) if it is pending and its leaf is the tree's leaf at that index (else a proof derived for it
 * would not verify), and stops being pending; the batch's members are then counted per signer (`batch_signers`).
 * Rows are written in id order: appended to both narrow tables' pages.
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
  // a member row only for a pending record whose leaf is the tree's: the pending row holds the leaf, so this never
  // reads the record's own (wide) row
  const assign = statement("INSERT INTO batch_members (record_id, batch_id, leaf_index) SELECT record_id, ?, ? FROM pending_records WHERE record_id = ? AND leaf = ?");
  for (const { recordId, leafIndex } of ordered) {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= leafCount) {
      throw new StoreError(`Record ${recordId}'s leaf index ${leafIndex} is outside the batch's tree of ${leafCount} leaves.`);
    }
    // leaf k is node 2 leafCount - 2 - k
    const node = 2 * leafCount - 2 - leafIndex;
    if (assign.run(batchId, leafIndex, recordId, nodes.subarray(node * 32, node * 32 + 32)).changes !== 1) throw memberError(statement, { recordId, leafIndex });
  }
  // counted per signer while they are still pending rows (narrow, and in the cache): what the anchorer checks each
  // signer's window with
  statement(
    `INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) SELECT ?1, p.signer, count(*), max(p.timestamp)
     FROM batch_members m CROSS JOIN pending_records p ON p.record_id = m.record_id WHERE m.batch_id = ?1 GROUP BY p.signer`,
  ).run(batchId);
  // every member was pending (checked above), and distinct (one member row per record): when as many records are
  // pending as joined, the batch took all of them, and the table is emptied at once (SQLite drops its pages instead
  // of deleting a million rows one by one)
  const { pending } = statement("SELECT count(*) AS pending FROM pending_records").get() as { pending: number };
  if (pending === ordered.length) statement("DELETE FROM pending_records").run();
  else statement("DELETE FROM pending_records WHERE record_id IN (SELECT record_id FROM batch_members WHERE batch_id = ?)").run(batchId);
}

/** Why a record could not join the batch, for the error. */
function memberError(statement: (sql: string) => StatementSync, { recordId, leafIndex }: { recordId: number; leafIndex: number }): StoreError {
  const row = statement("SELECT 1 AS pending FROM pending_records WHERE record_id = ?").get(recordId) as { pending: number } | undefined;
  if (!row) return new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
  return new StoreError(`Record ${recordId}'s leaf is not leaf ${leafIndex} of the batch's tree: its proof would not verify.`);
}
