// The anchorer on a chain that behaves like a public one, against a real `hardhat node`: blocks mined on an
// interval, base-fee spikes above the lab's cap, dropped and under-priced transactions, a `finalized` block that
// lags the head, and a flaky RPC.
import { type Hex, createWalletClient, http, parseEventLogs, parseGwei } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getLogs } from "viem/actions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import { type RunAnchorerParameters, runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { expectAnchoredExactlyOnce } from "./helpers/expectAnchoredExactlyOnce.js";
import { startLabBehindProxy } from "./helpers/startLabBehindProxy.js";

let node: Awaited<ReturnType<typeof startLabBehindProxy>>["node"];
let proxy: Awaited<ReturnType<typeof startLabBehindProxy>>["proxy"];
let lab: Awaited<ReturnType<typeof startLabBehindProxy>>["lab"];
let rpc: Awaited<ReturnType<typeof startLabBehindProxy>>["rpc"];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ node, proxy, lab, rpc, stop } = await startLabBehindProxy()), 180_000);
afterAll(() => stop?.());
const texts = new Map<number, string>();
async function record(responses: string[]) {
  const ids = await lab.recordInProcess(responses);
  ids.forEach((id, index) => texts.set(id, responses[index]!));
  return ids;
}
/** One anchoring run in this process, through the proxy, with the lab's anchorer key and a short wait. */
async function anchorInProcess(options: Partial<RunAnchorerParameters> = {}) {
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    const wallet = createWalletClient({ account: privateKeyToAccount(hardhatKeys.anchorer), transport: http(proxy.url) });
    return await runAnchorer({ store, client: lab.client, wallet, manifest: { dir: `${lab.cwd}/manifests` }, pollingInterval: 100, receiptTimeout: 1_500, ...options });
  } finally {
    await store.close();
  }
}
async function batchTransactions(batchId: number) {
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    return { batch: (await store.getBatch(batchId))!, transactions: await store.getBatchTransactions(batchId) };
  } finally {
    await store.close();
  }
}
/** Mines `count` blocks with `evm_mine`, in one JSON-RPC batch. */
async function mineBlocks(count: number) {
  const batch = Array.from({ length: count }, (_, id) => ({ jsonrpc: "2.0", id, method: "evm_mine", params: [] }));
  await fetch(node.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(batch) });
}
const setBaseFee = (gwei: string) => rpc("hardhat_setNextBlockBaseFeePerGas", [`0x${parseGwei(gwei).toString(16)}`]);

describe("fees", () => {
  test("interval mining with a base-fee spike above the cap: the run sends nothing and says so (exit 0), then anchors once fees fall, reporting the cost", async () => {
    await rpc("evm_setAutomine", [false]);
    await rpc("evm_setIntervalMining", [500]);
    try {
      await record(["spike 1", "spike 2"]);
      await setBaseFee("200");
      await rpc("evm_mine");
      const capped = await lab.run(["anchor", "--json"], { env: { AIATTEST_MAX_FEE_GWEI: "50" } });
      expect(capped.code, capped.stderr).toBe(0);
      const waited = JSON.parse(capped.stdout);
      expect(waited).toMatchObject({ status: "done", anchored: 0, feeCapped: { cap: Number(parseGwei("50")) } });
      expect(waited.feeCapped.needed).toBeGreaterThan(Number(parseGwei("50")));
      expect(capped.stderr).toContain("Fees are above AIATTEST_MAX_FEE_GWEI: the next block needs");
      expect(capped.stderr).toContain("the cap is 50. Nothing more was sent; the next run retries.");

      await setBaseFee("1");
      await rpc("evm_mine");
      const anchored = await lab.json(["anchor"]);
      expect(anchored).toMatchObject({ status: "done", anchored: 2, feeCapped: null });
      expect(anchored.batches[0].gasUsed).toBeGreaterThan(40_000);
      expect(BigInt(anchored.batches[0].feeWei)).toBeGreaterThan(0n);
      expect(BigInt(anchored.batches[0].feeWei)).toBeLessThanOrEqual(BigInt(anchored.batches[0].gasUsed) * parseGwei("50"));
      // aiattest status shows it, with its cost, from the store alone
      const status = await lab.json(["status"]);
      expect(status).toMatchObject({ pending: 0, unanchored: 0, batches: [{ id: anchored.batches[0].id, status: "anchored", gasUsed: anchored.batches[0].gasUsed, feeWei: anchored.batches[0].feeWei }] });
      const missing = await lab.run(["status"], { env: { AIATTEST_DB: `${lab.cwd}/typo.db` } });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`No store at ${lab.cwd}/typo.db: check AIATTEST_DB (status never creates one)`);
      const text = await lab.run(["status"]);
      expect(text.stdout).toContain(`batch ${anchored.batches[0].id}: anchored in block ${anchored.batches[0].blockNumber}, 2 output(s), ${anchored.batches[0].gasUsed.toLocaleString("en-US")} gas (`);
    } finally {
      await rpc("evm_setIntervalMining", [0]);
      await rpc("evm_setAutomine", [true]);
    }
    await expectAnchoredExactlyOnce({ lab, texts });
  });
});

