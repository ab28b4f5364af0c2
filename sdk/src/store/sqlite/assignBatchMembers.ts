import type { StatementSync } from "node:sqlite";
import { type Hex, bytesToHex, hexToBytes } from "viem";
import { StoreError } from "../../errors/StoreError.js";

export type AssignBatchMembersParameters = {
  /** The store's prepared-statement cache. */
  statement: (sql: string) => StatementSync;
  batchId: number;
  /** The batch's tree, already checked against its root. */
  tree: { nodes: Uint8Array; leafCount: number };
  members: readonly { recordId: number; leafIndex: number }[];
  /**
   * Pending records as this store last read them (`getPendingLeaves`: ids ascending, 32-byte leaves), if kept: members
   * all among them are checked against these in memory, not read again (see below).
   */
  lastRead?: { ids: readonly number[]; leaves: Uint8Array } | undefined;
};

/**
 * Puts pending records into a batch, inside the caller's transaction: each gets a `batch_members` row (its batch
 * and leaf index) if it is pending and its leaf is the tree's leaf at that index (else a proof derived for it
 * would not verify), and stops being pending; the batch's members are then counted per signer (`batch_signers`) and
 * per model (`batch_models`).
 * Rows are written in id order: appended to both narrow tables' pages. The checks are made once for the whole
 * batch, after the rows are written, against the store's last read of its pending records when the members are all
 * in it, else against one read of the members' pending rows, compared here with the tree: a million checked one
 * row at a time cost twice the writing.
 *
 * @throws {StoreError} if a member is missing, already in a batch, or not the tree's leaf at its index (the caller's
 * transaction then rolls back).
 * @example
 * assignBatchMembers({ statement, batchId, tree, members: [{ recordId: 7, leafIndex: 0 }] })
 */
export function assignBatchMembers({ statement, batchId, tree, members, lastRead }: AssignBatchMembersParameters): void {
  const { leafCount } = tree;
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
  // each member pending, with the tree's leaf at its index. Every record is either pending or a member (the store's
  // own writes keep it so), a record's leaf never changes, and the member rows above were all new: so a member that
  // was pending when this store last read it is pending now, with the leaf it read. Members all among that read are
  // checked against it in memory; any other, against their pending rows read back in id order (one array of ids,
  // one blob of leaves; the batch index keeps a batch's members by id).
  if (!(lastRead && matchesRead(ordered, lastRead, tree))) {
    const found = statement(
      `SELECT json_group_array(record_id) AS ids, CAST(group_concat(leaf, '') AS BLOB) AS leaves FROM
       (SELECT m.record_id, p.leaf FROM batch_members m CROSS JOIN pending_records p ON p.record_id = m.record_id WHERE m.batch_id = ? ORDER BY m.record_id)`,
    ).get(batchId) as { ids: string; leaves: Uint8Array | null };
    const refused = firstRefused(ordered, { ids: JSON.parse(found.ids) as number[], leaves: found.leaves ?? new Uint8Array(0) }, tree);
    if (refused) throw memberError(statement, refused);
  }
  // a batch that took every pending record (the pending ids, read here, are exactly the members': never assumed, as a
  // row deleted behind the store's back would make a record inserted since look like a member) has its members
  // counted per signer and per model (what the anchorer checks each signer's window and each model's retirement with)
  // from the pending rows' (signer, timestamp) and (model, timestamp) indexes alone, and the table emptied at once
  // (SQLite drops its pages instead of deleting a million rows one by one); any other, through its member rows
  const { pending } = statement("SELECT count(*) AS pending FROM pending_records").get() as { pending: number };
  if (pending === ordered.length && isEveryPending(statement, ordered)) {
    statement("INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) SELECT ?, signer, count(*), max(timestamp) FROM pending_records GROUP BY signer").run(batchId);
    statement("INSERT INTO batch_models (batch_id, model_id, members, last_timestamp) SELECT ?, model_id, count(*), max(timestamp) FROM pending_records GROUP BY model_id").run(batchId);
    statement("DELETE FROM pending_records").run();
    return;
  }
  countMembers(statement, batchId);
  statement("DELETE FROM pending_records WHERE record_id IN (SELECT record_id FROM batch_members WHERE batch_id = ?)").run(batchId);
}

/**
 * Counts the batch's members per signer and per model, inside the caller's transaction, from one pass over its member
 * rows and their pending rows grouped by both (a few groups), not one join of a million rows per count.
 */
