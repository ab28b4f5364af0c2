// The proof server under load, on this machine: `aiattest serve` in its own process over a store of N anchored
// (and final) records, and autocannon asking GET /v1/records/:id for random anchored ids. Records are synthetic
// (random leaves; the anchorer never re-checks signatures) but anchored for real on Hardhat's in-process chain.
// Target: >= 5,000 req/s with p99 <= 20 ms.
// Run: npm run bench:server [-- --records 100000] [--duration 10] [--connections 32] [--workers 1]
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { type Hash, bytesToHex, createWalletClient, custom, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";
import { waitForListening } from "../../test/helpers/waitForListening.js";

const { values } = parseArgs({
  options: { records: { type: "string", default: "100000" }, duration: { type: "string", default: "10" }, connections: { type: "string", default: "32" }, workers: { type: "string", default: "1" } },
});
const recordCount = Number(values.records);
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const publisherKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-server-"));
const db = join(scratch, "lab.db");
const manifestDir = join(scratch, "manifests");

// 1. a store of N anchored records, made final by a second run (Hardhat's finalized block is its head)
const { viem, provider } = await network.create();
const attest = await viem.deployContract("AIAttest");
const publicClient = await viem.getPublicClient();
const publisher = privateKeyToAccount(publisherKey);
await attest.write.registerModel(["atlas", "1.0", zeroHash, "", zeroHash]);
const modelId = await attest.read.computeModelId([publisher.address, "atlas", "1.0"]);
const wallet = createWalletClient({ account: publisher, chain: publicClient.chain, transport: custom(provider) });
// the synthetic records claim this signer key, authorized on chain, at the time its window opened (the anchorer
// checks every signer's window and never anchors what the publisher's own address claims to have signed)
const signer = privateKeyToAccount(keccak256(toHex("bench signer")));
const { validFrom: signedAt } = await authorizeKey(wallet, { contract: attest.address, key: signer, role: "signer" });
{
  const store = await openSqliteStore({ path: db });
  await store.bindDeployment({ chainId: publicClient.chain.id, contract: attest.address, publisher: publisher.address });
  await store.putModel({ modelId, publisher: publisher.address, name: "atlas", version: "1.0" });
  for (let offset = 0; offset < recordCount; offset += 50_000) {
    const chunk: NewRecord[] = Array.from({ length: Math.min(50_000, recordCount - offset) }, () => {
      const leaf = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32))) as Hash;
      return { modelId, requestHash: zeroHash, responseHash: leaf, timestamp: signedAt, encoding: "utf8", responseSalt: leaf, requestSalt: null, signer: signer.address, signature: `0x${"11".repeat(65)}`, leaf };
    });
    await store.insertRecords(chunk);
  }
  const anchor = () => runAnchorer({ store, client: publicClient, wallet, manifest: { dir: manifestDir }, pollingInterval: 50, receiptTimeout: 60_000 });
  await anchor();
  await anchor();
  const batches = await store.listBatches({ afterId: 0, limit: 1_000 });
  if (batches.length === 0 || batches.some((batch) => batch.status !== "anchored" || !batch.final)) throw new Error("the bench store is not all anchored and final");
  await store.close();
}

// 2. the real server, in its own process (so autocannon and the server do not share an event loop)
const require = createRequire(import.meta.url);
// autocannon ships no types: the part used here
type Histogram = { average: number; total: number; p50: number; p97_5: number; p99: number; max: number };
type AutocannonRequest = { method: string; path?: string; setupRequest?: (request: { path: string }) => { path: string } };
const autocannon = require("autocannon") as (options: { url: string; connections: number; duration: number; requests: AutocannonRequest[] }) => Promise<{
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
}>;
const cli = fileURLToPath(new URL("../../sdk/src/cli/cli.ts", import.meta.url));
const server: ChildProcess = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, cli, "serve", "--port", "0", "--cache-mb", "512", "--workers", String(workers)], {
  env: { PATH: process.env.PATH ?? "", AIATTEST_DB: db, AIATTEST_MANIFEST_DIR: manifestDir },
  stdio: ["ignore", "ignore", "pipe"],
});
const url = await waitForListening(server, "aiattest serve");

// 3. load: random anchored record ids over the whole store (mostly store reads: the cache cannot warm to 100k
// bundles in seconds), then over a hot set of 1,000 ids fetched once before (served from the final-bundle cache)
const hotSet = Array.from({ length: 1_000 }, () => 1 + Math.floor(Math.random() * recordCount));
for (const id of hotSet) await (await fetch(`${url}/v1/records/${id}`)).arrayBuffer();
const passes = [
  { name: `any of ${recordCount.toLocaleString("en-US")} ids`, id: () => 1 + Math.floor(Math.random() * recordCount) },
  { name: "hot set of 1,000 ids (cached)", id: () => hotSet[Math.floor(Math.random() * hotSet.length)]! },
];
const rows: Record<string, string | number>[] = [];
for (const pass of passes) {
  const randomPath = () => `/v1/records/${pass.id()}`;
  const cpuBefore = serverCpuSeconds(server.pid!);
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: randomPath() }) }],
  });
  rows.push({
    "GET /v1/records/:id (random anchored id)": pass.name,
    records: recordCount,
    connections,
    "server workers": workers,
    seconds: duration,
    "req/s (mean)": Math.round(result.requests.average),
    "p50 ms": result.latency.p50,
    "p97.5 ms": result.latency.p97_5,
    "p99 ms": result.latency.p99,
    "max ms": result.latency.max,
    "non-2xx": result.non2xx,
    errors: result.errors + result.timeouts,
    "server CPU µs/req": cpuBefore === null ? "n/a" : Math.round(((serverCpuSeconds(server.pid!)! - cpuBefore) * 1e6) / result.requests.total),
  });
}
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));
await rm(scratch, { recursive: true, force: true });
console.table(rows);
const [random, hot] = rows as [Record<string, string | number>, Record<string, string | number>];
console.log(
  `target: >= 5,000 req/s with p99 <= 20 ms for random ids (${random["req/s (mean)"]} req/s, p99 ${random["p99 ms"]} ms; hot set ${hot["req/s (mean)"]} req/s, p99 ${hot["p99 ms"]} ms); machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
console.log("server CPU µs/req: the server process's CPU time (user + system, its workers included) over the pass, per request answered");

/** CPU seconds used so far by the process `pid` and the processes it started (cluster workers), from /proc; null off Linux. */
function serverCpuSeconds(pid: number): number | null {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on
  const statOf = (entry: string) => {
    try {
      // the fields after the command name, which is in parentheses and may hold spaces
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return null;
    }
  };
  const own = statOf(String(pid));
  if (own === null) return null;
  let ticks = own.ticks;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat?.ppid === pid) ticks += stat.ticks;
  }
  return ticks / ticksPerSecond;
}
