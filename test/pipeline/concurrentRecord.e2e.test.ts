import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, expect, test } from "vitest";
import { revokeKey } from "../../sdk/src/actions/revokeKey.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { labOverRpc } from "./helpers/labOverRpc.js";
import { spawnCli } from "./helpers/spawnCli.js";

let lab: Awaited<ReturnType<typeof labOverRpc>>;
let stop: (() => Promise<void>) | undefined;
let rpcUrl: string;

/** Mines a block now, as a public chain does every few seconds: records claimed before it can be anchored. */
const mineBlock = () => fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }) });

beforeAll(async () => {
  const node = await startHardhatNode();
  stop = node.stop;
  rpcUrl = node.rpcUrl;
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
}, 180_000);
afterAll(() => stop?.());

const recorders = 4;
const linesEach = 500;
const singlesEach = 3;

/** `count` outputs as JSONL lines, every one distinct; odd lines carry a request, every tenth is jcs. */
function jsonlOf(prefix: string, count: number): { text: string; responses: string[] } {
  const responses: string[] = [];
  const lines = Array.from({ length: count }, (_, index) => {
    if (index % 10 === 9) {
      const response = `{"answer":"${prefix}-${index}","n":${index}}`;
      responses.push(response);
      return JSON.stringify({ response, encoding: "jcs" });
    }
    const response = `${prefix} answer ${index} — naïve 東京`;
    responses.push(response);
    return JSON.stringify(index % 2 === 1 ? { response, request: `question ${index}` } : { response });
  });
  return { text: `${lines.join("\n")}\n`, responses };
}

test(
  `${recorders} record --jsonl processes (${linesEach} lines each) and ${recorders} loops of single records, started at once on a brand-new store: none fails, every receipt's record is stored once, and all of it anchors and verifies`,
  async () => {
    // a file no process has opened yet: all of them create and migrate it at the same moment
    const env = { AIATTEST_DB: join(lab.cwd, "concurrent.db") };
    const inputs = Array.from({ length: recorders }, (_, index) => jsonlOf(`recorder ${index}`, linesEach));
    for (const [index, input] of inputs.entries()) await writeFile(join(lab.cwd, `outputs-${index}.jsonl`), input.text);
    const bulk = inputs.map((_, index) =>
      spawnCli(["record", "--jsonl", `outputs-${index}.jsonl`, "--model", lab.modelId, ...(index === 0 ? ["--out", "receipts-0.jsonl"] : [])], { cwd: lab.cwd, env: { ...lab.env, ...env } }).done,
    );
    const singles = Array.from({ length: recorders }, async (_, loop) => {
      const results = [];
      for (let index = 0; index < singlesEach; index++) {
        const response = `single ${loop}.${index}`;
        const done = await spawnCli(["record", "--model", lab.modelId, "--response", "-", "--json"], { cwd: lab.cwd, env: { ...lab.env, ...env }, stdin: response }).done;
        results.push({ response, ...done });
      }
      return results;
    });
    const [bulkDone, singlesDone] = await Promise.all([Promise.all(bulk), Promise.all(singles)]);

    const texts = new Map<number, string>();
    for (const [index, done] of bulkDone.entries()) {
      expect(`${done.stderr}${done.stdout}`).not.toMatch(/locked|busy/i);
      expect(done.code, done.stderr).toBe(0);
      const receipts = index === 0 ? await readFile(join(lab.cwd, "receipts-0.jsonl"), "utf8") : done.stdout;
      if (index === 0) expect(done.stdout).toMatch(/^Recorded 500 output\(s\) in [\d.]+ s, [\d,]+ records\/s; receipts in receipts-0\.jsonl\.\n$/);
      const lines = receipts.trimEnd().split("\n");
      expect(lines).toHaveLength(linesEach);
      // the receipt of line i is on line i
      for (const [line, text] of lines.entries()) texts.set(Number(JSON.parse(text).recordId), inputs[index]!.responses[line]!);
    }
    for (const done of singlesDone.flat()) {
      expect(`${done.stderr}${done.stdout}`).not.toMatch(/locked|busy/i);
      expect(done.code, done.stderr).toBe(0);
      texts.set(Number(JSON.parse(done.stdout).recordId), done.response);
    }
    const total = recorders * (linesEach + singlesEach);
    expect(texts.size, "every receipt names its own record").toBe(total);
    const store = await openSqliteStore({ path: env.AIATTEST_DB });
    try {
      expect(await store.countPending(), "the store holds each receipt's record, and nothing else").toBe(total);
    } finally {
      await store.close();
    }

    await mineBlock();
    const anchored = await lab.run(["anchor", "--json"], { env });
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(JSON.parse(anchored.stdout)).toMatchObject({ status: "done", anchored: total });
    await expectAnchoredExactlyOnce({ lab: { ...lab, env: { ...lab.env, ...env } }, texts });
  },
  600_000,
);

