import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { StoreError } from "../errors/StoreError.js";
import { SqliteStore } from "./sqlite/SqliteStore.js";

/** How long a statement waits for another connection's write lock before SQLite reports the store busy. */
const busyTimeoutMs = 30_000;

export type OpenSqliteStoreParameters = {
  /** The database file; created (with its folder) if missing. */
  path: string;
};

/**
 * Opens the embedded SQLite store (Node's built-in `node:sqlite`, Node 22.13+), creating it readable by its owner
 * only (0600, and its -wal and -shm files alike; an existing file readable by others, restored from a backup, is
 * made 0600): WAL journal, `synchronous =
 * FULL` (a record is on disk before `record` resolves), a 30 s busy timeout from the moment it opens (a recorder waits while an anchorer writes a large batch; several processes may record into one file at once), a 64 MiB
 * page cache, and the schema migrated to the current version.
 *
 * @throws {StoreError} if this Node has no `node:sqlite`, or the file's schema is newer than this SDK.
 * @example
 * const store = await openSqliteStore({ path: "./aiattest.db" })
 */
export async function openSqliteStore({ path }: OpenSqliteStoreParameters): Promise<SqliteStore> {
  const sqlite = await import("node:sqlite").catch((cause: unknown) => {
    throw new StoreError("This Node.js has no built-in SQLite (node:sqlite).", { cause, metaMessages: ["Run aiattest on Node.js 22.13 or later."] });
  });
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // the store holds every output's salts (a short text can be brute-forced from its hash and salt): readable by its
    // owner only. SQLite gives the -wal and -shm files the database file's mode.
    if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
    // and one restored from a backup, or made by an older aiattest, is brought back to that
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file) && statSync(file).mode & 0o077) chmodSync(file, 0o600);
  }
  // the busy timeout is set as the connection opens, before its first statement: switching a new file to WAL, or
  // reading one while the last connection of another process checkpoints it away, is answered "busy" otherwise
  const db = new sqlite.DatabaseSync(path, { timeout: busyTimeoutMs });
  // a 64 MiB page cache: batching a million records updates a million rows in one transaction
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;");
  const store = new SqliteStore(db, { path });
  store.migrate();
  return store;
}
