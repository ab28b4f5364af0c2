import type { Hex } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { hashContent } from "../../sdk/src/hashing/hashContent.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { labOverRpc } from "./helpers/labOverRpc.js";
import { runConcurrentCrashTrials } from "./helpers/runConcurrentCrashTrials.js";

let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
let postgres: EmbeddedPostgresServer | undefined;
beforeAll(async () => {
  [node, postgres] = await Promise.all([startHardhatNode(), startEmbeddedPostgres()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([node?.stop(), postgres?.stop()]);
});

// PG_CRASH_TRIALS=100 for a soak; the seed replays a run
const trials = Number(process.env.PG_CRASH_TRIALS ?? 20);
const seed = Number(process.env.PG_CRASH_SEED ?? 20261130);

test(`PostgreSQL: 2 recorder processes and an anchorer at once, kill -9 of a recorder and of the anchorer at random points, ${trials} trials: every acknowledged record is anchored exactly once and every bundle verifies`, async () => {
  const lab = await labOverRpc({ rpcUrl: node!.rpcUrl, db: await postgres!.createDatabase() });
  const { acknowledged, unacknowledged, log } = await runConcurrentCrashTrials({ lab, trials, seed, lines: 300 });
  if (process.env.PG_CRASH_TRIALS) console.table(log);
  expect(log.filter((trial) => trial.recorders.includes("SIGKILL")).length, JSON.stringify(log)).toBeGreaterThanOrEqual(trials / 4);
  expect(log.filter((trial) => trial.anchorer.startsWith("SIGKILL")).length, JSON.stringify(log)).toBeGreaterThanOrEqual(trials / 4);
  // some recorder died between its first and its last receipt: a write cut by the kill
  const lines = 300;
  expect(log.some((trial) => trial.recorders.some((exit, index) => exit === "SIGKILL" && trial.acknowledged[index]! > 0 && trial.acknowledged[index]! < lines)), JSON.stringify(log)).toBe(true);

  // the chain's time passes every record's claimed time, then what is left is anchored
  for (let run = 0; run < 3; run++) {
    await fetch(node!.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }) });
    expect((await lab.json(["anchor"])).status).toBe("done");
  }

  // records a killed recorder stored without printing their receipt are anchored too: find their texts by hash
  const texts = new Map(acknowledged);
  const store = await openStore(lab.env.AIATTEST_DB!);
  try {
    const ids = await store.listRecordIds({ afterId: 0, limit: 1_000_000 });
    for (const id of ids.filter((id) => !texts.has(id))) {
      const record = (await store.getRecord(id))!;
      const text = unacknowledged.find((candidate) => hashContent({ salt: record.responseSalt as Hex, content: candidate }) === record.responseHash);
      expect(text, `record ${id} is one a killed recorder was given`).toBeDefined();
      texts.set(id, text!);
    }
    expect(texts.size).toBe(ids.length);
  } finally {
    await store.close();
  }
  await expectAnchoredExactlyOnce({ lab, texts });
}, 3_600_000);
