// kill -9 of `aiattest serve --ingest` under load: no acknowledged record is lost, and retries never record twice.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hash, createPublicClient, http } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { anchor } from "../../sdk/src/cli/commands/anchor.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { modelRegister } from "../../sdk/src/cli/commands/modelRegister.js";
import { tokenCreate } from "../../sdk/src/cli/commands/tokenCreate.js";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { freePort } from "../helpers/freePort.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { type SpawnedCli, spawnCli } from "./helpers/spawnCli.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let server: SpawnedCli | undefined;
beforeAll(async () => {
  node = await startHardhatNode();
}, 120_000);
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await node?.stop();
});

/**
 * A lab on the node, set up by the CLI's command functions in this process (each `aiattest` process costs seconds
 * on a loaded machine; the server and its kill are what this test is about): deployed, a model, a signer and an
 * anchorer key, and an ingestion token.
 */
async function labInProcess(rpcUrl: string) {
  const cwd = await mkdtemp(join(tmpdir(), "aiattest-ingest-crash-"));
  const env: Record<string, string> = {
    AIATTEST_RPC_URL: rpcUrl,
    AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher,
    AIATTEST_SIGNER_KEY: hardhatKeys.signer,
    AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer,
    AIATTEST_DB: join(cwd, "lab.db"),
  };
  env.AIATTEST_CONTRACT = (await deploy({}, { cwd, env })).contract;
  const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, { cwd, env });
  await keyAdd({ role: "signer" }, { cwd, env });
  await keyAdd({ role: "anchorer" }, { cwd, env });
  const { token } = await tokenCreate({ name: "load" }, { cwd, env });
  return { cwd, env, modelId: modelId as Hash, token, client: createPublicClient({ transport: http(rpcUrl) }) };
}

/** Starts `aiattest serve --ingest` on `port` and resolves once it listens. */
async function startIngest(lab: { cwd: string; env: Record<string, string> }, port: number): Promise<SpawnedCli> {
  const spawned = spawnCli(["serve", "--ingest", "--port", String(port)], { cwd: lab.cwd, env: lab.env });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    spawned.child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("listening on")) resolve();
    });
    spawned.child.once("exit", (code) => reject(new Error(`serve --ingest exited ${code}: ${seen}`)));
  });
  return spawned;
}

test("kill -9 of serve --ingest under concurrent POSTs: every 201 is in the store and verifies once anchored; retries after the restart record each key once", async () => {
  const lab = await labInProcess(node.rpcUrl);
  const { token } = lab;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = await startIngest(lab, port);

  const post = (i: number) =>
    fetch(`${base}/v1/outputs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `output-${i}` },
      body: JSON.stringify({ model: lab.modelId, response: `output ${i}` }),
    });
  const acknowledged = new Map<number, string>();
  const unsettled = new Set<number>();
  let next = 0;
  let isKilled = false;
  // 24 clients with keep-alive, until the server dies under them
  const worker = async () => {
    while (!isKilled) {
      const i = next++;
      try {
        const response = await post(i);
        if (response.status !== 201) throw new Error(`status ${response.status}: ${await response.text()}`);
        acknowledged.set(i, await response.text());
      } catch {
        unsettled.add(i);
      }
    }
  };
  const workers = Array.from({ length: 24 }, worker);
  const deadline = Date.now() + 30_000;
  while (acknowledged.size < 300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(acknowledged.size).toBeGreaterThanOrEqual(300);
  server.child.kill("SIGKILL");
  isKilled = true;
  await Promise.all(workers);
  expect((await server.done).signal).toBe("SIGKILL");
  expect(unsettled.size).toBeGreaterThan(0);

  // restarted, the clients retry what they never saw acknowledged, and a few of what they did: one record per key
  server = await startIngest(lab, port);
  const replays = new Map<number, number>();
  for (const i of [...unsettled, ...[...acknowledged.keys()].slice(0, 20)]) {
    const response = await post(i);
    expect([200, 201], await response.clone().text()).toContain(response.status);
    replays.set(i, response.status);
    if (acknowledged.has(i)) {
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(acknowledged.get(i));
    } else {
      acknowledged.set(i, await response.text());
    }
  }
  const store = await openStore(lab.env.AIATTEST_DB!);
  try {
    // records claimed in the chain's current second wait for a later run (an anchor is never older than its records)
    for (let run = 0; run < 5 && (run === 0 || (await store.countPending()) > 0); run++) {
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await anchor({}, { cwd: lab.cwd, env: lab.env })).toMatchObject({ status: "done" });
    }
    const ids = await store.listRecordIds({ afterId: 0, limit: 1_000_000 });
    // 0 lost, 0 duplicated: exactly one record per key sent
    expect(ids.length).toBe(next);
    expect(acknowledged.size).toBe(next);
    expect(await store.countPending()).toBe(0);
    const roots = new Set<string>();
    for (const [i, receipt] of acknowledged) {
      const recordId = Number(JSON.parse(receipt).recordId);
      const bundle = (await getProofBundle({ store, recordId }))!;
      expect(bundle.output.responseHash).toBe(JSON.parse(receipt).output.responseHash);
      const isFirstOfBatch = !roots.has(bundle.anchor!.root);
      roots.add(bundle.anchor!.root);
      // every bundle offline; the first of each batch on chain too
      const result = await verifyOutput({ bundle, response: `output ${i}`, ...(isFirstOfBatch ? { client: lab.client } : {}) });
      expect(result.checks.filter((check) => check.outcome === "fail"), `output ${i}`).toEqual([]);
      expect(result.valid).toBe(true);
    }
  } finally {
    await store.close();
    server.child.kill("SIGTERM");
    await server.done;
    server = undefined;
  }
}, 240_000);