test("a bad line stops record --jsonl with exit 2 naming it: the lines before it are recorded with their receipts out, nothing after it", async () => {
  const env = { AIATTEST_DB: join(lab.cwd, "bad-line.db") };
  const good = (n: number) => JSON.stringify({ response: `good ${n}` });
  const stdin = [good(1), good(2), good(3), '{"response": "four", "requets": "typo"}', good(5)].join("\n");
  const done = await spawnCli(["record", "--jsonl", "-", "--model", lab.modelId], { cwd: lab.cwd, env: { ...lab.env, ...env }, stdin }).done;
  expect(done.code).toBe(2);
  expect(done.stderr).toContain('error: Line 4 of the JSONL input: Unrecognized key: "requets"');
  expect(done.stderr).toContain("Every line before it was recorded and its receipt written; nothing from line 4 on was recorded.");
  // output line i answers input line i: three receipts, then the bad line's error in its place
  const lines = done.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { recordId?: string; line?: number; error?: string });
  expect(lines.slice(0, 3).map((receipt) => receipt.recordId)).toEqual(["1", "2", "3"]);
  expect(lines.slice(3)).toEqual([{ line: 4, error: expect.stringContaining('Unrecognized key: "requets"') }]);
  const store = await openSqliteStore({ path: env.AIATTEST_DB });
  try {
    expect(await store.countPending()).toBe(3);
  } finally {
    await store.close();
  }

  // a model the publisher does not have fails on its own line, before any line after it is signed
  const unknownModel = `0x${"ab".repeat(32)}`;
  const second = await spawnCli(["record", "--jsonl", "-", "--model", lab.modelId], {
    cwd: lab.cwd,
    env: { ...lab.env, ...env },
    stdin: [good(6), JSON.stringify({ response: "seven", model: unknownModel }), good(8)].join("\n"),
  }).done;
  expect(second.code).toBe(2);
  expect(second.stderr).toContain(`error: Line 2 of the JSONL input: Invalid modelId: expected a model registered by ${lab.publisher}, received ${unknownModel}.`);
  const secondLines = second.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { recordId?: string; line?: number; error?: string });
  expect(secondLines).toHaveLength(2);
  expect(secondLines[1]).toEqual({ line: 2, error: expect.stringContaining("expected a model registered by") });
  const reopened = await openSqliteStore({ path: env.AIATTEST_DB });
  try {
    expect(await reopened.countPending()).toBe(4);
  } finally {
    await reopened.close();
  }
}, 120_000);