function countMembers(statement: (sql: string) => StatementSync, batchId: number): void {
  const groups = statement(
    `SELECT p.signer, p.model_id, count(*) AS members, max(p.timestamp) AS last_timestamp
     FROM batch_members m CROSS JOIN pending_records p ON p.record_id = m.record_id WHERE m.batch_id = ? GROUP BY p.signer, p.model_id`,
  ).all(batchId) as ({ signer: string; model_id: Uint8Array } & MemberGroup)[];
  const bySigner = new Map<string, MemberGroup>();
  const byModel = new Map<Hex, MemberGroup>();
  for (const group of groups) {
    addGroup(bySigner, group.signer, group);
    addGroup(byModel, bytesToHex(group.model_id), group);
  }
  const signerRow = statement("INSERT INTO batch_signers (batch_id, signer, members, last_timestamp) VALUES (?, ?, ?, ?)");
  for (const [signer, { members, last_timestamp }] of bySigner) signerRow.run(batchId, signer, members, last_timestamp);
  const modelRow = statement("INSERT INTO batch_models (batch_id, model_id, members, last_timestamp) VALUES (?, ?, ?, ?)");
  for (const [modelId, { members, last_timestamp }] of byModel) modelRow.run(batchId, hexToBytes(modelId), members, last_timestamp);
}

/** Members counted, and the latest time one of them claims. */
type MemberGroup = { members: number; last_timestamp: number };

/** Adds `group` to the count kept under `key`. */
function addGroup<key>(counts: Map<key, MemberGroup>, key: key, group: MemberGroup): void {
  const seen = counts.get(key);
  counts.set(key, { members: (seen?.members ?? 0) + group.members, last_timestamp: Math.max(seen?.last_timestamp ?? group.last_timestamp, group.last_timestamp) });
}

/**
 * The first member (in id order) that is not the record at the same place of `found` (ids ascending, one leaf each)
 * with the tree's leaf at its index, if any.
 */
function firstRefused(ordered: readonly Member[], found: { ids: readonly number[]; leaves: Uint8Array }, { nodes, leafCount }: { nodes: Uint8Array; leafCount: number }): Member | null {
  for (let i = 0; i < ordered.length; i++) {
    const member = ordered[i]!;
    if (found.ids[i] !== member.recordId || !isTreeLeaf(found.leaves, i, nodes, leafCount, member.leafIndex)) return member;
  }
  return null;
}

/** Whether every member is in `read` (ids ascending) with the tree's leaf at its index. */
function matchesRead(ordered: readonly Member[], read: { ids: readonly number[]; leaves: Uint8Array }, { nodes, leafCount }: { nodes: Uint8Array; leafCount: number }): boolean {
  if (read.leaves.length !== read.ids.length * 32) return false;
  for (let i = 0, j = 0; i < ordered.length; i++, j++) {
    const member = ordered[i]!;
    while (j < read.ids.length && read.ids[j]! < member.recordId) j++;
    if (read.ids[j] !== member.recordId || !isTreeLeaf(read.leaves, j, nodes, leafCount, member.leafIndex)) return false;
  }
  return true;
}

/** Whether leaf `i` of `leaves` is the tree's leaf `leafIndex` (node `2 leafCount - 2 - leafIndex`). */
function isTreeLeaf(leaves: Uint8Array, i: number, nodes: Uint8Array, leafCount: number, leafIndex: number): boolean {
  if (leaves.length < (i + 1) * 32) return false;
  const node = (2 * leafCount - 2 - leafIndex) * 32;
  for (let b = 0; b < 32; b++) if (leaves[i * 32 + b] !== nodes[node + b]) return false;
  return true;
}

type Member = { recordId: number; leafIndex: number };

/** Whether the pending records are exactly `ordered` (ids ascending): their ids alone, read in one row. */
function isEveryPending(statement: (sql: string) => StatementSync, ordered: readonly Member[]): boolean {
  const { ids } = statement("SELECT json_group_array(record_id) AS ids FROM (SELECT record_id FROM pending_records ORDER BY record_id)").get() as { ids: string };
  const pending = JSON.parse(ids) as number[];
  return pending.length === ordered.length && ordered.every((member, i) => pending[i] === member.recordId);
}

/** SQLite's extended result code for a PRIMARY KEY constraint failed. */
const sqliteConstraintPrimaryKey = 1555;

/** Why a record could not join the batch, for the error. */
function memberError(statement: (sql: string) => StatementSync, { recordId, leafIndex }: { recordId: number; leafIndex: number }): StoreError {
  const row = statement("SELECT 1 AS pending FROM pending_records WHERE record_id = ?").get(recordId) as { pending: number } | undefined;
  if (!row) return new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
  return new StoreError(`Record ${recordId}'s leaf is not leaf ${leafIndex} of the batch's tree: its proof would not verify.`);
}
