import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { spawnCli } from "./helpers/spawnCli.js";
import { startLabBehindProxy } from "./helpers/startLabBehindProxy.js";

let proxy: Awaited<ReturnType<typeof startLabBehindProxy>>["proxy"];
let lab: Awaited<ReturnType<typeof startLabBehindProxy>>["lab"];
let rpc: Awaited<ReturnType<typeof startLabBehindProxy>>["rpc"];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ proxy, lab, rpc, stop } = await startLabBehindProxy()), 180_000);
afterAll(() => stop?.());

const texts = new Map<number, string>();

describe("the aiattest CLI against a real JSON-RPC node", () => {
  test("record (file and stdin) → anchor → proof → verify: honest bundles are valid, a one-character change is not", async () => {
    const responses = ["Paris.", "naïve café — 東京 🚀", "yes"];
    const ids: number[] = [];
    for (const [index, response] of responses.entries()) {
      await lab.writeText(`response-${index}.txt`, response);
      ids.push(Number((await lab.json(["record", "--model", lab.modelId, "--response", `response-${index}.txt`])).recordId));
    }
    const piped = await lab.run(["record", "--model", lab.modelId, "--response", "-", "--json"], { stdin: "from standard input\n" });
    expect(piped.code).toBe(0);
    ids.push(Number(JSON.parse(piped.stdout).recordId));
    responses.push("from standard input\n");
    await lab.writeText("response-3.txt", responses[3]!);

    const anchored = await lab.json(["anchor"]);
    expect(anchored).toMatchObject({ status: "done", anchored: 4, reopened: 0 });

    for (const [index, id] of ids.entries()) {
      texts.set(id, responses[index]!);
      const proof = await lab.run(["proof", String(id), "--out", `bundle-${index}.json`]);
      expect(proof.code).toBe(0);
      const verified = await lab.run(["verify", "--response", `response-${index}.txt`, "--bundle", `bundle-${index}.json`, "--json"]);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, status: "anchored", mode: "online" });
    }
    const verifiedFromStdin = await lab.run(["verify", "--response", "-", "--bundle", "bundle-3.json", "--json"], { stdin: responses[3] });
    expect(verifiedFromStdin.code).toBe(0);
    expect(JSON.parse(verifiedFromStdin.stdout)).toMatchObject({ valid: true });
    await lab.writeText("tampered.txt", "Paris!");
    const tampered = await lab.run(["verify", "--response", "tampered.txt", "--bundle", "bundle-0.json", "--json"]);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ valid: false, reason: "content-mismatch" });
    const human = await lab.run(["verify", "--response", "tampered.txt", "--bundle", "bundle-0.json"]);
    expect(human.stdout).toContain("content mismatch");
  });

  test("an RPC outage mid-anchor exits non-zero with a clear message, and the next run completes", async () => {
    for (const [id, text] of (await lab.recordInProcess(["outage 1", "outage 2"])).map((id, i) => [id, `outage ${i + 1}`] as const)) texts.set(id, text);
    proxy.downOn("eth_sendRawTransaction");
    // an RPC URL with an API key in its path: it must not show up in any output
    const secretUrl = `${proxy.url}/v3/SECRET-API-KEY-1234`;
    const failed = await lab.run(["anchor", "--json"], { env: { AIATTEST_RPC_URL: secretUrl } });
    proxy.up();
    expect(failed.code).toBe(3); // chain unreachable, as for every command
    expect(`${failed.stdout}${failed.stderr}`).not.toContain("SECRET-API-KEY-1234");
    // the RPC dying during a contract read: the error text comes from viem's full message, which names the URL
    proxy.downOn("eth_call");
    const failedRead = await lab.run(["anchor", "--json"], { env: { AIATTEST_RPC_URL: secretUrl } });
    proxy.up();
    expect(failedRead.code).toBe(3);
    expect(`${failedRead.stdout}${failedRead.stderr}`).not.toContain("SECRET-API-KEY-1234");
    expect(failed.stderr).toContain("The RPC failed while sending the anchor of batch");
    expect(failed.stderr).toContain("Nothing was lost: the next run resumes from the saved state.");

    proxy.down();
    const unreachable = await lab.run(["anchor"]);
    proxy.up();
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain("Could not read the chain");

    expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 2 });
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("a reorg that removes the anchoring block (evm_snapshot / evm_revert) is re-anchored with the same root", async () => {
    for (const [id, text] of (await lab.recordInProcess(["reorg 1", "reorg 2", "reorg 3"])).map((id, i) => [id, `reorg ${i + 1}`] as const)) texts.set(id, text);
    const snapshot = await rpc("evm_snapshot");
    const first = await lab.json(["anchor"]);
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    const second = await lab.json(["anchor"]);
    expect(second).toMatchObject({ status: "done", reopened: 1, anchored: 3 });
    expect(second.batches[0].root).toBe(first.batches[0].root);
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("a run finds the lock held by a live run and does nothing; two runs started together anchor once", async () => {
    for (const [id, text] of (await lab.recordInProcess(["overlap 1", "overlap 2"])).map((id, i) => [id, `overlap ${i + 1}`] as const)) texts.set(id, text);
    // this test process plays the live run holding the lock
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    expect(await store.acquireLock({ name: "anchorer", owner: "test" })).toBe(true);
    const blocked = await lab.run(["anchor", "--json"]);
    expect(blocked.code).toBe(0);
    expect(JSON.parse(blocked.stdout)).toEqual({ status: "locked" });
    expect(await store.countPending()).toBe(2);
    await store.releaseLock({ name: "anchorer", owner: "test" });
    await store.close();

    const runs = await Promise.all([0, 1].map(() => spawnCli(["anchor", "--json"], { cwd: lab.cwd, env: lab.env }).done));
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const anchoredTotal = runs.map((run) => JSON.parse(run.stdout)).reduce((sum, result) => sum + (result.anchored ?? 0), 0);
    expect(anchoredTotal).toBe(2);
    await expectAnchoredExactlyOnce({ lab, texts });
  });
});