describe("dropped and stuck transactions", () => {
  test("a transaction dropped from the mempool is re-broadcast, mined once, recorded once", async () => {
    await record(["dropped 1"]);
    await rpc("evm_setAutomine", [false]);
    let txHash: Hex | undefined;
    try {
      await expect(anchorInProcess({ onStep: (step) => void (step.step === "sent" && (txHash = step.txHash)) })).rejects.toBeInstanceOf(AnchorRunError);
      expect(await rpc("hardhat_dropTransaction", [txHash])).toBe(true);
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
    const result = await anchorInProcess();
    expect(result).toMatchObject({ status: "done", anchored: 1, batches: [{ txHash }] });
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("one stuck under-priced is replaced after the configured blocks (same nonce, fees raised), mined once, recorded once", async () => {
    await record(["stuck 1", "stuck 2"]);
    await rpc("evm_setAutomine", [false]);
    let first: Hex | undefined;
    try {
      await setBaseFee("1");
      await rpc("evm_mine");
      await expect(anchorInProcess({ onStep: (step) => void (step.step === "sent" && (first = step.txHash)) })).rejects.toBeInstanceOf(AnchorRunError);
      // the base fee jumps far above what the transaction offers: it cannot be mined
      await setBaseFee("500");
      await mineBlocks(3);
      expect(((await rpc("eth_getTransactionByHash", [first])) as { blockNumber: Hex | null }).blockNumber).toBeNull();
      await rpc("evm_setIntervalMining", [300]);
      const replaced: Hex[] = [];
      const result = await anchorInProcess({ replaceAfterBlocks: 3, receiptTimeout: 10_000, onStep: (step) => void (step.step === "replaced" && replaced.push(step.txHash)) });
      expect(replaced).toHaveLength(1);
      expect(result).toMatchObject({ status: "done", anchored: 2, batches: [{ txHash: replaced[0] }] });
      const { batch, transactions } = await batchTransactions(result.status === "done" ? result.batches[0]!.id : 0);
      expect(transactions).toEqual([replaced[0], first]);
      expect(batch).toMatchObject({ status: "anchored", txHash: replaced[0] });
    } finally {
      await rpc("evm_setIntervalMining", [0]);
      await rpc("evm_setAutomine", [true]);
      await setBaseFee("1");
      await rpc("evm_mine");
    }
    await expectAnchoredExactlyOnce({ lab, texts });
  });
});

describe("bounded log scans", () => {
  test("an RPC that caps eth_getLogs at 1,000 blocks, with models registered thousands of blocks apart: model list finds them all", async () => {
    // real blocks, one by one in one batch request: hardhat_mine's reserved blocks answer eth_getCode with no code,
    // which would mislead the search for the deployment block
    await mineBlocks(5_000);
    const deep = await lab.json(["model", "register", "deep", "2.0"]);
    proxy.refuse(({ method, params }) => {
      if (method !== "eth_getLogs") return false;
      const { fromBlock, toBlock } = params[0] as { fromBlock: Hex; toBlock: Hex };
      const block = (tag: Hex) => (tag.startsWith("0x") ? Number(tag) : Number.POSITIVE_INFINITY);
      return block(toBlock) - block(fromBlock) + 1 > 1_000;
    });
    try {
      const listed = await lab.json(["model", "list"]);
      expect(listed.models.map((model: { modelId: string }) => model.modelId)).toEqual([lab.modelId, deep.modelId]);
      expect(await expectGetLogsRefusedWhole()).toBe(true);
    } finally {
      proxy.refuse(undefined);
    }
  });
});

/** The capped RPC does refuse one query over the whole chain (so the listing above did split it). */
async function expectGetLogsRefusedWhole(): Promise<boolean> {
  const response = await fetch(proxy.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [{ fromBlock: "0x0", toBlock: "latest" }] }) });
  return "error" in ((await response.json()) as object);
}

