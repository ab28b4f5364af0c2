import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { freePort } from "../helpers/freePort.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let lab: Awaited<ReturnType<typeof labOverRpc>>;

beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
}, 180_000);
afterAll(async () => {
  await node?.stop();
});

test("aiattest record with AIATTEST_RPC_URL at a dead port, after a first run: a receipt from the cached facts, and a warning once the cache is stale", async () => {
  const dead = { AIATTEST_RPC_URL: `http://127.0.0.1:${await freePort()}` };
  await lab.writeText("response.txt", "Paris.");
  // a first run on a new store must reach the chain
  const first = await lab.run(["record", "--model", lab.modelId, "--response", "response.txt", "--json"], { env: dead });
  expect(first.code).toBe(3);
  expect(first.stderr).toContain("Could not read the chain");
  await lab.json(["record", "--model", lab.modelId, "--response", "response.txt"]);

  const offline = await lab.run(["record", "--model", lab.modelId, "--response", "response.txt", "--json"], { env: dead });
  expect(offline.code, offline.stderr).toBe(0);
  expect(await verifyOutput({ bundle: JSON.parse(offline.stdout), response: "Paris." })).toMatchObject({ valid: true, status: "signed-only" });
  expect(offline.stderr).not.toContain("Cannot re-read");

  // facts read an hour ago: the run re-reads them in the background, fails, says so, and records all the same
  const store = await openStore(lab.env.AIATTEST_DB!);
  const facts = (await store.getKeyFacts(privateKeyToAccount(hardhatKeys.signer).address))!;
  await store.putKeyFacts({ ...facts, readAt: facts.readAt - 3600 });
  await store.close();
  const late = await lab.run(["record", "--model", lab.modelId, "--response", "response.txt", "--json"], { env: dead });
  expect(late.code, late.stderr).toBe(0);
  expect(late.stderr).toContain("Cannot re-read the signer key and models from the chain (recording goes on with the facts cached in the store)");
  expect(JSON.parse(late.stdout)).toMatchObject({ anchor: null });
  // the chain is back: every receipt is anchored
  expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 3 });
}, 120_000);
