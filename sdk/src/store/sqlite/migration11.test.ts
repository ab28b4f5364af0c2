// Migration 11 (the provenance index): records of a version-10 file are kept and reported "not indexed"; a process of
// version 10 still running on the migrated file keeps recording (its records are not indexed either).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hexToBytes, keccak256, toHex } from "viem";
import { expect, test } from "vitest";
import { lookupTagOf } from "../../lookup/lookupTagOf.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { deployment, record } from "../storeConformance.js";
import { sqliteMigrations } from "./sqliteMigrations.js";

/** What a version-10 SqliteStore runs per record (`#insertRecord` at 3f5dac9): the records row, then its pending row. */
function insertAsVersion10(db: DatabaseSync, i: number): void {
  const r = record(i);
  db.exec("BEGIN IMMEDIATE");
  try {
    const row = db
      .prepare(
        `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`,
      )
      .get(
        hexToBytes(r.modelId),
        hexToBytes(r.requestHash),
        hexToBytes(r.responseHash),
        r.timestamp,
        r.encoding,
        hexToBytes(r.responseSalt),
        r.requestSalt === null ? null : hexToBytes(r.requestSalt),
        r.signer,
        hexToBytes(r.signature),
        hexToBytes(r.leaf),
      ) as { id: number };
    db.prepare("INSERT INTO pending_records (record_id, timestamp, signer, model_id, leaf) VALUES (?, ?, ?, ?, ?)").run(row.id, r.timestamp, r.signer, hexToBytes(r.modelId), hexToBytes(r.leaf));
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

test("a version-10 file migrates: its records are kept and not indexed, new ones are indexed, a version-10 writer still records", async () => {
  const path = join(await mkdtemp(join(tmpdir(), "aiattest-migration11-")), "lab.db");
  const old = new DatabaseSync(path);
  old.exec("PRAGMA journal_mode = WAL");
  old.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version (version) VALUES (10);`);
  for (const migration of sqliteMigrations.slice(0, 10)) old.exec(migration);
  old.prepare("INSERT INTO meta (key, value) VALUES ('deployment', ?)").run(JSON.stringify(deployment));
  for (const i of [1, 2, 3]) insertAsVersion10(old, i);

  const store = await openSqliteStore({ path });
  expect((old.prepare("SELECT version FROM schema_version").get() as { version: number }).version).toBe(sqliteMigrations.length);
  expect(await store.countNotIndexed()).toBe(3);
  expect(await store.getRecord(2)).toMatchObject({ ...record(2), id: 2 });
  const secretId = await store.registerLookupSecret(keccak256(toHex("fingerprint")));
  const lookup = { secretId, exact: keccak256(toHex("exact 4")), normalized: keccak256(toHex("normalized 4")) };
  const [id] = await store.insertRecords([{ ...record(4), lookup }]);
  // the version-10 process, still running on the migrated file, inserts as it always did
  insertAsVersion10(old, 5);
  expect(await store.countNotIndexed()).toBe(4);
  expect(await store.countPending()).toBe(5);
  expect(await store.listLookupSecrets()).toEqual([{ id: secretId, fingerprint: keccak256(toHex("fingerprint")), createdAt: expect.any(Number), records: 1 }]);
  const found = await store.findLookupCandidates([lookupTagOf(lookup.exact), lookupTagOf(lookup.normalized)], { perTag: 10 });
  expect(found.map((candidate) => [candidate.recordId, candidate.kind]).sort()).toEqual([
    [id, "exact"],
    [id, "normalized"],
  ]);
  old.close();
  await store.close();
});