describe("finality and flaky RPCs", () => {
  test("a reorg deeper than 64 blocks but above the `finalized` block (lagging 200 behind the head): the batch is re-anchored", async () => {
    // hardhat node says finalized = latest: the proxy serves one 200 blocks behind, as a public chain's lags
    proxy.lie(async ({ method, params }) => {
      if (method !== "eth_getBlockByNumber" || params[0] !== "finalized") return undefined;
      const head = Number(await rpc("eth_blockNumber"));
      return rpc("eth_getBlockByNumber", [`0x${Math.max(0, head - 200).toString(16)}`, false]);
    });
    try {
      await record(["deep reorg 1", "deep reorg 2"]);
      const snapshot = await rpc("evm_snapshot");
      const first = await lab.json(["anchor"]);
      await rpc("hardhat_mine", ["0x50"]);
      expect(await lab.json(["anchor"])).toMatchObject({ reopened: 0, anchored: 0 });
      expect((await batchTransactions(first.batches[0].id)).batch.final).toBe(false);
      expect(await rpc("evm_revert", [snapshot])).toBe(true);
      await rpc("hardhat_mine", ["0x50"]);
      const second = await lab.json(["anchor"]);
      expect(second).toMatchObject({ reopened: 1, anchored: 2, batches: [{ root: first.batches[0].root, txHash: first.batches[0].txHash }] });
      await rpc("hardhat_mine", ["0xd0"]);
      await lab.json(["anchor"]);
      expect((await batchTransactions(first.batches[0].id)).batch.final).toBe(true);
    } finally {
      proxy.lie(undefined);
    }
    await expectAnchoredExactlyOnce({ lab, texts });
  });

  test("a flaky RPC (429, 500 and dropped sockets on a fixed seed) behind a dead one: every record anchored exactly once", async () => {
    await record(["flaky 1", "flaky 2", "flaky 3"]);
    proxy.flaky(0.15, 7);
    const runs: number[] = [];
    try {
      // the first URL is dead: the fallback moves on to the flaky one
      const env = { AIATTEST_RPC_URL: `http://127.0.0.1:9,${proxy.url}` };
      for (let run = 0; run < 8; run++) {
        const result = await lab.run(["anchor", "--json"], { env });
        runs.push(result.code ?? -1);
        if (result.code === 0 && JSON.parse(result.stdout).waiting === 0) break;
      }
    } finally {
      proxy.flaky(0);
    }
    expect(runs.at(-1)).toBe(0);
    // every batch is anchored or final: hardhat's `finalized` is its head, so earlier batches are final by now
    const { batches } = await lab.json(["status", "--last", "100"]);
    expect(batches.every((batch: { status: string }) => batch.status === "anchored" || batch.status === "final")).toBe(true);
    expect(batches.some((batch: { status: string }) => batch.status === "final")).toBe(true);
    await expectAnchoredExactlyOnce({ lab, texts });
    const events = parseEventLogs({ abi: aiAttestAbi, logs: await getLogs(lab.client, { address: lab.contract, fromBlock: 0n }), eventName: "BatchAnchored" });
    expect(new Set(events.map((event) => event.args.root)).size).toBe(events.length);
  });
});
