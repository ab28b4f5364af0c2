// The provenance index under a corpus (issue 12, "Performance"): an index of N records generated straight into a store
// (no signing, no chain: real salted response hashes of generated texts, real lookup keys under a fixed bench secret,
// through the store's own insertRecords, 50,000 records a transaction), then a corpus of M samples (10% exact outputs,
// 5% normalized variants, 85% foreign lines) looked up by the real `aiattest lookup` in its own process.
// Every match it writes must be exactly a planted one, and every planted one must be found: the run fails otherwise.
// Target: >= 1,000,000 samples per minute against 10,000,000 records, on SQLite and on PostgreSQL.
// The generated records carry random signatures and leaves (nothing here verifies or anchors them): they are
// index rows for the lookup to search and confirm, not outputs to prove.
// Run: npm run bench:lookup [-- --records 10000000] [--samples 1000000] [--stores sqlite,postgres] [--cpu-prof <dir>]
//   [--keep <dir>]: the SQLite index is built into <dir> once and kept; a later run with the same --records and
//   --samples reuses it (its build figures are the first run's), to measure the lookup again without a rebuild.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { type Hash, keccak256, toHex, zeroHash } from "viem";
import { encodeContent, hashEncodedContent } from "../../sdk/src/hashing/hashContent.js";
import { loadMerkleHasher } from "../../sdk/src/hashing/loadMerkleHasher.js";
import { lookupKeysOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { lookupTagOf } from "../../sdk/src/lookup/lookupTagOf.js";
import { openStore } from "../../sdk/src/cli/openStore.js";
import type { NewRecord, Store } from "../../sdk/src/store/Store.js";
import { mulberry32 } from "../../test/helpers/mulberry32.js";
import { startEmbeddedPostgres } from "../../test/helpers/startEmbeddedPostgres.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "10000000" },
    samples: { type: "string", default: "1000000" },
    stores: { type: "string", default: "sqlite,postgres" },
    "cpu-prof": { type: "string" },
    keep: { type: "string" },
  },
});
const recordCount = Number(values.records);
const sampleCount = Number(values.samples);
const stores = values.stores.split(",");
if (!Number.isSafeInteger(recordCount) || recordCount < 1) throw new Error(`--records must be a positive integer (got ${values.records})`);
if (!Number.isSafeInteger(sampleCount) || sampleCount < 1) throw new Error(`--samples must be a positive integer (got ${values.samples})`);
for (const kind of stores) if (kind !== "sqlite" && kind !== "postgres") throw new Error(`--stores takes sqlite and/or postgres (got "${kind}")`);
// 10% exact copies and 5% normalized variants of distinct records; the rest foreign
const plantedCount = Math.round(sampleCount * 0.15);
if (plantedCount > recordCount) throw new Error(`--samples ${sampleCount} plants ${plantedCount} outputs: --records must be at least that many`);

/** A fixed bench secret (never a lab's): the index is keyed with it and the lookup is given it. */
const lookupSecret = keccak256(toHex("aiattest bench lookup secret"));
const modelId = keccak256(toHex("bench lookup model"));
const publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const signer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const recordsPerTransaction = 50_000;
const days90 = 90 * 86_400;
const firstTimestamp = Math.floor(Date.now() / 1000) - days90;
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-lookup-"));
const require = createRequire(import.meta.url);
const cli = fileURLToPath(new URL("../../sdk/src/cli/cli.ts", import.meta.url));

// --- generated texts: deterministic per index, so the corpus can re-derive the records' texts ---

const words = (
  "the a model answer result value system data report summary analysis of in to and for with on by from " +
  "Paris river market budget energy policy network signal protein engine harbor garden theory quarterly revenue " +
  "increase decline stable estimate forecast measured observed consistent significant approximately between " +
  "during after before however therefore because although while customers patients students researchers"
).split(" ");


function sentenceOf(random: () => number): string {
  const length = 18 + Math.floor(random() * 30);
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(words[Math.floor(random() * words.length)]!);
  parts[0] = parts[0]![0]!.toUpperCase() + parts[0]!.slice(1);
  return parts.join(" ");
}

