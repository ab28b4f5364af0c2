import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../../../../test/helpers/startEmbeddedPostgres.js";
import { openPostgresStore } from "../openPostgresStore.js";
import { createMerkleTree } from "../../merkle/createMerkleTree.js";
import { getProof } from "../../merkle/getProof.js";
import { verifyProof } from "../../merkle/verifyProof.js";
import { describeStoreConformance, record } from "../storeConformance.js";
import { advisoryLockKey } from "./PostgresStore.js";
import { postgresMigrations } from "./postgresMigrations.js";

let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreConformance("PostgresStore", { create: () => server.createDatabase(), open: (url) => openPostgresStore({ url }) });

/** Runs `sql` on its own connection to `url`. */
async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("openPostgresStore", () => {
  test("migrates a new database to the current schema version, once, with several processes' stores opening at once", async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url })));
    expect((await query(url, "SELECT version FROM schema_version")).rows).toEqual([{ version: postgresMigrations.length }]);
    for (const store of stores) await store.close();
  });

  test("migrates a database of version 3 (before the provenance index) to the latest: its records are kept, not indexed", async () => {
    const url = await server.createDatabase();
    const previous = 3;
    await query(url, `CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version (version) VALUES (${previous}); ${postgresMigrations.slice(0, previous).join("\n")}`);
    const r = record(1);
    const b = (value: string) => `'\\x${value.slice(2)}'::bytea`;
    await query(
      url,
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at)
       VALUES (${b(r.modelId)}, ${b(r.requestHash)}, ${b(r.responseHash)}, ${r.timestamp}, '${r.encoding}', ${b(r.responseSalt)}, ${b(r.requestSalt!)}, '${r.signer}', ${b(r.signature)}, ${b(r.leaf)}, 0)`,
    );
    const store = await openPostgresStore({ url });
    expect((await query(url, "SELECT version FROM schema_version")).rows).toEqual([{ version: postgresMigrations.length }]);
    expect(await store.getRecord(1)).toMatchObject({ ...r, id: 1 });
    expect(await store.countNotIndexed()).toBe(1);
    expect(await store.listLookupSecrets()).toEqual([]);
    await store.close();
  });

  test("refuses a database written by a newer schema", async () => {
    const url = await server.createDatabase();
    await (await openPostgresStore({ url })).close();
    await query(url, "UPDATE schema_version SET version = 99");
    await expect(openPostgresStore({ url })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [StoreError: The database uses schema version 99, newer than this aiattest (5).

      Upgrade aiattest, or point AIATTEST_DB at another database.]
    `);
  });

  test("a server that cannot be reached or a wrong password: a StoreError naming the database, never the password", async () => {
    const wrong = server.url("postgres").replace(/:[^:@/]+@/, ":not-the-password@");
    const error = await openPostgresStore({ url: wrong }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("StoreError");
    expect((error as Error).message).toMatch(/^Cannot open the PostgreSQL store at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres: password authentication failed for user "postgres"\./);
    expect((error as Error).message).not.toContain("not-the-password");
    const closed = await openPostgresStore({ url: "postgres://u:secret@127.0.0.1:1/lab" }).catch((caught: unknown) => caught);
    expect((closed as Error).message).toMatch(/^Cannot open the PostgreSQL store at postgres:\/\/u@127\.0\.0\.1:1\/lab: connect ECONNREFUSED/);
    expect((closed as Error).message).not.toContain("secret");
  });
});