test("status shows the open batch, the last anchor and the keys with their windows (and says when the chain could not be read); key list shows a revocation; anchor progress counts records", async () => {
  const env = { AIATTEST_DB: join(lab.cwd, "status.db") };
  const recorded = await spawnCli(["record", "--jsonl", "-", "--model", lab.modelId, "--verbose"], {
    cwd: lab.cwd,
    env: { ...lab.env, ...env },
    stdin: ['{"response":"one"}', '{"response":"two"}', '{"response":"three"}'].join("\n"),
  }).done;
  expect(recorded.code, recorded.stderr).toBe(0);
  expect(recorded.stderr).toContain("recording: 3\n"); // stdin: no total known
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await mineBlock();
  const anchored = await lab.run(["anchor", "--verbose"], { env });
  expect(anchored.code, anchored.stderr).toBe(0);
  expect(anchored.stderr).toContain("anchoring records: 3/3\n");
  await lab.run(["record", "--model", lab.modelId, "--response", "-"], { env, stdin: "four" });

  const status = await lab.run(["status", "--json"], { env });
  expect(status.code).toBe(0);
  const json = JSON.parse(status.stdout);
  const batch = json.batches[0];
  expect(json).toMatchObject({ pending: 1, unanchored: 1, openBatch: null, lastAnchor: { batchId: batch.id, blockNumber: batch.blockNumber, anchoredAt: batch.anchoredAt, txHash: batch.txHash }, keysUnread: null });
  expect(json.keys.map((key: { role: string; state: string; validUntil: string }) => [key.role, key.state, key.validUntil])).toEqual([
    ["signer", "active", 2 ** 40 - 1],
    ["anchorer", "active", 2 ** 40 - 1],
  ]);
  const text = (await lab.run(["status"], { env })).stdout;
  expect(text).toContain("No open batch.");
  expect(text).toContain(`Last anchor: batch ${batch.id} in block ${batch.blockNumber} at `);
  expect(text).toMatch(/Keys:\n {2}signer {3}0x[0-9a-fA-F]{40} {2}valid from \S+Z, no expiry \(active\)\n {2}anchorer 0x[0-9a-fA-F]{40} {2}valid from \S+Z, no expiry \(active\)\n/);

  // the chain down, or no RPC at all: the store part, and why the keys were not read; exit 0
  const down = await lab.run(["status"], { env: { ...env, AIATTEST_RPC_URL: "http://127.0.0.1:9" } });
  expect(down.code, down.stderr).toBe(0);
  expect(down.stdout).toContain("1 record(s) pending");
  expect(down.stdout).toContain("Keys not read: Could not read the chain (eth_chainId): the RPC endpoint failed or is unreachable.");
  const { AIATTEST_RPC_URL: _rpc, ...withoutRpc } = lab.env;
  const noRpc = await spawnCli(["status", "--json"], { cwd: lab.cwd, env: { ...withoutRpc, ...env } }).done;
  expect(noRpc.code, noRpc.stderr).toBe(0);
  expect(JSON.parse(noRpc.stdout)).toMatchObject({ pending: 1, keys: null, keysUnread: "no RPC configured (AIATTEST_RPC_URL or --rpc)" });

  // key list reads the windows from the chain: a revocation closes one
  const publisher = createWalletClient({ account: privateKeyToAccount(hardhatKeys.publisher), chain: hardhat, transport: http(rpcUrl) });
  await revokeKey(publisher, { contract: lab.contract, key: privateKeyToAccount(hardhatKeys.anchorer).address });
  const listed = await lab.json(["key", "list"]);
  expect(listed).toMatchObject({ publisher: lab.publisher, contract: lab.contract, chainId: 31337 });
  expect(listed.keys.map((key: { role: string; state: string }) => [key.role, key.state])).toEqual([
    ["signer", "active"],
    ["anchorer", "closed"],
  ]);
  expect(BigInt(listed.keys[1].validUntil)).toBeLessThan(2n ** 40n - 1n);
  const human = (await lab.run(["key", "list"])).stdout;
  expect(human).toMatch(/^2 keys of publisher 0x[0-9a-fA-F]{40} on 0x[0-9a-fA-F]{40} \(chain 31337\):\nsigner {3}0x[0-9a-fA-F]{40} {2}valid from \S+Z, no expiry \(active\)\nanchorer 0x[0-9a-fA-F]{40} {2}valid from \S+Z, until \S+Z \(revoked\)\n$/);
}, 300_000);
