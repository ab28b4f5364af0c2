import { isPostgresUrl } from "../store/postgres/isPostgresUrl.js";
import type { Store } from "../store/Store.js";

/**
 * Opens the store `AIATTEST_DB` names: a `postgres://` or `postgresql://` URL opens the PostgreSQL store (importing
 * `pg` only then), anything else is the SQLite file path (importing `node:sqlite` only then, so other commands
 * do not print Node's experimental-feature warning).
 *
 * @example
 * const store = await openStore("/var/lib/aiattest/lab.db")
 * const shared = await openStore("postgres://aiattest:secret@db.internal/lab")
 */
export async function openStore(location: string): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import("../store/openPostgresStore.js");
    return openPostgresStore({ url: location.trim() });
  }
  const { openSqliteStore } = await import("../store/openSqliteStore.js");
  return openSqliteStore({ path: location });
}
