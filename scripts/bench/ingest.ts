// The ingestion API under load, on this machine: `aiattest serve --ingest` in its own process, on SQLite and on
// PostgreSQL (embedded, started here), and autocannon POSTing outputs with a bearer token over keep-alive
// connections. Every 201 is a record durable in the store: the table counts them in the store afterwards.
// The stores are prepared with the signer key's and the model's cached chain facts, and AIATTEST_RPC_URL points at
// a closed port: recording never waits for the chain, so the figures are the server's, store's and signer's alone.
// Target: >= 5,000 acknowledged records/s on SQLite (an idle 2-core machine).
// The server's CPU time per acknowledged record (user + system, all its threads, from /proc/<pid>/stat) is the figure
// to compare on a machine shared with other work: wall throughput moves with the load, CPU per record much less.
// Each store is loaded at every connection count asked for (default 64 and 128: a fleet of inference servers keeps many
// connections open; every request still waits for its own durable commit).
// Run: npm run bench:ingest [-- --duration 10] [--connections 64,128] [--stores sqlite,postgres] [--cpu-prof <dir>] [--json]
// (--json: the rows as one JSON line on stdout, for bench:pipeline's table)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { createIngestToken } from "../../sdk/src/server/ingest/createIngestToken.js";
import { freePort } from "../../test/helpers/freePort.js";
import { startEmbeddedPostgres } from "../../test/helpers/startEmbeddedPostgres.js";
import { waitForListening } from "../../test/helpers/waitForListening.js";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "10" }, connections: { type: "string", default: "64,128" }, stores: { type: "string", default: "sqlite,postgres" }, "cpu-prof": { type: "string" }, json: { type: "boolean", default: false } },
});
const duration = Number(values.duration);
const connectionCounts = values.connections.split(",").map(Number);
const signerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const deployment = { chainId: 31337, contract, publisher } as const;
const modelId = keccak256(toHex("bench model"));
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-ingest-"));

