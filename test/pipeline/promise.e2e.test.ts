// A receipt is a promise: once returned, its output is anchored and verifies, or the lab is told why it cannot be.
// Each numbered case of the issue that found the ways the pipeline broke it, against a real `hardhat node`.
import { spawn, spawnSync } from "node:child_process";
import { copyFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Hash, type Hex, createWalletClient, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getLogs } from "viem/actions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { retireModel } from "../../sdk/src/actions/retireModel.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { startLabBehindProxy } from "./helpers/startLabBehindProxy.js";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const cli = fileURLToPath(new URL("../../sdk/src/cli/cli.ts", import.meta.url));
const sdkSource = fileURLToPath(new URL("../../sdk/src/", import.meta.url));

let node: Awaited<ReturnType<typeof startLabBehindProxy>>["node"];
let proxy: Awaited<ReturnType<typeof startLabBehindProxy>>["proxy"];
let lab: Awaited<ReturnType<typeof startLabBehindProxy>>["lab"];
let rpc: Awaited<ReturnType<typeof startLabBehindProxy>>["rpc"];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ node, proxy, lab, rpc, stop } = await startLabBehindProxy()), 180_000);
afterAll(() => stop?.());
const latestTime = async () => Number(((await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: Hex }).timestamp);
const pendingTime = async () => Number(((await rpc("eth_getBlockByNumber", ["pending", false])) as { timestamp: Hex }).timestamp);

/** Records `texts` in this process (an inference server) and remembers them for `expectAnchoredExactlyOnce`. */
const texts = new Map<number, string>();
async function record(responses: string[]) {
  const ids = await lab.recordInProcess(responses);
  ids.forEach((id, index) => texts.set(id, responses[index]!));
  return ids;
}
async function storedBatch(id: number) {
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    return (await store.getBatch(id))!;
  } finally {
    await store.close();
  }
}
async function anchorEvents() {
  return parseEventLogs({ abi: aiAttestAbi, logs: await getLogs(lab.client, { address: lab.contract, fromBlock: 0n }), eventName: "BatchAnchored" });
}

