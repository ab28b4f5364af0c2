// Migration 10 (pending_records.model_id) against a process of the previous version still running on the same file:
// its inserts, as that version issues them (no model), must still commit, and their model must be filled in for the
// anchorer's screening of retired models.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hexToBytes, keccak256, toHex, zeroHash } from "viem";
import { expect, test } from "vitest";
import { openSqliteStore } from "../openSqliteStore.js";
import { sqliteMigrations } from "./sqliteMigrations.js";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;
const modelId = keccak256(toHex("model"));

/** What a version-9 SqliteStore runs per record (`#insertRecord` at d154ea4): the records row, then its pending row. */
function insertAsVersion9(db: DatabaseSync, i: number): void {
  const leaf = hexToBytes(keccak256(toHex(`leaf ${i}`)));
  const timestamp = 1_767_225_600 + i;
  db.exec("BEGIN IMMEDIATE");
  try {
    const row = db
      .prepare(
        `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at)
         VALUES (?, ?, ?, ?, 'utf8', ?, NULL, ?, ?, ?, 0) RETURNING id`,
      )
      .get(hexToBytes(modelId), hexToBytes(zeroHash), hexToBytes(keccak256(toHex(`response ${i}`))), timestamp, hexToBytes(keccak256(toHex(`salt ${i}`))), deployment.publisher, hexToBytes(`0x${"ab".repeat(64)}1b`), leaf) as {
      id: number;
    };
    db.prepare("INSERT INTO pending_records (record_id, timestamp, signer, leaf) VALUES (?, ?, ?, ?)").run(row.id, timestamp, deployment.publisher, leaf);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

test("a recorder of version 9 still running on the file keeps recording after another process migrates it to version 10", async () => {
  const path = join(await mkdtemp(join(tmpdir(), "aiattest-migration10-")), "lab.db");
  // the store as version 9 wrote it, held open by a version-9 recorder (serve --ingest, say) that records one output
  const old = new DatabaseSync(path);
  old.exec("PRAGMA journal_mode = WAL");
  old.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version (version) VALUES (9);`);
  for (const migration of sqliteMigrations.slice(0, 9)) old.exec(migration);
  old.prepare("INSERT INTO meta (key, value) VALUES ('deployment', ?)").run(JSON.stringify(deployment));
  insertAsVersion9(old, 1);

  // the lab upgrades aiattest; the next `aiattest anchor` (cron) opens the file and migrates it
  const store = await openSqliteStore({ path });
  expect(await store.countPending()).toBe(1);

  // the recorder started before the upgrade goes on recording, and its pending rows get their record's model
  expect(() => insertAsVersion9(old, 2)).not.toThrow();
  expect(await store.countPending()).toBe(2);
  expect(await store.countPendingByModel()).toEqual([{ modelId, count: 2 }]);
  const retiredAfterFirst = { modelId, retiredAt: 1_767_225_602n };
  expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: 2n ** 40n, excludeModels: [retiredAfterFirst] })).ids).toEqual([1]);
  old.close();
  await store.close();
});