const require = createRequire(import.meta.url);
// autocannon ships no types: the part used here
type Histogram = { average: number; p50: number; p97_5: number; p99: number; max: number };
type AutocannonResult = { requests: Histogram; latency: Histogram; non2xx: number; errors: number; timeouts: number; "2xx": number; duration: number };
const autocannon = require("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<AutocannonResult>;
const cli = fileURLToPath(new URL("../../sdk/src/cli/cli.ts", import.meta.url));

/** A store ready to sign from without the chain (its facts cached, as a first run would leave them), with a token. */
async function prepare(db: string): Promise<string> {
  const store = await openStore(db);
  try {
    await store.bindDeployment(deployment);
    const now = Math.floor(Date.now() / 1000);
    await store.putKeyFacts({ key: privateKeyToAccount(signerKey).address, publisher, role: "signer", validFrom: 0n, validUntil: 2n ** 40n - 1n, readAt: now });
    await store.putModelFacts({ modelId, publisher, name: "atlas", version: "1.0", retiredAt: 0n, readAt: now });
    const { token, tokenHash } = createIngestToken();
    await store.createToken({ name: "bench", tokenHash });
    return token;
  } finally {
    await store.close();
  }
}

/** `aiattest serve --ingest` over `db` in its own process (so autocannon and the server do not share an event loop). */
async function startServer(db: string): Promise<{ url: string; server: ChildProcess }> {
  const manifestDir = join(scratch, "manifests");
  await mkdir(manifestDir, { recursive: true });
  const profile = values["cpu-prof"] === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]];
  const server = spawn(process.execPath, [...profile, "--import", pathToFileURL(require.resolve("tsx")).href, cli, "serve", "--ingest", "--port", "0"], {
    env: {
      PATH: process.env.PATH ?? "",
      AIATTEST_DB: db,
      AIATTEST_MANIFEST_DIR: manifestDir,
      AIATTEST_CONTRACT: contract,
      AIATTEST_SIGNER_KEY: signerKey,
      // a closed port: the chain is down for the whole run
      AIATTEST_RPC_URL: `http://127.0.0.1:${await freePort()}`,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await waitForListening(server, "aiattest serve --ingest");
  return { url, server };
}

/** CPU seconds (user + system, every thread) a Linux process has used so far: fields 14 and 15 of /proc/<pid>/stat. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // the command name (field 2) may hold spaces: count from the ")" that closes it
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
/** CPU seconds per thread of a Linux process, keyed by the thread's name and id (/proc/<pid>/task/<tid>/stat). */
async function threadCpuSecondsOf(pid: number): Promise<Map<string, number>> {
  const threads = new Map<string, number>();
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => undefined);
    if (stat === undefined) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    threads.set(`${name} ${tid}`, (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond);
  }
  return threads;
}
/** USER_HZ: 100 on every Linux this runs on (the kernel's exported tick, not its internal HZ). */
const clockTicksPerSecond = 100;

const rows: Record<string, string | number>[] = [];
const threadRows: string[] = [];
const postgres = values.stores.includes("postgres") ? await startEmbeddedPostgres() : undefined;
try {
  for (const kind of values.stores.split(",")) {
    const db = kind === "postgres" ? await postgres!.createDatabase() : join(scratch, "lab.db");
    const token = await prepare(db);
    const { url, server } = await startServer(db);
    const body = JSON.stringify({ model: modelId, response: "The capital of France is Paris.", request: "What is the capital of France?" });
    const request = { url: `${url}/v1/outputs`, method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body };
    for (const connections of connectionCounts) {
      // warm-up: JIT, the store's statements, connections
      await autocannon({ ...request, connections, duration: 2 });
      const store = await openStore(db);
      const before = await store.countPending();
      const load = loadavg()[0]!;
      const cpuBefore = await cpuSecondsOf(server.pid!);
      const threadsBefore = await threadCpuSecondsOf(server.pid!);
      const benchCpuBefore = process.cpuUsage();
      const result = await autocannon({ ...request, connections, duration });
      const cpuAfter = await cpuSecondsOf(server.pid!);
      const threadsAfter = await threadCpuSecondsOf(server.pid!);
      const benchCpu = process.cpuUsage(benchCpuBefore);
      const after = await store.countPending();
      await store.close();
      const recorded = after - before;
      if (recorded < result["2xx"]) throw new Error(`${result["2xx"]} requests were answered 201 but only ${recorded} records are in the store`);
      // where the server's CPU went, per thread (µs per acknowledged record), and the load generator's own share
      const perRecord = (seconds: number) => Math.round((seconds * 1e6) / result["2xx"]);
      const busy = [...threadsAfter].map(([thread, seconds]) => [thread, perRecord(seconds - (threadsBefore.get(thread) ?? 0))] as const).filter(([, us]) => us > 0);
      threadRows.push(`${kind}, ${connections} connections: ${busy.map(([thread, us]) => `${thread} ${us}`).join(", ")}; autocannon (this process) ${perRecord((benchCpu.user + benchCpu.system) / 1e6)}`);
      rows.push({
        "POST /v1/outputs": kind === "postgres" ? "PostgreSQL 18 (embedded)" : "SQLite (WAL, synchronous=FULL)",
        connections,
        seconds: duration,
        "req/s (mean)": Math.round(result.requests.average),
        "p50 ms": result.latency.p50,
        "p97.5 ms": result.latency.p97_5,
        "p99 ms": result.latency.p99,
        "errors+non-2xx": result.errors + result.timeouts + result.non2xx,
        "201s": result["2xx"],
        "records in store": recorded,
        // a 201 is a record durable in the store; the store may hold a few more (committed as the run ended, unanswered)
        "acknowledged records/s": Math.round(result["2xx"] / duration),
        "server CPU µs/record": Math.round(((cpuAfter - cpuBefore) * 1e6) / result["2xx"]),
        "load avg before": load.toFixed(1),
      });
    }
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
} finally {
  await postgres?.stop();
  await rm(scratch, { recursive: true, force: true });
}
if (values.json) {
  console.log(JSON.stringify(rows));
} else {
  console.table(rows);
  for (const line of threadRows) console.log(`server CPU by thread, µs/record: ${line}`);
  console.log(`target: >= 5,000 acknowledged records/s on SQLite (idle machine); load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
}
