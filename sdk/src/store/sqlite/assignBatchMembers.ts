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
 * Rows are written in id order: appended to both narrow tables' pages. The checks are made once for the whole
 * batch, after the rows are written (one read of the members' pending rows, compared here with the tree): a
 * million checked one row at a time cost twice the writing.
 *
 * @throws {StoreError} if a member is missing, already in a batch, or not the tree's leaf at its index (the caller's
 * transaction then rolls back).
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
  const insert = statement("INSERT INTO batch_members (record_id, batch_id, leaf_index) VALUES (?, ?, ?)");
  for (const { recordId, leafIndex } of ordered) {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= leafCount) {
      throw new StoreError(`Record ${recordId}'s leaf index ${leafIndex} is outside the batch's tree of ${leafCount} leaves.`);
    }
    try {
      insert.run(recordId, batchId, leafIndex);
    } catch (error) {
      // a member row exists already: the record is in a batch (or listed twice)
      if ((error as { errcode?: number }).errcode === sqliteConstraintPrimaryKey) throw new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
      throw error;
    }
  }
  // each member pending, with the tree's leaf at its index, checked against the pending rows read back in id order
  // (one array of ids, one blob of leaves). When as many records are pending as there are members (the common case: a
  // batch takes every pending record), the pending table itself is read (a scan, no lookup per member): it holds the
  // members if its ids are theirs, in order. Otherwise the members joined with their pending rows (the batch index
  // keeps a batch's members by id).
  const { pending } = statement("SELECT count(*) AS pending FROM pending_records").get() as { pending: number };
  const takesAll = pending === ordered.length;
  const everyPending = "SELECT json_group_array(record_id) AS ids, CAST(group_concat(leaf, '') AS BLOB) AS leaves FROM (SELECT record_id, leaf FROM pending_records ORDER BY record_id)";
  const membersPending = `SELECT json_group_array(record_id) AS ids, CAST(group_concat(leaf, '') AS BLOB) AS leaves FROM
    (SELECT m.record_id, p.leaf FROM batch_members m CROSS JOIN pending_records p ON p.record_id = m.record_id WHERE m.batch_id = ? ORDER BY m.record_id)`;
  // the first member that is not pending with the tree's leaf at its index, if any
  const firstRefused = (found: { ids: string; leaves: Uint8Array | null }): { recordId: number; leafIndex: number } | null => {
    const ids = JSON.parse(found.ids) as number[];
    const leaves = found.leaves ?? new Uint8Array(0);
    for (let i = 0; i < ordered.length; i++) {
      const member = ordered[i]!;
      if (ids[i] !== member.recordId) return member;
      // leaf k is node 2 leafCount - 2 - k
      const node = (2 * leafCount - 2 - member.leafIndex) * 32;
      for (let b = 0; b < 32; b++) if (leaves[i * 32 + b] !== nodes[node + b]) return member;
    }
    if (ids.length !== ordered.length || leaves.length !== ids.length * 32) throw new StoreError(`Batch ${batchId}'s members do not match its pending records: refusing to keep it.`);
    return null;
  };
  const read = (sql: string, ...values: number[]) => statement(sql).get(...values) as { ids: string; leaves: Uint8Array | null };
  const refused = takesAll ? firstRefused(read(everyPending)) : firstRefused(read(membersPending, batchId));
  if (refused) {
    // the members' own rows say which one is refused (a scan of every pending record only says that they differ)
    throw memberError(statement, (takesAll ? firstRefused(read(membersPending, batchId)) : refused) ?? refused);
  }

  // every member is pending and distinct (one member row per record). A batch that took every pending record has its
  // members counted per signer (what the anchorer checks each signer's window with) from the pending rows' (signer,
  // timestamp) index alone, and the table emptied at once (SQLite drops its pages instead of deleting a million rows
  // one by one); any other, through its member rows.
  if (takesAll) {
    statement("INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) SELECT ?, signer, count(*), max(timestamp) FROM pending_records GROUP BY signer").run(batchId);
    statement("DELETE FROM pending_records").run();
    return;
  }
  statement(
    `INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) SELECT ?1, p.signer, count(*), max(p.timestamp)
     FROM batch_members m CROSS JOIN pending_records p ON p.record_id = m.record_id WHERE m.batch_id = ?1 GROUP BY p.signer`,
  ).run(batchId);
  statement("DELETE FROM pending_records WHERE record_id IN (SELECT record_id FROM batch_members WHERE batch_id = ?)").run(batchId);
}

/** SQLite's extended result code for a PRIMARY KEY constraint failed. */
const sqliteConstraintPrimaryKey = 1555;

/** Why a record could not join the batch, for the error. */
function memberError(statement: (sql: string) => StatementSync, { recordId, leafIndex }: { recordId: number; leafIndex: number }): StoreError {
  const row = statement("SELECT 1 AS pending FROM pending_records WHERE record_id = ?").get(recordId) as { pending: number } | undefined;
  if (!row) return new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
  return new StoreError(`Record ${recordId}'s leaf is not leaf ${leafIndex} of the batch's tree: its proof would not verify.`);
}
