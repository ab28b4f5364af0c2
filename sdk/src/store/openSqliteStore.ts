import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { StoreError } from "../errors/StoreError.js";
import { SqliteStore } from "./sqlite/SqliteStore.js";
import { SqliteStoreWithRecordWriter } from "./sqlite/SqliteStoreWithRecordWriter.js";

/** How long a statement waits for another connection's write lock before SQLite reports the store busy. */
const busyTimeoutMs = 30_000;

export type OpenSqliteStoreParameters = {
  /** The database file; created (with its folder) if missing, unless `readOnly`. */
  path: string;
  /**
   * For commands that only read (`status`, `key revoke`): a missing file is refused (never created), and so is a
   * schema older than this SDK's (never migrated: a writing command upgrades it), with a `StoreError` saying so.
   */
  readOnly?: boolean | undefined;
  /**
   * For a server recording outputs (`serve --ingest`): records are inserted on a writer thread with its own
   * connection (`SqliteStoreWithRecordWriter`), so a commit's fsync never stops the event loop. Not for an
   * in-memory store (a second connection would open another database), nor with `readOnly`.
   */
  hasRecordWriter?: boolean | undefined;
};

/**
 * Opens the embedded SQLite store (Node's built-in `node:sqlite`, Node 22.13+), creating it readable by its owner
 * only (0600, and its -wal and -shm files alike; an existing file readable by others, restored from a backup, is
 * made 0600): WAL journal, `synchronous =
 * FULL` (a record is on disk before `record` resolves), a 30 s busy timeout from the moment it opens (a recorder waits while an anchorer writes a large batch; several processes may record into one file at once), a 64 MiB
 * page cache, and the schema migrated to the current version (with `readOnly`, checked instead: never created nor
 * migrated).
 *
 * @throws {StoreError} if this Node has no `node:sqlite`, or the file's schema is newer than this SDK.
 * @example
 * const store = await openSqliteStore({ path: "./aiattest.db" })
 */
export async function openSqliteStore({ path, readOnly = false, hasRecordWriter = false }: OpenSqliteStoreParameters): Promise<SqliteStore> {
  const sqlite = await import("node:sqlite").catch((cause: unknown) => {
    throw new StoreError("This Node.js has no built-in SQLite (node:sqlite).", { cause, metaMessages: ["Run aiattest on Node.js 22.13 or later."] });
  });
  if (readOnly && (path === ":memory:" || !existsSync(path))) throw noStoreError(path);
  if (hasRecordWriter && (readOnly || path === ":memory:")) throw new StoreError("A record writer thread needs a store file it may write (not :memory:, not read-only).");
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
  try {
    if (readOnly) store.checkSchema({ location: path });
    else store.migrate();
    // the writer thread opens the file once it is migrated: it never migrates it itself
    return hasRecordWriter ? await SqliteStoreWithRecordWriter.start(db, { path }) : store;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** What a read-only command says when there is no store to read. */
export function noStoreError(location: string): StoreError {
  return new StoreError(`No store at ${location}: record something first (this command only reads a store, it never creates one).`, {
    metaMessages: ["Check AIATTEST_DB: it must name the store the recorders write."],
  });
}
