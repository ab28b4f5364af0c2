import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { StoreError } from "../../errors/StoreError.js";
import { openSqliteStore } from "../openSqliteStore.js";
import { deployment, describeStoreConformance, record } from "../storeConformance.js";
import { SqliteStoreWithRecordWriter } from "./SqliteStoreWithRecordWriter.js";

async function freshPath() {
  return join(await mkdtemp(join(tmpdir(), "aiattest-store-writer-")), "lab.db");
}

describeStoreConformance("SqliteStoreWithRecordWriter", { create: freshPath, open: (path) => openSqliteStore({ path, hasRecordWriter: true }) });

test("records committed on the writer thread are read on the calling thread's connection as soon as the call resolves", async () => {
  const path = await freshPath();
  const store = await openSqliteStore({ path, hasRecordWriter: true });
  expect(store).toBeInstanceOf(SqliteStoreWithRecordWriter);
  await store.bindDeployment(deployment);
  const ids = await store.insertRecords([record(1), record(2)]);
  expect(await store.getRecord(ids[1]!)).toMatchObject({ ...record(2), id: ids[1] });
  const claim = { tokenName: "inference", key: "k-1", requestHash: record(3).leaf };
  const [first] = await store.insertClaimedRecords([{ record: record(3), claim }]);
  expect(await store.getClaimedRecord({ tokenName: "inference", key: "k-1" })).toEqual({ id: first!.id, requestHash: claim.requestHash });
  expect(await store.countPending()).toBe(3);
  await store.close();
});

test("a write the writer thread refuses rejects with a StoreError and keeps nothing of its transaction", async () => {
  const store = await openSqliteStore({ path: await freshPath(), hasRecordWriter: true });
  const broken = { ...record(2), leaf: "0xnot hex" as const };
  await expect(store.insertRecords([record(1), broken])).rejects.toBeInstanceOf(StoreError);
  expect(await store.countPending()).toBe(0);
  // and the thread goes on writing
  expect(await store.insertRecords([record(1)])).toHaveLength(1);
  await store.close();
});

test("an in-memory or read-only store has no writer thread", async () => {
  await expect(openSqliteStore({ path: ":memory:", hasRecordWriter: true })).rejects.toThrow("writer thread");
  const path = await freshPath();
  await (await openSqliteStore({ path })).close();
  await expect(openSqliteStore({ path, readOnly: true, hasRecordWriter: true })).rejects.toThrow("writer thread");
});
