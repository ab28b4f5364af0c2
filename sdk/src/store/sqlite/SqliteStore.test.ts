import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { chmodSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hexToBytes, keccak256 } from "viem";
import { describe, expect, test } from "vitest";
import { StoreError } from "../../errors/StoreError.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { deployment, describeStoreConformance, record } from "../storeConformance.js";
import { SqliteStore } from "./SqliteStore.js";
import { sqliteMigrations } from "./sqliteMigrations.js";


async function freshPath() {
  return join(await mkdtemp(join(tmpdir(), "aiattest-store-")), "lab.db");
}


describe("openSqliteStore", () => {
  test("creates a WAL database with synchronous = FULL at the current schema version", async () => {
    const path = await freshPath();
    await (await openSqliteStore({ path })).close();
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(db.prepare("SELECT version FROM schema_version").get()).toEqual({ version: sqliteMigrations.length });
    db.close();
    const reopened = await openSqliteStore({ path });
    expect(await reopened.countPending()).toBe(0);
    await reopened.close();
  });

  test("migrating a version 1 database keeps the transaction of each sent or anchored batch as one it sent", async () => {
    const path = await freshPath();
    const db = new DatabaseSync(path);
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version (version) VALUES (1);");
    db.exec(sqliteMigrations[0]!);
    const insert = db.prepare("INSERT INTO batches (root, count, status, manifest_uri, tx_hash, nonce, created_at, updated_at) VALUES (?, 1, ?, 'x', ?, ?, 0, 0)");
    insert.run(hexToBytes(keccak256("0x01")), "anchored", hexToBytes(keccak256("0x11")), 4);
    insert.run(hexToBytes(keccak256("0x02")), "sent", hexToBytes(keccak256("0x12")), 5);
    insert.run(hexToBytes(keccak256("0x03")), "built", null, null);
    db.close();
    const store = await openSqliteStore({ path });
    expect([await store.getBatchTransactions(1), await store.getBatchTransactions(2), await store.getBatchTransactions(3)]).toEqual([[keccak256("0x11")], [keccak256("0x12")], []]);
    await store.close();
  });

  test("creates the store, its -wal and its -shm readable by the owner only (they hold every output's salts)", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "aiattest-store-")), "nested", "lab.db");
    const store = await openSqliteStore({ path });
    await store.bindDeployment(deployment);
    await store.insertRecords([record(1)]);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
    expect((statSync(dirname(path)).mode & 0o777).toString(8)).toBe("700");
    await store.close();
  });

  test("refuses a database written by a newer schema", async () => {
    const path = await freshPath();
    await (await openSqliteStore({ path })).close();
    const db = new DatabaseSync(path);
    db.exec("UPDATE schema_version SET version = 99");
    db.close();
    await expect(openSqliteStore({ path })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [StoreError: The database uses schema version 99, newer than this aiattest (12).

      Upgrade aiattest, or point AIATTEST_DB at another file.]
    `);
  });
});

describeStoreConformance("SqliteStore", { create: freshPath, open: (path) => openSqliteStore({ path }) });

describe("SqliteStore", () => {
  test("an acknowledged record survives kill -9 of the process that wrote it", async () => {
    const path = await freshPath();
    const child = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DatabaseSync } from "node:sqlite";
         const { openSqliteStore } = await import(${JSON.stringify(new URL("../openSqliteStore.ts", import.meta.url).href)});
         const store = await openSqliteStore({ path: ${JSON.stringify(path)} });
         const [id] = await store.insertRecords([${JSON.stringify({ ...record(1), timestamp: "T" }).replace('"T"', "1767225601n")}]);
         process.stdout.write(String(id), () => process.kill(process.pid, "SIGKILL"));`,
      ],
      { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--import tsx" } },
    );
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toBe("1");
    const store = await openSqliteStore({ path });
    expect(await store.getRecord(1)).toMatchObject({ leaf: record(1).leaf });
    await store.close();
  });

  test("a store restored readable by others is made readable by its owner only when opened", async () => {
    const path = await freshPath();
    await (await openSqliteStore({ path })).close();
    chmodSync(path, 0o644);
    const store = await openSqliteStore({ path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.close();
  });

  test("the anchorer lock is a file lock beside the store: one holder, in this process or another, freed when the holder closes or dies", async () => {
    const path = await freshPath();
    const store = await openSqliteStore({ path });
    const other = await openSqliteStore({ path });
    expect(await store.acquireLock({ name: "anchorer", owner: "a" })).toBe(true);
    expect(await store.acquireLock({ name: "anchorer", owner: "a" })).toBe(true);
    expect(await store.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
    expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
    expect(statSync(`${path}-anchorer.lock`).mode & 0o777).toBe(0o600);
    // another process is refused while this one holds it
    const probe = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(${JSON.stringify(`${path}-anchorer.lock`)}); db.exec("PRAGMA busy_timeout = 0"); try { db.exec("BEGIN EXCLUSIVE"); process.stdout.write("took"); } catch { process.stdout.write("refused"); }`;
    expect(spawnSync(process.execPath, ["--no-warnings", "-e", probe], { encoding: "utf8" }).stdout).toBe("refused");
    await store.releaseLock({ name: "anchorer", owner: "b" });
    expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(false);
    await store.releaseLock({ name: "anchorer", owner: "a" });
    expect(await other.acquireLock({ name: "anchorer", owner: "b" })).toBe(true);
    await other.close();
    expect(spawnSync(process.execPath, ["--no-warnings", "-e", probe], { encoding: "utf8" }).stdout).toBe("took");

    // a holder killed with SIGKILL frees it: the kernel drops its lock with the process
    const holder = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(${JSON.stringify(`${path}-anchorer.lock`)}); db.exec("BEGIN EXCLUSIVE"); process.kill(process.pid, "SIGKILL");`;
    expect(spawnSync(process.execPath, ["--no-warnings", "-e", holder]).signal).toBe("SIGKILL");
    expect(await store.acquireLock({ name: "anchorer", owner: "c" })).toBe(true);
    await store.close();
  });

  test("the generation moves with every commit: this connection's, another connection's, another process's; never otherwise, and never equal across stores", async () => {
    const path = await freshPath();
    const store = await openSqliteStore({ path });
    await store.bindDeployment(deployment);
    const [id] = await store.insertRecords([record(1)]);
    const first = await store.getGeneration();
    expect(await store.getGeneration()).toBe(first);
    expect(await store.getRecordWithGeneration(id!)).toEqual({ record: await store.getRecord(id!), generation: first });
    expect((await store.getRecordWithGeneration(99)).generation).toBe(first);

    // this connection's own commit (SQLite's data_version leaves it out)
    await store.revokeToken("none"); // changes no row: nothing changed
    expect(await store.getGeneration()).toBe(first);
    await store.putModel({ modelId: record(1).modelId, publisher: deployment.publisher, name: "m", version: "1" });
    const afterOwn = await store.getGeneration();
    expect(afterOwn).not.toBe(first);
    expect((await store.getRecordWithGeneration(id!)).generation).toBe(afterOwn);

    // another connection of this process
    const other = await openSqliteStore({ path });
    expect(await other.getGeneration()).not.toBe(afterOwn);
    await other.insertRecords([record(2)]);
    const afterOther = await store.getGeneration();
    expect(afterOther).not.toBe(afterOwn);
    await other.close();

    // another process
    const write = `const { DatabaseSync } = require("node:sqlite"); new DatabaseSync(${JSON.stringify(path)}).exec("UPDATE records SET created_at = created_at + 1 WHERE id = 1");`;
    expect(spawnSync(process.execPath, ["--no-warnings", "-e", write]).status).toBe(0);
    const afterProcess = await store.getGeneration();
    expect(afterProcess).not.toBe(afterOther);
    expect((await store.getRecordWithGeneration(id!)).generation).toBe(afterProcess);
    expect(await store.getGeneration()).toBe(afterProcess);
    await store.close();
  });

  test("a full disk fails the write with SQLite's own reason, keeps nothing of it, and leaves the store usable", async () => {
    const path = await freshPath();
    await (await openSqliteStore({ path })).close();
    // a page limit stands in for a full disk here (SQLite answers both with SQLITE_FULL); the e2e test fills a real tmpfs
    const db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    const pages = (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const store = new SqliteStore(db, { path });
    await store.insertRecords([record(1)]);
    const error = await store.insertRecords(Array.from({ length: 2000 }, (_, i) => record(10 + i))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain("The store's disk is full: database or disk is full. Nothing of this write was kept.");
    expect(db.isTransaction).toBe(false);
    expect(await store.countPending()).toBe(1);
    await store.insertRecords([record(2)]);
    expect(await store.countPending()).toBe(2);
    await store.close();
  });
});