describe("lost outputs", () => {
  test("1. a reorg seen 70 blocks late: the batch is re-anchored, with the same signed transaction", async () => {
    await record(["late reorg 1", "late reorg 2", "late reorg 3"]);
    const snapshot = await rpc("evm_snapshot");
    const first = await lab.json(["anchor"]);
    expect(first).toMatchObject({ status: "done", anchored: 3, reopened: 0 });
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    await rpc("hardhat_mine", ["0x46"]);

    const second = await lab.json(["anchor"]);
    expect(second).toMatchObject({ status: "done", reopened: 1, anchored: 3 });
    expect(second.batches[0]).toMatchObject({ id: first.batches[0].id, root: first.batches[0].root, txHash: first.batches[0].txHash });
    expect(second.batches[0].blockNumber).toBeGreaterThan(first.batches[0].blockNumber + 69);
    await expectAnchoredExactlyOnce({ lab, texts });

    // once final (hardhat's `finalized` block is its head), it is not re-checked
    expect(await lab.json(["anchor"])).toMatchObject({ reopened: 0, anchored: 0 });
    expect(await storedBatch(first.batches[0].id)).toMatchObject({ final: true });
  });

  test("3. a clock ahead of the chain: the output waits for the chain's time, then anchors and verifies; far ahead, the recorder refuses", async () => {
    const chainNow = await pendingTime();
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    const deployment = { chainId: 31337, contract: lab.contract, publisher: lab.publisher };
    try {
      const ahead = await createRecorder({ store, signer: privateKeyToAccount(hardhatKeys.signer), deployment, client: lab.client, clock: () => chainNow + 40 });
      const receipt = await ahead.record({ modelId: lab.modelId, response: "claimed 40 s ahead" });
      texts.set(Number(receipt.recordId), "claimed 40 s ahead");
      await expect(createRecorder({ store, signer: privateKeyToAccount(hardhatKeys.signer), deployment, client: lab.client, clock: () => chainNow + 600 })).rejects.toThrow(
        /^Invalid clock: expected a clock at most 60 s ahead of the chain's, received .*, (59\d|60\d) s ahead of the chain's/m,
      );
    } finally {
      await store.close();
    }
    const early = await lab.run(["anchor", "--json"]);
    expect(early.code).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({ status: "done", anchored: 0, waiting: 1 });
    expect(early.stderr).toContain("1 record(s) left pending for the next run: claimed after the chain's time");

    await rpc("evm_increaseTime", [45]);
    await rpc("evm_mine");
    expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 1, waiting: 0 });
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("4. a retired model: the recorder refuses to sign for it, and nothing is stored", async () => {
    const retiree = await lab.json(["model", "register", "retiree", "0.1"]);
    const publisher = createWalletClient({ account: privateKeyToAccount(hardhatKeys.publisher), transport: http(node.rpcUrl) });
    await retireModel(publisher, { contract: lab.contract, modelId: retiree.modelId as Hash });
    await rpc("evm_mine");
    // an inference server whose clock agrees with the chain's (the chain here runs ahead of the wall clock)
    const chainNow = await pendingTime();
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    try {
      const deployment = { chainId: 31337, contract: lab.contract, publisher: lab.publisher };
      const recorder = await createRecorder({ store, signer: privateKeyToAccount(hardhatKeys.signer), deployment, client: lab.client, clock: () => chainNow });
      await expect(recorder.record({ modelId: retiree.modelId as Hash, response: "for a retired model" })).rejects.toThrow(
        `Invalid modelId: expected a model that is not retired, received ${retiree.modelId}, retired at`,
      );
      const receipt = await recorder.record({ modelId: lab.modelId, response: "for the active model" });
      texts.set(Number(receipt.recordId), "for the active model");
      expect(await store.countPending()).toBe(1);
    } finally {
      await store.close();
    }
  });

  test("5. invalid UTF-8 under the utf8 encoding is refused with a clear error, and nothing is stored", async () => {
    await writeFile(join(lab.cwd, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    const refused = await lab.run(["record", "--model", lab.modelId, "--response", "latin1.txt"]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/UTF-8/);
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    expect(await store.countPending()).toBe(1); // test 4's, for the active model
    await store.close();
  });
});

describe("a wedged anchorer", () => {
  test("6. a re-mined anchor transaction (another block, another time): block and time updated in place, on an RPC that refuses log scans", async () => {
    await record(["re-mined 1", "re-mined 2"]);
    const snapshot = await rpc("evm_snapshot");
    const first = await lab.json(["anchor"]);
    const { rawTx } = await storedBatch(first.batches[0].id);
    expect(rawTx).toMatch(/^0x/);
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    await rpc("hardhat_mine", ["0x2", "0x5"]);
    expect(await rpc("eth_sendRawTransaction", [rawTx])).toBe(first.batches[0].txHash);

    proxy.refuse("eth_getLogs");
    try {
      const second = await lab.json(["anchor"]);
      expect(second).toMatchObject({ status: "done", reopened: 1, anchored: first.anchored });
      expect(second.batches[0]).toMatchObject({ txHash: first.batches[0].txHash, blockNumber: first.batches[0].blockNumber + 2 });
      expect(second.batches[0].anchoredAt).toBeGreaterThan(first.batches[0].anchoredAt);
    } finally {
      proxy.refuse(undefined);
    }
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("7. re-mined in another block at the same timestamp: the block is compared by hash, and updated", async () => {
    await record(["same time 1", "same time 2"]);
    const t = Math.max(await latestTime(), Math.floor(Date.now() / 1000)) + 20;
    const snapshot = await rpc("evm_snapshot");
    await rpc("evm_setNextBlockTimestamp", [t + 10]);
    const first = await lab.json(["anchor"]);
    expect(first.batches[0].anchoredAt).toBe(t + 10);
    const { rawTx } = await storedBatch(first.batches[0].id);
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    await rpc("evm_setNextBlockTimestamp", [t + 5]);
    await rpc("evm_mine");
    await rpc("evm_setNextBlockTimestamp", [t + 10]);
    await rpc("eth_sendRawTransaction", [rawTx]);

    const second = await lab.json(["anchor"]);
    expect(second).toMatchObject({ reopened: 1, anchored: 2 });
    expect(second.batches[0]).toMatchObject({ txHash: first.batches[0].txHash, blockNumber: first.batches[0].blockNumber + 1, anchoredAt: t + 10 });
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("8. the lock holds across PID namespaces that share a host name (a run in another container is refused), and dies with its holder", async () => {
    await record(["locked out"]);
    const holderScript = join(lab.cwd, "holdLock.mts");
    await writeFile(
      holderScript,
      `import { openSqliteStore } from ${JSON.stringify(join(sdkSource, "store/openSqliteStore.ts"))};
const store = await openSqliteStore({ path: process.argv[2]! });
console.log(await store.acquireLock({ name: "anchorer", owner: "other container" }) ? "held" : "busy");
// holds the store (and with it the lock) until killed
setInterval(() => store, 1000);
`,
    );
    // the holder is PID 3 in its namespace (sh, /bin/true, node): that PID is free in the other namespace
    const holder = spawn("unshare", ["--pid", "--fork", "--mount-proc", "--kill-child", "sh", "-c", `/bin/true; "${process.execPath}" --no-warnings --import ${tsxLoader} ${holderScript} ${lab.env.AIATTEST_DB}`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on("data", (chunk: Buffer) => (chunk.toString().includes("held") ? resolve() : reject(new Error(chunk.toString()))));
        holder.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
      });
      // asynchronously: the RPC proxy runs in this process
      const blocked = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("unshare", ["--pid", "--fork", "--mount-proc", process.execPath, "--no-warnings", "--import", tsxLoader, cli, "anchor", "--json"], {
          cwd: lab.cwd,
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...lab.env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("close", (code) => resolve({ code, stdout, stderr }));
      });
      expect(blocked.code, blocked.stderr).toBe(0);
      expect(JSON.parse(blocked.stdout)).toEqual({ status: "locked" });
    } finally {
      holder.kill("SIGKILL");
      await exited;
    }
    expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 1 });
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("9. a full disk (a real 2 MiB tmpfs): recording stops with SQLite's own reason, and every receipt handed out is on disk", async () => {
    const fillScript = join(lab.cwd, "fillDisk.mts");
    await writeFile(
      fillScript,
      `import { privateKeyToAccount } from ${JSON.stringify(pathToFileURL(require.resolve("viem/accounts")).href)};
import { createRecorder } from ${JSON.stringify(join(sdkSource, "pipeline/createRecorder.ts"))};
import { openSqliteStore } from ${JSON.stringify(join(sdkSource, "store/openSqliteStore.ts"))};
const path = process.argv[2]!;
const deployment = { chainId: 31337, contract: ${JSON.stringify(lab.contract)}, publisher: ${JSON.stringify(lab.publisher)} } as const;
let store = await openSqliteStore({ path });
await store.putModel({ modelId: ${JSON.stringify(lab.modelId)}, publisher: deployment.publisher, name: "atlas", version: "1.0" });
const recorder = await createRecorder({ store, signer: privateKeyToAccount(${JSON.stringify(hardhatKeys.signer)}), deployment });
const receipts: number[] = [];
let error = "";
for (let i = 0; i < 100000 && !error; i++) {
  try {
    receipts.push(Number((await recorder.record({ modelId: ${JSON.stringify(lab.modelId)}, response: "output " + i + " " + "x".repeat(200) })).recordId));
  } catch (caught) {
    error = (caught as Error).message;
  }
}
await store.close();
store = await openSqliteStore({ path }).catch(() => store);
const missing = [];
for (const id of receipts) if (!(await store.getRecord(id))) missing.push(id);
console.log(JSON.stringify({ receipts: receipts.length, error, missing: missing.length }));
`,
    );
    const mount = join(lab.cwd, "small-disk");
    const script = `mkdir -p ${mount} && mount -t tmpfs -o size=2m tmpfs ${mount} && "${process.execPath}" --no-warnings --import ${tsxLoader} ${fillScript} ${mount}/lab.db`;
    const filled = spawnSync("unshare", ["--mount", "sh", "-c", script], { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8" });
    expect(filled.status, filled.stderr).toBe(0);
    const result = JSON.parse(filled.stdout) as { receipts: number; error: string; missing: number };
    expect(result.receipts, filled.stdout).toBeGreaterThan(50);
    expect(result.error).toContain("The store's disk is full: database or disk is full. Nothing of this write was kept.");
    expect(result.error).not.toContain("rollback");
    expect(result.missing).toBe(0);
  });
});

describe("operations", () => {
  test("10. a store restored from a backup does not anchor its outputs again: their anchor is adopted, and lost outputs are reported", async () => {
    const kept = ["backed up 1", "backed up 2", "backed up 3"];
    const keptIds = await record(kept);
    // the backup procedure of PROTOCOL §10: a consistent copy while the lab runs
    const backup = join(lab.cwd, "backup.db");
    const db = new DatabaseSync(lab.env.AIATTEST_DB!);
    db.exec(`VACUUM INTO '${backup}'`);
    db.close();
    const lostIds = await lab.recordInProcess(["after the backup 1", "after the backup 2"]);
    const first = await lab.json(["anchor"]);
    expect(first).toMatchObject({ anchored: 5 });
    const eventsBefore = (await anchorEvents()).length;

    // the disk dies; the store comes back from the backup (the manifest folder survived, as published files do)
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${lab.env.AIATTEST_DB}${suffix}`, { force: true });
    await copyFile(backup, lab.env.AIATTEST_DB!);
    const second = await lab.run(["anchor", "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ status: "done", anchored: 3, batches: [{ root: first.batches[0].root, txHash: first.batches[0].txHash }] });
    expect(second.stderr).toContain(`The anchored manifest ${first.batches[0].root}.json holds 2 output(s) this store does not`);
    expect(second.stderr).toContain(`adopting transaction ${first.batches[0].txHash}`);
    expect((await anchorEvents()).length, "nothing anchored a second time").toBe(eventsBefore);

    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    try {
      for (const [index, recordId] of keptIds.entries()) {
        const bundle = await getProofBundle({ store, recordId });
        const result = await verifyOutput({ bundle, response: kept[index]!, client: lab.client });
        expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
        expect(result.status).toBe("anchored");
      }
      expect(await store.countPending()).toBe(0);
      expect(await store.getRecord(lostIds[0]!)).toBeNull();
    } finally {
      await store.close();
    }
    expect(await lab.json(["anchor"])).toMatchObject({ anchored: 0, reopened: 0 });
  });

  test("11. the store and its -wal and -shm are readable by their owner only", async () => {
    // the -wal and -shm exist while a connection is open
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    try {
      for (const suffix of ["", "-wal", "-shm", "-anchorer.lock"]) expect(((await stat(`${lab.env.AIATTEST_DB}${suffix}`)).mode & 0o777).toString(8), suffix).toBe("600");
    } finally {
      await store.close();
    }
  });

  test("2. key revoke has no default, says what it would void and sends nothing without --yes off a TTY; `now` keeps the anchors of the latest block; exit 3 when the RPC dies mid-command", async () => {
    const [id] = await record(["signed before the revocation"]);
    const noMode = await lab.run(["key", "revoke", "signer"]);
    expect(noMode.code, noMode.stderr).toBe(2);
    expect(noMode.stderr).toContain("error: Say why the key goes: --rotate or --compromised-since <time>.");
    const refused = await lab.run(["key", "revoke", "signer", "--compromised-since", "now"]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("1 output(s) it signed are not anchored yet: they are void too");
    expect(refused.stderr).toContain("Run it again with --yes to send it.");
    // the case: outputs anchored in the latest block, then a revocation "now", which used to void them
    expect(await lab.json(["anchor"])).toMatchObject({ anchored: 1 });
    const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    const result = await verifyOutput({ bundle: await getProofBundle({ store, recordId: id! }), response: "signed before the revocation", client: lab.client });
    await store.close();
    expect(result).toMatchObject({ valid: true, status: "anchored" });

    proxy.downOn("eth_getTransactionReceipt");
    const dying = await lab.run(["key", "revoke", "signer", "--compromised-since", "now", "--yes"]);
    proxy.up();
    expect(dying.code, dying.stderr).toBe(3);
    expect(dying.stderr).toContain("Could not read the chain (revokeKey: waiting for the receipt of 0x");
    expect(dying.stderr).toContain("it may still be mined: check it before sending again");
    // it was mined: the key closed just after the latest block, so the output anchored in that block still verifies
    const after = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
    const still = await verifyOutput({ bundle: await getProofBundle({ store: after, recordId: id! }), response: "signed before the revocation", client: lab.client });
    await after.close();
    expect(still).toMatchObject({ valid: true, status: "anchored" });
  });
});
