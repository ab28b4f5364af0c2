// Offline verification of single proof bundles (signature, content hashes, Merkle proof), one at a time as a
// dApp or the CLI does it, beside EAS's verifyOffchainAttestationSignature on the same machine in the same run.
// Run: npm run bench:verify
import { performance } from "node:perf_hooks";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { type Hash, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { createEasOffchain } from "./easOffchain.js";

const count = Number(process.env.BENCH_COUNT ?? 3_000);
const privateKey = keccak256(toHex("bench key"));
const domain = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const responses = Array.from({ length: count }, (_, index) => `Answer ${index}: ${"lorem ipsum ".repeat(40)}`);

// a 2^14-leaf batch: proofs of depth 14, as a busy lab's hourly batch
const receipts = await Promise.all(
  responses.map((response, index) =>
    createReceipt({ signer: privateKeyToAccount(privateKey), domain, publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", model: { name: "atlas", version: "1.0" }, response, recordId: String(index) }),
  ),
);
const leaves = receipts.map((r) => hashOutputLeaf(hashOutput({ domain, output: { ...r.output, timestamp: BigInt(r.output.timestamp) } })));
const padding = Array.from({ length: 16_384 - count }, (_, index) => keccak256(toHex(`padding ${index}`)));
const tree = SimpleMerkleTree.of([...leaves, ...padding]);
const bundles = receipts.map((receipt, index) =>
  serializeBundle({
    ...receipt,
    anchor: { root: tree.root as Hash, proof: tree.getProof(index) as Hash[], leafIndex: index, anchorer: receipt.publisher, txHash: keccak256("0x01"), blockNumber: 1, anchoredAt: receipt.output.timestamp, manifestUri: "ipfs://x" },
  }),
);

async function measure(name: string, items: number, verifyOne: (index: number) => Promise<boolean> | boolean) {
  for (let i = 0; i < Math.min(200, items); i++) await verifyOne(i); // warm-up
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < items; i++) {
    const t = performance.now();
    if (!(await verifyOne(i))) throw new Error(`${name}: item ${i} did not verify`);
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const quantile = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!;
  return { name, items, "per second": Math.round(items / seconds), "p50 ms": +quantile(0.5).toFixed(3), "p99 ms": +quantile(0.99).toFixed(3) };
}

const eas = createEasOffchain({ privateKey });
const attestations = await Promise.all(receipts.map((receipt) => eas.sign(receipt.output.responseHash)));

const rows = [
  await measure("aiattest verifyOutput (offline: parse, trust, content, signature, model id, depth-14 proof)", count, async (i) =>
    (await verifyOutput({ bundle: bundles[i], response: responses[i]!, trustedContracts: [domain.contract] })).valid),
  await measure("EAS verifyOffchainAttestationSignature (signature only)", count, (i) => eas.verify(attestations[i])),
];
console.table(rows);
const [ours, peer] = rows as [(typeof rows)[0], (typeof rows)[0]];
console.log(`aiattest: ${ours["per second"]}/s (goal >= 700/s), p50 ${ours["p50 ms"]} ms (goal <= 2 ms); ${(ours["per second"] / peer["per second"]).toFixed(2)}x EAS`);
