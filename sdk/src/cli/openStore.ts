import { isPostgresUrl } from "../store/postgres/isPostgresUrl.js";
import type { Store } from "../store/Store.js";

/**
 * Opens the store `AIATTEST_DB` names: a `postgres://` or `postgresql://` URL opens the PostgreSQL store (importing
 * `pg` only then), anything else is the SQLite file path (importing `node:sqlite` only then, so other commands
 * do not print Node's experimental-feature warning). With `readOnly` (commands that only read: `status`, `key
 * revoke`), a missing store is refused and an older schema is not migrated: a `StoreError` says so. With `isServer`
 * (`serve --ingest`), a SQLite store inserts records on a writer thread (`hasRecordWriter`); PostgreSQL's client
 * never blocks the event loop anyway.
 *
 * @example
 * const store = await openStore("/var/lib/aiattest/lab.db")
 * const shared = await openStore("postgres://aiattest:secret@db.internal/lab")
 */
export async function openStore(location: string, { readOnly = false, isServer = false }: { readOnly?: boolean | undefined; isServer?: boolean | undefined } = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import("../store/openPostgresStore.js");
    return openPostgresStore({ url: location.trim(), readOnly });
  }
  const { openSqliteStore } = await import("../store/openSqliteStore.js");
  return openSqliteStore({ path: location, readOnly, hasRecordWriter: isServer && location !== ":memory:" });
}