/** Record `index`'s response: single-spaced (already normalized), unique by its "(note N)". */
const recordTextOf = (index: number) => `${sentenceOf(mulberry32(index * 2 + 1))} (note ${index}).`;
/** A foreign line: the same vocabulary, never a record's text (no "(note"). */
const foreignTextOf = (index: number) => `${sentenceOf(mulberry32(index * 2 + 2 + 2 ** 31))}.`;
/** A normalized-only variant: two spaces for the first, a trailing tab (equal after normalization, not as bytes). */
const variantOf = (text: string) => `${text.replace(" ", "  ")}\t`;
/** The corpus's escape convention (`aiattest lookup` reads `\n`, `\r`, `\t`, `\\`). */
const escapeLine = (text: string) => text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\r", "\\r").replaceAll("\t", "\\t");
/** The record index of planted sample `k`: spread evenly over the index. Every third is a normalized variant. */
const plantedIndexOf = (k: number) => Math.floor((k * recordCount) / plantedCount);
const plantedKindOf = (k: number) => (k % 3 === 2 ? "normalized" : "exact");

function recordOf(index: number, secretId: number, salt: Hash, signature: `0x${string}`, leaf: Hash): NewRecord {
  const text = recordTextOf(index);
  const bytes = encodeContent({ content: text, encoding: "utf8" });
  return {
    modelId,
    requestHash: zeroHash,
    responseHash: hashEncodedContent({ salt, bytes, encoding: "utf8" }),
    timestamp: BigInt(firstTimestamp + Math.floor((index * days90) / recordCount)),
    encoding: "utf8",
    responseSalt: salt,
    requestSalt: null,
    signer,
    signature,
    leaf,
    lookup: { secretId, ...lookupKeysOf({ secret: lookupSecret, bytes, text }) },
  };
}

// --- the index ---

type Sizes = { total: number; lookup: number; records: number };

