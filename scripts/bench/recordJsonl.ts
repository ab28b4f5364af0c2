// `aiattest record --jsonl` end to end, as an operator runs it: a separate CLI process against a real `hardhat node`
// and a fresh SQLite store, N lines in, N receipts out; then the same N lines split across 4 processes recording
// into one store at once. Prints records/s and the largest peak RSS of a CLI process (flat memory: it does not
// grow with the file), and checks that every receipt's record is in the store.
// Run: npx tsx scripts/bench/recordJsonl.ts   (BENCH_LINES, default 100,000)
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { startHardhatNode } from "../../test/cli/helpers/startHardhatNode.js";
import { labOverRpc } from "../../test/pipeline/helpers/labOverRpc.js";
import { spawnCli } from "../../test/pipeline/helpers/spawnCli.js";

const lines = Number(process.env.BENCH_LINES ?? 100_000);
const node = await startHardhatNode();
try {
  const lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  const jsonl = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => JSON.stringify({ response: `Answer ${from + index}: ${"lorem ipsum ".repeat(20)}`, request: `Question ${from + index}?` })).join("\n") + "\n";
  await writeFile(join(lab.cwd, "all.jsonl"), jsonl(0, lines));
  const quarter = Math.ceil(lines / 4);
  for (let part = 0; part < 4; part++) await writeFile(join(lab.cwd, `part-${part}.jsonl`), jsonl(part * quarter, Math.min(quarter, lines - part * quarter)));

  /** Runs record --jsonl processes at once into a new store: their wall time, receipts and the records stored. */
  const run = async (name: string, files: string[]) => {
    const db = join(lab.cwd, `${name}.db`);
    const started = performance.now();
    let peakRssKiB = 0;
    const done = await Promise.all(
      files.map(async (file, index) => {
        const spawned = spawnCli(["record", "--jsonl", file, "--model", lab.modelId, "--out", `${name}-${index}.receipts.jsonl`, "--json"], { cwd: lab.cwd, env: { ...lab.env, AIATTEST_DB: db } });
        // the kernel's high-water mark of the process's resident memory, read until it exits
        const poll = setInterval(() => {
          readFile(`/proc/${spawned.child.pid}/status`, "utf8")
            .then((status) => (peakRssKiB = Math.max(peakRssKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))))
            .catch(() => {});
        }, 200);
        try {
          return await spawned.done;
        } finally {
          clearInterval(poll);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const result of done) if (result.code !== 0) throw new Error(`record --jsonl exited ${result.code}: ${result.stderr}`);
    let receipts = 0;
    for (let index = 0; index < files.length; index++) receipts += (await readFile(join(lab.cwd, `${name}-${index}.receipts.jsonl`), "utf8")).trimEnd().split("\n").length;
    const store = await openSqliteStore({ path: db });
    const stored = await store.countPending();
    await store.close();
    const own = done.map((result) => JSON.parse(result.stdout) as { recorded: number; seconds: number });
    return { name, processes: files.length, lines: receipts, stored, seconds, perProcess: own, peakRssMiB: Math.round(peakRssKiB / 1024), dbBytes: (await stat(db)).size };
  };

  const rows = [await run("one-process", ["all.jsonl"]), await run("four-processes", [0, 1, 2, 3].map((part) => `part-${part}.jsonl`))];
  console.log(`record --jsonl, ${lines.toLocaleString("en-US")} lines (response ~250 B + request), hardhat node, fresh SQLite store (WAL, synchronous=FULL)`);
  console.log("run             processes  receipts   stored     wall s  records/s (wall)  peak RSS MiB  store MiB  records/s (in-process, each)");
  for (const row of rows) {
    const each = row.perProcess.map((p) => Math.round(p.recorded / p.seconds).toLocaleString("en-US")).join(", ");
    console.log(
      `${row.name.padEnd(15)} ${String(row.processes).padStart(9)}  ${String(row.lines).padStart(8)}  ${String(row.stored).padStart(7)}  ${row.seconds.toFixed(1).padStart(8)}  ${Math.round(row.lines / row.seconds).toLocaleString("en-US").padStart(16)}  ${String(row.peakRssMiB).padStart(12)}  ${(row.dbBytes / 2 ** 20).toFixed(0).padStart(9)}  ${each}`,
    );
    if (row.stored !== row.lines) throw new Error(`${row.name}: ${row.lines} receipts but ${row.stored} records stored`);
  }
} finally {
  await node.stop();
}
