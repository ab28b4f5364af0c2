import { afterAll, beforeAll, expect, test } from "vitest";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { labOverRpc } from "./helpers/labOverRpc.js";
import { runCrashTrials } from "./helpers/runCrashTrials.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
beforeAll(async () => {
  node = await startHardhatNode();
}, 120_000);
afterAll(() => node?.stop());

// `npm run test:crash-soak` runs 100 trials (CRASH_TRIALS) and prints where each kill landed
const trials = Number(process.env.CRASH_TRIALS ?? 20);
const seed = Number(process.env.CRASH_SEED ?? 20261126);

test(`kill -9 of the anchorer at random points, ${trials} trials: afterwards every record is anchored exactly once and every bundle verifies`, async () => {
  const lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  const { texts, log } = await runCrashTrials({ lab, trials, seed });
  if (process.env.CRASH_TRIALS) console.table(log);
  // failpoint trials always die; most random ones do too (their delay is calibrated on measured runs)
  expect(log.filter((trial) => trial.exit === "SIGKILL").length, JSON.stringify(log)).toBeGreaterThanOrEqual(trials / 4);

  const final = await lab.json(["anchor"]);
  expect(final.status).toBe("done");
  await expectAnchoredExactlyOnce({ lab, texts });
}, 3_600_000);
