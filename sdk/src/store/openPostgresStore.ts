import { StoreError } from "../errors/StoreError.js";
import type { Store } from "./Store.js";
import { describeStoreLocation } from "./postgres/describeStoreLocation.js";
import { PostgresStore } from "./postgres/PostgresStore.js";

/** Pooled connections per process: a recorder writes one transaction at a time, the anchorer a few. */
const poolSize = 4;
/** TCP keepalive on every connection: a peer gone without a FIN (a partitioned host) is found dead in minutes. */
const keepAliveInitialDelayMs = 10_000;
/** How long to wait for the server to accept a connection. */
const connectTimeoutMs = 10_000;
/** PostgreSQL's type oid of `bigint` (int8): read as a JavaScript number (ids, times, blocks and counts stay below 2^53). */
const int8Oid = 20;

export type OpenPostgresStoreParameters = {
  /** `postgres://user:password@host:port/database` (or `postgresql://`), with libpq's query options (`sslmode`, …). */
  url: string;
  /**
   * For commands that only read (`status`, `key revoke`): a database without the schema is refused (never
   * created), and so is a schema older than this SDK's (never migrated), with a `StoreError` saying so.
   */
  readOnly?: boolean | undefined;
};

/**
 * Opens the PostgreSQL store: a pool of `pg` connections (pure JavaScript, imported only here, so SQLite users
 * never load it) with TCP keepalive, the schema migrated to the current version under an advisory lock.
 * One database holds one deployment, as one SQLite file does.
 *
 * @throws {StoreError} if the server cannot be reached or refuses the login, or the schema is newer than this SDK.
 * @example
 * const store = await openPostgresStore({ url: "postgres://aiattest:secret@127.0.0.1:5432/lab" })
 */
export async function openPostgresStore({ url, readOnly = false }: OpenPostgresStoreParameters): Promise<Store> {
  const { default: pg } = await import("pg");
  const int8 = (value: string) => Number(value);
  const types = { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === int8Oid && format !== "binary" ? int8 : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
  const config = { connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: keepAliveInitialDelayMs, connectionTimeoutMillis: connectTimeoutMs, types };
  const pool = new pg.Pool({ ...config, max: poolSize });
  // an idle pooled connection the server closed is dropped by the pool; without a listener it would crash the process
  pool.on("error", () => undefined);
  const store = new PostgresStore(pool, { connectLockClient: () => new pg.Client(config) });
  try {
    if (readOnly) await store.checkSchema({ location: describeStoreLocation(url) });
    else await store.migrate();
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot open the PostgreSQL store at ${describeStoreLocation(url)}: ${(error as Error).message}.`, {
      cause: error,
      metaMessages: ["Check AIATTEST_DB (host, port, database, user and password) and that the server is running."],
    });
  }
  return store;
}
