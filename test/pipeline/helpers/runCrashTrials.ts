import { mulberry32 as random } from "../../helpers/mulberry32.js";
import type { labOverRpc } from "./labOverRpc.js";
import { spawnCli } from "./spawnCli.js";

export type CrashTrial = { trial: number; records: number; kill: string; exit: string };

const failpoints = ["built", "sent", "anchored"] as const;

/**
 * Runs `trials` crash trials: each records a few outputs, starts `aiattest anchor` in its own process and
 * kills it with SIGKILL — right after a durable step (failpoints, every fourth trial) or after a random delay
 * in the second half of a run's duration (most of the first half is process start-up), measured by the
 * trials that were not killed in time. Returns the texts of everything recorded.
 */
export async function runCrashTrials({ lab, trials, seed }: { lab: Awaited<ReturnType<typeof labOverRpc>>; trials: number; seed: number }) {
  const next = random(seed);
  const texts = new Map<number, string>();
  const log: CrashTrial[] = [];
  let runDuration = 1_500; // ms, refined by every run that finishes
  for (let trial = 0; trial < trials; trial++) {
    const responses = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => `crash trial ${trial} output ${i}: ${next().toString(36)}`);
    const ids = await lab.recordInProcess(responses);
    ids.forEach((id, i) => texts.set(id, responses[i]!));

    const failpoint = trial % 4 === 3 ? failpoints[Math.floor(trial / 4) % failpoints.length] : undefined;
    const delay = Math.floor(runDuration * (0.5 + next() * 0.5));
    const started = performance.now();
    const run = spawnCli(["anchor", "--json"], { cwd: lab.cwd, env: lab.env, failpoint });
    const timer = failpoint ? undefined : setTimeout(() => run.child.kill("SIGKILL"), delay);
    const exit = await run.done;
    clearTimeout(timer);
    if (exit.code === 0) runDuration = (runDuration + (performance.now() - started)) / 2;
    log.push({ trial, records: ids.length, kill: failpoint ? `failpoint ${failpoint}` : `after ${delay} ms`, exit: exit.signal ?? `code ${exit.code}` });
  }
  return { texts, log };
}
