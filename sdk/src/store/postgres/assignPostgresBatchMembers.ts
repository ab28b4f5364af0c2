import type { PoolClient } from "pg";
import { StoreError } from "../../errors/StoreError.js";
import type { CreateBatchParameters } from "../Store.js";

export type AssignPostgresBatchMembersParameters = {
  /** The connection holding the batch's transaction. */
  client: Pick<PoolClient, "query">;
  batchId: number;
  /** The batch's tree, already checked against its root. */
  tree: { nodes: Uint8Array; leafCount: number };
  members: CreateBatchParameters["members"];
};

/**
 * Puts exactly `members` into the batch in one statement: each must be pending and its leaf the tree's leaf at its
 * index (`WHERE batch_id IS NULL AND leaf = …`). Fewer rows changed than members fails the batch, naming the
 * first member (by id) that could not join, with the reasons `assignBatchMembers` gives on SQLite. Runs inside the
 * caller's transaction, which the error rolls back.
 *
 * @throws {StoreError} if a member is missing, already in a batch, listed twice, or not the tree's leaf at its index.
 * @example
 * await assignPostgresBatchMembers({ client, batchId, tree, members: [{ recordId: 7, leafIndex: 0 }] })
 */
export async function assignPostgresBatchMembers({ client, batchId, tree, members }: AssignPostgresBatchMembersParameters): Promise<void> {
  const { nodes, leafCount } = tree;
  const ordered = [...members].sort((a, b) => a.recordId - b.recordId);
  const leaves = Buffer.alloc(ordered.length * 32);
  for (const [position, { recordId, leafIndex }] of ordered.entries()) {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= leafCount) {
      throw new StoreError(`Record ${recordId}'s leaf index ${leafIndex} is outside the batch's tree of ${leafCount} leaves.`);
    }
    if (position > 0 && ordered[position - 1]!.recordId === recordId) throw new StoreError(`Record ${recordId} is missing or already in a batch: refusing to anchor it twice.`);
    // leaf k is node 2 leafCount - 2 - k
    const node = 2 * leafCount - 2 - leafIndex;
    leaves.set(nodes.subarray(node * 32, node * 32 + 32), position * 32);
  }
  const ids = ordered.map((member) => member.recordId);
  const assigned = await client.query(
    `UPDATE records r SET batch_id = $1, leaf_index = m.leaf_index FROM unnest($2::bigint[], $3::integer[]) WITH ORDINALITY AS m(id, leaf_index, position)
     WHERE r.id = m.id AND r.batch_id IS NULL AND r.leaf = substring($4::bytea FROM (m.position::integer - 1) * 32 + 1 FOR 32)`,
    [batchId, ids, ordered.map((member) => member.leafIndex), leaves],
  );
  if (assigned.rowCount === ordered.length) return;
  const failed = await client.query(
    `SELECT m.id, r.batch_id IS NULL AND r.id IS NOT NULL AS is_pending FROM unnest($2::bigint[]) AS m(id) LEFT JOIN records r ON r.id = m.id
     WHERE r.batch_id IS DISTINCT FROM $1 ORDER BY m.id LIMIT 1`,
    [batchId, ids],
  );
  const row = failed.rows[0] as { id: number; is_pending: boolean };
  const member = ordered.find((candidate) => candidate.recordId === row.id)!;
  if (!row.is_pending) throw new StoreError(`Record ${row.id} is missing or already in a batch: refusing to anchor it twice.`);
  throw new StoreError(`Record ${row.id}'s leaf is not leaf ${member.leafIndex} of the batch's tree: its proof would not verify.`);
}