async function sizesOf(db: string, kind: string): Promise<Sizes> {
  if (kind === "postgres") {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT pg_database_size(current_database())::text AS total,
           (pg_total_relation_size('lookup_keys') + pg_total_relation_size('lookup_secrets'))::text AS lookup,
           pg_total_relation_size('records')::text AS records`,
      );
      return { total: Number(rows[0].total), lookup: Number(rows[0].lookup), records: Number(rows[0].records) };
    } finally {
      await client.end();
    }
  }
  const fileSize = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;
  const total = (await fileSize(db)) + (await fileSize(`${db}-wal`));
  // pages per table, its indexes included (dbstat): lookup_keys is WITHOUT ROWID, its primary key is the table
  const sqlite = new DatabaseSync(db, { readOnly: true });
  try {
    const rows = sqlite.prepare("SELECT s.tbl_name AS name, sum(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_schema s ON s.name = d.name GROUP BY s.tbl_name").all() as { name: string; bytes: number }[];
    const bytesOf = (name: string) => rows.find((row) => row.name === name)?.bytes ?? 0;
    return { total, lookup: bytesOf("lookup_keys") + bytesOf("lookup_secrets"), records: bytesOf("records") };
  } finally {
    sqlite.close();
  }
}

/** Builds the index of `recordCount` records in `db`; returns the record id of each planted sample. */
async function buildIndex(db: string, kind: string): Promise<{ plantedIds: Int32Array; seconds: number; before: Sizes; after: Sizes }> {
  let store: Store = await openStore(db);
  const secretId = await store.registerLookupSecret(lookupSecretFingerprint(lookupSecret));
  await store.putModelFacts({ modelId, publisher, name: "atlas", version: "1.0", retiredAt: 0n, readAt: Math.floor(Date.now() / 1000) });
  await store.close();
  const before = await sizesOf(db, kind);
  store = await openStore(db);
  const plantedIds = new Int32Array(plantedCount);
  const checks: { id: number; record: NewRecord }[] = [];
  const started = performance.now();
  let nextPlanted = 0;
  for (let start = 0; start < recordCount; start += recordsPerTransaction) {
    const end = Math.min(recordCount, start + recordsPerTransaction);
    const random = randomBytes((end - start) * (32 + 65 + 32));
    const records: NewRecord[] = [];
    for (let index = start, o = 0; index < end; index++, o += 129) {
      const salt = `0x${random.toString("hex", o, o + 32)}` as Hash;
      const signature = `0x${random.toString("hex", o + 32, o + 97)}` as const;
      const leaf = `0x${random.toString("hex", o + 97, o + 129)}` as Hash;
      records.push(recordOf(index, secretId, salt, signature, leaf));
    }
    const ids = await store.insertRecords(records);
    while (nextPlanted < plantedCount && plantedIndexOf(nextPlanted) < end) {
      plantedIds[nextPlanted] = ids[plantedIndexOf(nextPlanted) - start]!;
      nextPlanted++;
    }
    // the first, a middle and the last record of each of the first and last transactions are read back below
    if (start === 0 || end === recordCount) for (const offset of [0, records.length >> 1, records.length - 1]) checks.push({ id: ids[offset]!, record: records[offset]! });
    if (start > 0 && (start / recordsPerTransaction) % 20 === 0) process.stderr.write(`${kind}: ${start.toLocaleString("en-US")} records\n`);
  }
  if (kind === "postgres") {
    // what autovacuum would do shortly after a load this size: the planner's statistics (a fresh table has none)
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    await client.query("ANALYZE records; ANALYZE lookup_keys");
    await client.end();
  }
  const seconds = (performance.now() - started) / 1000;
  await checkRows(store, checks);
  await store.close();
  return { plantedIds, seconds, before, after: await sizesOf(db, kind) };
}

/** The rows written read back through the Store API as written, and found by their tags with findLookupCandidates. */
async function checkRows(store: Store, checks: { id: number; record: NewRecord }[]): Promise<void> {
  for (const { id, record } of checks) {
    const stored = await store.getRecord(id);
    if (!stored) throw new Error(`record ${id} was inserted but getRecord finds none`);
    for (const field of ["modelId", "requestHash", "responseHash", "timestamp", "encoding", "responseSalt", "requestSalt", "signature", "leaf"] as const) {
      if (stored[field] !== record[field]) throw new Error(`record ${id}: ${field} reads back ${String(stored[field])}, was written ${String(record[field])}`);
    }
    const candidates = await store.findLookupCandidates([lookupTagOf(record.lookup!.exact), lookupTagOf(record.lookup!.normalized)], { perTag: 10 });
    const mine = candidates.filter((candidate) => candidate.recordId === id);
    const exact = mine.find((candidate) => candidate.kind === "exact");
    const normalized = mine.find((candidate) => candidate.kind === "normalized");
    if (exact?.responseHash !== record.responseHash || exact.responseSalt !== record.responseSalt || exact.mac !== null) throw new Error(`record ${id}: its exact key is not found as written`);
    if (normalized?.mac !== record.lookup!.normalized || normalized.secretId !== record.lookup!.secretId) throw new Error(`record ${id}: its normalized key is not found as written`);
  }
}

type Built = Awaited<ReturnType<typeof buildIndex>>;

/** With --keep, the SQLite index of this size built once into the folder and reused by later runs. */
async function keptIndex(dir: string): Promise<{ db: string; built: Built }> {
  await mkdir(dir, { recursive: true });
  const db = join(dir, `lab-${recordCount}-${sampleCount}.db`);
  const meta = `${db}.built.json`;
  const saved = await readFile(meta, "utf8").catch(() => undefined);
  if (saved !== undefined) {
    const { plantedIds, ...rest } = JSON.parse(saved) as Omit<Built, "plantedIds"> & { plantedIds: number[] };
    process.stderr.write(`sqlite: reusing the index kept in ${db} (built ${rest.seconds.toFixed(1)} s)\n`);
    return { db, built: { ...rest, plantedIds: Int32Array.from(plantedIds) } };
  }
  await Promise.all(["", "-wal", "-shm"].map((suffix) => rm(`${db}${suffix}`, { force: true })));
  const built = await buildIndex(db, "sqlite");
  await writeFile(meta, JSON.stringify({ ...built, plantedIds: [...built.plantedIds] }));
  return { db, built };
}

/**
 * What keeping the index costs the recorder on a store this size: µs per record of insertRecords, 100 records a
 * transaction (as the record writer commits them), with lookup keys and without. Run after the lookup (it adds 36,000
 * records of its own, none of them planted).
 */
async function insertCost(db: string): Promise<{ keyed: number; plain: number }> {
  const store = await openStore(db);
  try {
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(lookupSecret));
    const timed = async (keyed: boolean) => {
      const batches = Array.from({ length: 180 }, (_, b) =>
        Array.from({ length: 100 }, (_, i) => {
          const random = randomBytes(129);
          const index = recordCount + (keyed ? 0 : 18_000) + b * 100 + i;
          const record = recordOf(index, secretId, `0x${random.toString("hex", 0, 32)}`, `0x${random.toString("hex", 32, 97)}`, `0x${random.toString("hex", 97, 129)}`);
          return keyed ? record : { ...record, lookup: undefined };
        }),
      );
      const started = performance.now();
      for (const batch of batches) await store.insertRecords(batch);
      return Math.round(((performance.now() - started) * 1000) / 18_000);
    };
    return { keyed: await timed(true), plain: await timed(false) };
  } finally {
    await store.close();
  }
}

// --- the corpus ---

/** Writes the corpus (planted and foreign samples in a seeded shuffle) and returns each planted line's expected match. */
async function writeCorpus(path: string, plantedIds: Int32Array): Promise<Map<number, string>> {
  // a sample code: < plantedCount, planted sample k; otherwise foreign line (code - plantedCount)
  const order = new Int32Array(sampleCount).map((_, index) => index);
  const random = mulberry32(7);
  for (let i = sampleCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const expected = new Map<number, string>();
  const out = createWriteStream(path);
  let chunk: string[] = [];
  for (let line = 1; line <= sampleCount; line++) {
    const code = order[line - 1]!;
    let text: string;
    if (code < plantedCount) {
      const kind = plantedKindOf(code);
      const original = recordTextOf(plantedIndexOf(code));
      text = kind === "exact" ? original : variantOf(original);
      expected.set(line, `${kind} ${plantedIds[code]}`);
    } else {
      text = foreignTextOf(code - plantedCount);
    }
    chunk.push(escapeLine(text));
    if (chunk.length === 10_000 || line === sampleCount) {
      if (!out.write(`${chunk.join("\n")}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return expected;
}

// --- the lookup, as a process ---

type LookupRun = { wall: number; cpu: number; peakRssMb: number; exact: number; normalized: number };

async function runLookup(db: string, kind: string, corpus: string, expected: Map<number, string>): Promise<LookupRun> {
  const matches = join(scratch, `matches-${kind}.jsonl`);
  const timing = join(scratch, `time-${kind}.txt`);
  const profile = values["cpu-prof"] === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]];
  // /usr/bin/time: wall and CPU seconds and peak RSS of the lookup process itself (Node started through tsx)
  const child = spawn("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timing, process.execPath, ...profile, "--import", pathToFileURL(require.resolve("tsx")).href, cli, "lookup", "--corpus", corpus, "--out", matches, "--json"], {
    env: { PATH: process.env.PATH ?? "", AIATTEST_DB: db, AIATTEST_LOOKUP_SECRET: lookupSecret },
    cwd: scratch,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data));
  child.stderr.on("data", (data: Buffer) => (stderr += data));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`aiattest lookup on ${kind} exited ${code}:\n${stderr.slice(-4000)}`);
  const summary = JSON.parse(stdout) as { samples: number; exact: number; normalized: number };
  if (summary.samples !== sampleCount) throw new Error(`aiattest lookup on ${kind} read ${summary.samples} samples, the corpus has ${sampleCount}`);

  // every match written must be a planted one, and every planted one written once
  const seen = new Set<number>();
  let exact = 0;
  let normalized = 0;
  for (const text of (await readFile(matches, "utf8")).split("\n")) {
    if (text === "") continue;
    const match = JSON.parse(text) as { line: number; kind: string; recordId: number };
    const want = expected.get(match.line);
    const got = `${match.kind} ${match.recordId}`;
    if (want !== got) throw new Error(`${kind}: line ${match.line} matched ${got}, but ${want === undefined ? "it is a foreign line" : `it was planted as ${want}`}`);
    if (seen.has(match.line)) throw new Error(`${kind}: line ${match.line} matched twice`);
    seen.add(match.line);
    if (match.kind === "exact") exact++;
    else normalized++;
  }
  if (seen.size !== expected.size) {
    const missed = [...expected].filter(([line]) => !seen.has(line)).slice(0, 5);
    throw new Error(`${kind}: ${expected.size - seen.size} planted samples were not found, e.g. ${missed.map(([line, want]) => `line ${line} (${want})`).join(", ")}`);
  }
  if (summary.exact !== exact || summary.normalized !== normalized) throw new Error(`${kind}: the summary says ${summary.exact} exact and ${summary.normalized} normalized, the matches file has ${exact} and ${normalized}`);
  const [wall, user, system, maxRssKb] = (await readFile(timing, "utf8")).trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
  return { wall, cpu: user + system, peakRssMb: Math.round(maxRssKb / 1024), exact, normalized };
}

