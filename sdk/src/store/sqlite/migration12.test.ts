// Migration 12: lookup_keys keyed (tag, kind, record_id). The keys of a version-11 file are kept and found, and a
// version-11 process still running on the migrated file keeps indexing (its insert names the same columns).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hexToBytes, keccak256, toHex } from "viem";
import { expect, test } from "vitest";
import { lookupTagOf } from "../../lookup/lookupTagOf.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { record } from "../storeConformance.js";
import { sqliteMigrations } from "./sqliteMigrations.js";

const keysOf = (i: number) => ({ exact: keccak256(toHex(`exact ${i}`)), normalized: keccak256(toHex(`normalized ${i}`)) });

/** What a version-11 SqliteStore writes to the index for a record (`#insertRecord` at a6c8933). */
function indexAsVersion11(db: DatabaseSync, recordId: number, i: number): void {
  const { exact, normalized } = keysOf(i);
  const insert = db.prepare("INSERT INTO lookup_keys (tag, record_id, kind, mac) VALUES (?, ?, ?, ?)");
  insert.run(lookupTagOf(exact), recordId, 0, null);
  insert.run(lookupTagOf(normalized), recordId, 1, hexToBytes(normalized));
}

test("a version-11 file migrates with its lookup keys, and a version-11 writer still indexes", async () => {
  const path = join(await mkdtemp(join(tmpdir(), "aiattest-migration12-")), "lab.db");
  const seeded = await openSqliteStore({ path });
  const secretId = await seeded.registerLookupSecret(keccak256(toHex("fingerprint")));
  const ids = await seeded.insertRecords([1, 2, 3].map((i) => ({ ...record(i), lookup: { secretId, ...keysOf(i) } })));
  await seeded.close();
  // back to version 11: the table as migration 11 made it, holding the same rows
  const old = new DatabaseSync(path);
  old.exec(`
    CREATE TABLE lookup_keys_11 (tag INTEGER NOT NULL, record_id INTEGER NOT NULL, kind INTEGER NOT NULL CHECK (kind IN (0, 1)), mac BLOB CHECK (mac IS NULL OR length(mac) = 32), PRIMARY KEY (tag, record_id, kind)) STRICT, WITHOUT ROWID;
    INSERT INTO lookup_keys_11 SELECT tag, record_id, kind, mac FROM lookup_keys;
    DROP TABLE lookup_keys;
    ALTER TABLE lookup_keys_11 RENAME TO lookup_keys;
    UPDATE schema_version SET version = 11;
  `);

  const store = await openSqliteStore({ path });
  expect((old.prepare("SELECT version FROM schema_version").get() as { version: number }).version).toBe(sqliteMigrations.length);
  const primaryKey = old.prepare("SELECT name FROM pragma_index_info((SELECT name FROM pragma_index_list('lookup_keys') WHERE origin = 'pk'))").all() as { name: string }[];
  expect(primaryKey.map(({ name }) => name)).toEqual(["tag", "kind", "record_id"]);
  // a record indexed by the version-11 process after the migration
  const [fourth] = await store.insertRecords([{ ...record(4), lookup: undefined }]);
  indexAsVersion11(old, fourth!, 4);
  for (const [i, id] of [...ids, fourth!].entries()) {
    const { exact, normalized } = keysOf(i + 1);
    const found = await store.findLookupCandidates([lookupTagOf(exact), lookupTagOf(normalized)], { perTag: 5 });
    const rows = found.map((candidate) => [candidate.recordId, candidate.kind, candidate.mac]);
    expect(rows.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [id, "exact", null],
      [id, "normalized", normalized],
    ]);
  }
  old.close();
  await store.close();
});
