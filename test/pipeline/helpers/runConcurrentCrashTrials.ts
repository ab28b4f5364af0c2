import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mulberry32 as random } from "../../helpers/mulberry32.js";
import type { labOverRpc } from "./labOverRpc.js";
import { spawnCli } from "./spawnCli.js";

export type ConcurrentCrashTrial = { trial: number; recorders: string[]; anchorer: string; acknowledged: number[] };

const failpoints = ["built", "sent", "anchored"] as const;

/**
 * Runs `trials` crash trials in which `recorders` `aiattest record --jsonl` processes and one `aiattest anchor`
 * process run at once on the lab's store. Each trial kills one recorder (chosen at random; most trials a few ms
 * after its first receipt, so mid-write, else in the second half of a run's measured duration) and, most of the
 * time, the anchorer at a random moment in the second half of its measured run (every fourth trial at a
 * failpoint instead), with SIGKILL. A receipt line printed by a recorder is an acknowledged record.
 * Returns every acknowledged record's text by id, and every line a killed recorder may have stored unacknowledged.
 */
export async function runConcurrentCrashTrials({ lab, trials, seed, recorders = 2, lines = 300 }: { lab: Awaited<ReturnType<typeof labOverRpc>>; trials: number; seed: number; recorders?: number; lines?: number }) {
  const next = random(seed);
  const acknowledged = new Map<number, string>();
  const unacknowledged: string[] = [];
  const log: ConcurrentCrashTrial[] = [];
  let recordDuration = 2_000;
  let anchorDuration = 2_000;
  for (let trial = 0; trial < trials; trial++) {
    const victim = Math.floor(next() * recorders);
    const inputs = Array.from({ length: recorders }, (_, recorder) => Array.from({ length: lines }, (_, line) => `crash ${seed}.${trial}.${recorder}.${line}: ${next().toString(36)}`));
    for (const [recorder, responses] of inputs.entries()) await writeFile(join(lab.cwd, `trial-${trial}-${recorder}.jsonl`), `${responses.map((response) => JSON.stringify({ response })).join("\n")}\n`);
    const started = performance.now();
    const runs = inputs.map((_, recorder) => spawnCli(["record", "--jsonl", `trial-${trial}-${recorder}.jsonl`, "--model", lab.modelId], { cwd: lab.cwd, env: lab.env }));
    // each process's own run time, from the common start: what the next trials' kill delays are drawn from
    const timed = (done: Promise<Awaited<(typeof runs)[number]["done"]>>) => done.then((exit) => ({ ...exit, elapsed: performance.now() - started }));
    // the victim dies while it writes: a few ms after its first receipt most trials, else at a random point of its run
    const recordDelay = Math.floor(recordDuration * (0.5 + next() * 0.5));
    const afterFirstReceipt = next() < 0.7 ? Math.floor(next() * 40) : undefined;
    let recordTimer = afterFirstReceipt === undefined ? setTimeout(() => runs[victim]!.child.kill("SIGKILL"), recordDelay) : undefined;
    if (afterFirstReceipt !== undefined) runs[victim]!.child.stdout!.once("data", () => (recordTimer = setTimeout(() => runs[victim]!.child.kill("SIGKILL"), afterFirstReceipt)));
    const failpoint = trial % 4 === 3 ? failpoints[Math.floor(trial / 4) % failpoints.length] : undefined;
    const anchorDelay = Math.floor(anchorDuration * (0.5 + next() * 0.5));
    const anchor = spawnCli(["anchor", "--json"], { cwd: lab.cwd, env: lab.env, failpoint });
    const anchorTimer = failpoint || next() < 0.2 ? undefined : setTimeout(() => anchor.child.kill("SIGKILL"), anchorDelay);
    const [anchorExit, ...recordExits] = await Promise.all([timed(anchor.done), ...runs.map((run) => timed(run.done))]);
    clearTimeout(recordTimer);
    clearTimeout(anchorTimer);
    if (anchorExit.code === 0) anchorDuration = (anchorDuration + anchorExit.elapsed) / 2;
    const counts: number[] = [];
    for (const [recorder, exit] of recordExits.entries()) {
      if (exit.code === 0) recordDuration = (recordDuration + exit.elapsed) / 2;
      else if (exit.signal !== "SIGKILL") throw new Error(`record exited ${exit.code}: ${exit.stderr}`);
      // only whole lines are receipts: a line cut by the kill was never acknowledged
      const receipts = exit.stdout.split("\n").slice(0, -1);
      for (const [line, receipt] of receipts.entries()) acknowledged.set(Number((JSON.parse(receipt) as { recordId: string }).recordId), inputs[recorder]![line]!);
      counts.push(receipts.length);
      if (exit.signal === "SIGKILL") unacknowledged.push(...inputs[recorder]!.slice(receipts.length));
    }
    log.push({
      trial,
      recorders: recordExits.map((exit) => exit.signal ?? `code ${exit.code}`),
      anchorer: `${anchorExit.signal ?? `code ${anchorExit.code}`}${failpoint ? ` at ${failpoint}` : anchorTimer ? ` after ${anchorDelay} ms` : ""}`,
      acknowledged: counts,
    });
  }
  return { acknowledged, unacknowledged, log };
}