// --- the run ---

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rows: Record<string, string | number>[] = [];
const runStarted = performance.now();
// the WebAssembly keccak for the response hashes (viem's pure-JS one otherwise: ~5x slower)
await loadMerkleHasher();
const postgres = stores.includes("postgres") ? await startEmbeddedPostgres() : undefined;
try {
  const corpus = join(scratch, "corpus.txt");
  for (const kind of stores) {
    const kept = kind === "sqlite" && values.keep !== undefined ? await keptIndex(values.keep) : undefined;
    const db = kept?.db ?? (kind === "postgres" ? await postgres!.createDatabase() : join(scratch, "lab.db"));
    const built = kept?.built ?? (await buildIndex(db, kind));
    // the planted ids differ per store: the corpus is rewritten for each (same lines, same order)
    const expected = await writeCorpus(corpus, built.plantedIds);
    const run = await runLookup(db, kind, corpus, expected);
    const inserts = kept === undefined ? await insertCost(db) : undefined;
    const expectedExact = [...expected.values()].filter((want) => want.startsWith("exact")).length;
    const lookupBytes = built.after.lookup - built.before.lookup;
    rows.push({
      store: kind === "postgres" ? "PostgreSQL 18 (embedded)" : "SQLite (WAL)",
      records: recordCount,
      "build s": Number(built.seconds.toFixed(1)),
      "records/s built": Math.round(recordCount / built.seconds),
      "size before": mb(built.before.total),
      "size after": mb(built.after.total),
      "index B/record": Math.round(lookupBytes / recordCount),
      "total B/record": Math.round((built.after.total - built.before.total) / recordCount),
      samples: sampleCount,
      "lookup wall s": run.wall,
      "lookup CPU s": Number(run.cpu.toFixed(1)),
      "peak RSS MB": run.peakRssMb,
      "samples/min": Math.round((sampleCount / run.wall) * 60),
      "exact found/planted": `${run.exact}/${expectedExact}`,
      "normalized found/planted": `${run.normalized}/${expected.size - expectedExact}`,
      "insert µs/record keyed / plain": inserts ? `${inserts.keyed} / ${inserts.plain}` : "(kept index: not measured)",
    });
    if (kind === "sqlite" && kept === undefined) await Promise.all(["", "-wal", "-shm"].map((suffix) => rm(`${db}${suffix}`, { force: true })));
  }
} finally {
  await postgres?.stop();
  await rm(scratch, { recursive: true, force: true });
}
console.table(rows);
console.log(
  `target: >= 1,000,000 samples per minute against 10,000,000 records, on SQLite and on PostgreSQL (lookup wall time includes the CLI's start). ` +
    `Whole run ${((performance.now() - runStarted) / 1000).toFixed(0)} s; load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
