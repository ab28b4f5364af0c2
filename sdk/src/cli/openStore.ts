import type { Store } from "../store/Store.js";

/**
 * Opens the SQLite store at `path`, importing `node:sqlite` only when a command needs it, so other commands
 * do not print Node's experimental-feature warning.
 *
 * @example
 * const store = await openStore("/var/lib/aiattest/lab.db")
 */
export async function openStore(path: string): Promise<Store> {
  const { openSqliteStore } = await import("../store/openSqliteStore.js");
  return openSqliteStore({ path });
}
