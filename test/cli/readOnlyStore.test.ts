// `status` and `key revoke` only read the store: they never create one, nor migrate an older schema.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { status } from "../../sdk/src/cli/commands/status.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { countRevocationImpact } from "../../sdk/src/cli/revocation/countRevocationImpact.js";
import type { CliError } from "../../sdk/src/errors/CliError.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { sqliteMigrations } from "../../sdk/src/store/sqlite/sqliteMigrations.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-read-only-"));
let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: CliError) => error,
  );
const schemaVersionOf = (path: string) => {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare("SELECT version FROM schema_version").get() as { version: number }).version;
  } finally {
    db.close();
  }
};

test("status refuses an empty SQLite file and an older schema, and leaves both as they were", async () => {
  const empty = join(scratch, "empty.db");
  await writeFile(empty, "");
  const none = await failureOf(status({}, { env: { AIATTEST_DB: empty }, cwd: scratch }));
  expect([exitCodeOf(none), none.shortMessage]).toEqual([2, `No store at ${empty}: the file holds no aiattest schema; record something first (this command only reads a store, it never creates one).`]);

  const older = join(scratch, "older.db");
  await (await openSqliteStore({ path: older })).close();
  const db = new DatabaseSync(older);
  db.exec(`UPDATE schema_version SET version = ${sqliteMigrations.length - 1}`);
  db.close();
  const refused = await failureOf(status({}, { env: { AIATTEST_DB: older }, cwd: scratch }));
  expect(exitCodeOf(refused)).toBe(2);
  expect(refused.shortMessage).toBe(`The store at ${older} uses schema version ${sqliteMigrations.length - 1}, older than this aiattest's (${sqliteMigrations.length}).`);
  expect(refused.metaMessages).toContain("This command only reads: run a writing command first (`aiattest anchor`, or a recorder) to upgrade it.");
  expect(schemaVersionOf(older), "not migrated").toBe(sqliteMigrations.length - 1);
});

test("status and key revoke's count on an empty PostgreSQL database: refused or not counted, and no schema is created", async () => {
  const url = await server.createDatabase();
  const refused = await failureOf(status({}, { env: { AIATTEST_DB: url }, cwd: scratch }));
  expect(exitCodeOf(refused)).toBe(2);
  expect(refused.shortMessage).toMatch(/^No store at postgres:\/\/.*: the database holds no aiattest schema; record something first/);
  const impact = await countRevocationImpact({
    db: url,
    client: undefined as never,
    publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    range: { earliest: 0n, latest: 0n },
    chainId: 31337,
    contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    key: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    role: "signer",
    validUntil: 1n,
  });
  expect(impact).toMatchObject({ isCounted: false });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    expect((await admin.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n, "no table created").toBe(0);
  } finally {
    await admin.end();
  }
});
