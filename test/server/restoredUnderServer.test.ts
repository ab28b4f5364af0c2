// A store file restored from a backup under a running proof server, through SQLite itself (its online backup API, from
// another process): the server must serve proofs of the restored trees, never chunks it kept of the old ones.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline, labPublisherKey, pipelineWallet } from "../pipeline/labPipeline.js";

/** A lab whose records 1..3 (`texts`) sit in batch 1, anchored by the publisher itself and final. */
async function finalLab(fixture: Awaited<ReturnType<typeof deployAttestFixture>>, texts: string[]) {
  const lab = await labPipeline(fixture);
  for (const response of texts) await lab.recorder.record({ modelId: fixture.labModelId, response });
  const wallet = pipelineWallet(fixture, labPublisherKey);
  await lab.anchor({ wallet });
  await lab.anchor({ wallet });
  expect(await lab.store.getBatch(1)).toMatchObject({ status: "anchored", final: true });
  return lab;
}

test("a store restored from a backup under a running server (SQLite's online backup API, another process): record 1's bundle carries a proof of the restored tree, not chunks kept of the old one", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const live = await finalLab(fixture, ["live one", "live two", "live three"]);
  const backup = await finalLab(fixture, ["backup one", "backup two", "backup three"]);
  const backupRoot = (await backup.store.getBatch(1))!.root;
  await backup.store.close(); // checkpointed
  const livePath = join(live.dir, "lab.db");
  // the server's own connection, as `aiattest serve` opens it
  const store = await openSqliteStore({ path: livePath });
  const app = createProofServer({ store, manifestDir: join(live.dir, "manifests") });
  const first = await (await app.request("/v1/records/1")).text();
  expect(await verifyOutput({ bundle: first, response: "live one", client: fixture.publicClient })).toMatchObject({ valid: true });

  // restore the backup onto the live file from another process (what `sqlite3 lab.db ".restore backup.db"` does)
  const restore = `const { DatabaseSync, backup } = require("node:sqlite");
    backup(new DatabaseSync(${JSON.stringify(join(backup.dir, "lab.db"))}), ${JSON.stringify(livePath)}).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  expect(spawnSync(process.execPath, ["--no-warnings", "-e", restore], { encoding: "utf8" })).toMatchObject({ status: 0, stderr: "" });

  // the store now holds the backup's record 1 in the backup's batch 1
  expect((await store.getBatch(1))!.root).toBe(backupRoot);
  const record = (await store.getRecord(1))!;
  const response = await app.request("/v1/records/1");
  const result = await verifyOutput({ bundle: await response.text(), response: "backup one", client: fixture.publicClient });
  // 200, immutable for a year (a final anchor by the publisher), and a bundle that verifies: its proof is of the
  // restored tree, the one a store opened on the restored file derives
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
  expect(result.valid).toBe(true);
  const fresh = await openSqliteStore({ path: livePath });
  expect(record.proof).toEqual((await fresh.getRecord(1))!.proof);
  await fresh.close();
  await store.close();
  await live.store.close();
}, 180_000);