describe("PostgresStore", () => {
  test("the anchorer lock is a session advisory lock: another process is refused while it is held, and a holder killed with SIGKILL frees it", async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url });
    const key = advisoryLockKey("anchorer");
    // another process, as on another host: its own session
    const probe = (hold: boolean) =>
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import pg from "pg";
           const client = new pg.Client({ connectionString: ${JSON.stringify(url)} });
           await client.connect();
           const { rows } = await client.query("SELECT pg_try_advisory_lock(${key}::bigint) AS taken");
           process.stdout.write(rows[0].taken ? "took" : "refused", () => ${hold ? 'process.kill(process.pid, "SIGKILL")' : "client.end()"});`,
        ],
        { encoding: "utf8", cwd: process.cwd() },
      );
    expect(await store.acquireLock({ name: "anchorer", owner: "a" })).toBe(true);
    expect(probe(false).stdout).toBe("refused");
    await store.releaseLock({ name: "anchorer", owner: "a" });
    const killed = probe(true);
    expect([killed.stdout, killed.signal]).toEqual(["took", "SIGKILL"]);
    // the server sees the killed process's connection close and drops its session's lock (at once on one host)
    let taken = false;
    for (let attempt = 0; attempt < 50 && !taken; attempt++) {
      taken = await store.acquireLock({ name: "anchorer", owner: "b" });
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(taken).toBe(true);
    await store.close();
  });

  test("an acknowledged record survives kill -9 of the process that wrote it", async () => {
    const url = await server.createDatabase();
    const child = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { openPostgresStore } = await import(${JSON.stringify(new URL("../openPostgresStore.ts", import.meta.url).href)});
         const store = await openPostgresStore({ url: ${JSON.stringify(url)} });
         const [id] = await store.insertRecords([{ modelId: "0x${"11".repeat(32)}", requestHash: "0x${"22".repeat(32)}", responseHash: "0x${"33".repeat(32)}",
           timestamp: 1767225601n, encoding: "utf8", responseSalt: "0x${"44".repeat(32)}", requestSalt: null, signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
           signature: "0x${"ab".repeat(65)}", leaf: "0x${"55".repeat(32)}" }]);
         process.stdout.write(String(id), () => process.kill(process.pid, "SIGKILL"));`,
      ],
      { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--import tsx" } },
    );
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toBe("1");
    const store = await openPostgresStore({ url });
    expect(await store.getRecord(1)).toMatchObject({ leaf: `0x${"55".repeat(32)}`, timestamp: 1767225601n, requestSalt: null });
    await store.close();
  });

  test("a record whose insert commits after a batch was taken is pending for the next batch, never skipped", async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url });
    const leaf = (i: number) => `0x${i.toString(16).padStart(64, "0")}` as const;
    const recordOf = (i: number) => ({ modelId: leaf(1), requestHash: leaf(2), responseHash: leaf(3), timestamp: 1_767_225_600n, encoding: "utf8" as const, responseSalt: leaf(4), requestSalt: null, signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const, signature: `0x${"ab".repeat(65)}` as const, leaf: leaf(100 + i) });
    // a slow recorder draws id 1 and has not committed; a fast one commits id 2
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    await slow.query("BEGIN");
    await slow.query(
      "INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, signer, signature, leaf, created_at) VALUES ($1, $1, $1, 1767225600, 'utf8', $1, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', $1, $2, 0)",
      [Buffer.alloc(32, 1), Buffer.from(leaf(101).slice(2), "hex")],
    );
    expect(await store.insertRecords([recordOf(2)])).toEqual([2]);
    const first = await store.getPendingLeaves({ limit: 10, maxTimestamp: 1_767_225_600n });
    expect(first.ids).toEqual([2]);
    await slow.query("COMMIT");
    await slow.end();
    expect((await store.getPendingLeaves({ limit: 10, maxTimestamp: 1_767_225_600n })).ids).toEqual([1, 2]);
    await store.close();
  });

  test("a member's proof is read with its record (across the tree's chunks); a tree chunk missing from the store is a StoreError, not a short proof", async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url });
    // 2,500 leaves: 4,999 nodes in 5 chunks of 1,024, a proof of 11 or 12 nodes reaching into several of them
    const count = 2_500;
    for (let from = 1; from <= count; from += 500) await store.insertRecords(Array.from({ length: 500 }, (_, i) => record(from + i)));
    const tree = await createMerkleTree(Array.from({ length: count }, (_, i) => record(i + 1).leaf));
    const { id } = await store.createBatch({ root: tree.root, manifestUri: "x", tree, members: Array.from({ length: count }, (_, i) => ({ recordId: i + 1, leafIndex: tree.leafIndexOfInput[i]! })) });
    for (const recordId of [1, 777, 1_500, count]) {
      const stored = await store.getRecord(recordId);
      expect(stored).toMatchObject({ batchId: id, leafIndex: tree.leafIndexOfInput[recordId - 1]!, proof: getProof(tree, { index: tree.leafIndexOfInput[recordId - 1]! }) });
      expect(verifyProof({ root: tree.root, leaf: record(recordId).leaf, proof: stored!.proof! })).toBe(true);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DELETE FROM batch_tree_chunks WHERE batch_id = $1 AND chunk = 0", [id]);
    await client.end();
    // every proof ends with a child of the root (node 1 or 2), in chunk 0
    await expect(store.getRecord(1)).rejects.toThrow(/^Batch \d+'s tree is missing nodes of a member's proof in the store \(\d+ of \d+ found\)/);
    await store.close();
  });
});
