// A batch taken while another process records into the same SQLite file: what was read stays the batch, what
// arrived since stays pending, and a member that left pending in between makes the whole batch roll back.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, test } from "vitest";
import { createMerkleTree } from "../../merkle/createMerkleTree.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { deployment, record } from "../storeConformance.js";

async function freshPath() {
  return join(await mkdtemp(join(tmpdir(), "aiattest-batching-")), "lab.db");
}

/** Two handles on one file, the recorder's and the anchorer's; three records pending, read by the anchorer. */
async function threePendingReadByAnchorer() {
  const path = await freshPath();
  const anchorer = await openSqliteStore({ path });
  await anchorer.bindDeployment(deployment);
  const recorder = await openSqliteStore({ path });
  await recorder.insertRecords([record(1), record(2), record(3)]);
  const pending = await anchorer.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n });
  return { path, anchorer, recorder, pending };
}

describe("batching while another handle records", () => {
  test("a record inserted by another handle between getPendingLeaves and createBatch stays pending and is counted right", async () => {
    const { anchorer, recorder, pending } = await threePendingReadByAnchorer();
    expect(pending.ids).toEqual([1, 2, 3]);
    await recorder.insertRecords([record(4)]);
    const tree = await createMerkleTree(pending.leaves);
    await anchorer.createBatch({ root: tree.root, manifestUri: "x", tree, members: pending.ids.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! })) });
    expect((await anchorer.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n })).ids).toEqual([4]);
    expect(await anchorer.countBatchMembersBySigner(1)).toEqual([{ signer: deployment.publisher, count: 3 }]);
    expect(await anchorer.countUnanchored({ signer: deployment.publisher })).toBe(4);
    await recorder.close();
    await anchorer.close();
  });

  test("a pending row deleted behind the store's back while a record arrives (the count stays the same): the batch still takes its record, and the new record stays pending", async () => {
    const { path, anchorer, recorder, pending } = await threePendingReadByAnchorer();
    await recorder.insertRecords([record(4)]);
    const db = new DatabaseSync(path);
    db.exec("DELETE FROM pending_records WHERE record_id = 3");
    db.close();
    const tree = await createMerkleTree(pending.leaves);
    const { id } = await anchorer.createBatch({ root: tree.root, manifestUri: "x", tree, members: pending.ids.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! })) });
    expect(await anchorer.listRecordIds({ afterId: 0, limit: 10, batchId: id })).toEqual([1, 2, 3]);
    // three pending (1, 2, 4) for three members: record 4 must not be taken for a member and emptied with them
    expect((await anchorer.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n })).ids).toEqual([4]);
    await recorder.close();
    await anchorer.close();
  });
});
