import { type Hash, parseEventLogs } from "viem";
import { getLogs } from "viem/actions";
import { expect } from "vitest";
import { aiAttestAbi } from "../../../sdk/src/abi/aiAttestAbi.js";
import { openStore } from "../../../sdk/src/cli/openStore.js";
import { getProofBundle } from "../../../sdk/src/pipeline/getProofBundle.js";
import { verifyOutput } from "../../../sdk/src/verify/verifyOutput.js";
import type { labOverRpc } from "./labOverRpc.js";

/**
 * Every record of `texts` is in exactly one anchored batch, nothing is pending or open, every root the lab's
 * store knows is on chain exactly once (and nothing else was anchored), and every bundle verifies on chain.
 */
export async function expectAnchoredExactlyOnce({ lab, texts }: { lab: Awaited<ReturnType<typeof labOverRpc>>; texts: Map<number, string> }) {
  const store = await openStore(lab.env.AIATTEST_DB!);
  try {
    expect(await store.countPending()).toBe(0);
    expect(await store.getOpenBatch()).toBeNull();
    const roots = new Map<Hash, number>();
    for (const [recordId, response] of texts) {
      const bundle = await getProofBundle({ store, recordId });
      expect(bundle?.anchor, `record ${recordId} is anchored`).not.toBeNull();
      roots.set(bundle!.anchor!.root, (roots.get(bundle!.anchor!.root) ?? 0) + 1);
      const result = await verifyOutput({ bundle, response, client: lab.client });
      expect(result.checks.filter((check) => check.outcome === "fail"), `record ${recordId}`).toEqual([]);
    }
    const logs = parseEventLogs({ abi: aiAttestAbi, logs: await getLogs(lab.client, { address: lab.contract, fromBlock: 0n }), eventName: "BatchAnchored" });
    const onChain = logs.map((log) => log.args.root);
    expect(new Set(onChain).size, "no root anchored twice").toBe(onChain.length);
    for (const root of roots.keys()) expect(onChain).toContain(root);
    const total = logs.filter((log) => roots.has(log.args.root)).reduce((sum, log) => sum + log.args.count, 0);
    expect(total, "the anchored counts add up to the records").toBe([...roots.values()].reduce((a, b) => a + b, 0));
  } finally {
    await store.close();
  }
}
