// The lab pipeline's throughput, in one run on this machine:
// 1. signed and durably stored records per second (recorder on a SQLite file, one process), beside EAS's
//    signOffchainAttestation (signing only, nothing stored);
// 2. anchoring N pending records end to end: tree, every proof persisted, manifest, tx, receipt (Hardhat's
//    in-process chain mines at once, so no block waits are counted).
// Run: npm run bench:pipeline [-- --anchor 100000,1000000] [--records 20000]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { type Hash, bytesToHex, createWalletClient, custom, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { privateKeyToSigner } from "../../sdk/src/signing/privateKeyToSigner.js";
import { runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";
import { createEasOffchain } from "./easOffchain.js";

const { values } = parseArgs({ options: { anchor: { type: "string", default: "100000" }, records: { type: "string", default: "20000" } } });
const anchorSizes = values.anchor.split(",").map(Number);
const recordCount = Number(values.records);
const publisherKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const signerKey = keccak256(toHex("bench signer"));
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-"));
const rows: Record<string, string | number>[] = [];

// a deployment on the in-process chain: the publisher registers a model and anchors itself
const { viem, provider } = await network.create();
const attest = await viem.deployContract("AIAttest");
const publicClient = await viem.getPublicClient();
const publisher = privateKeyToAccount(publisherKey);
await attest.write.registerModel(["atlas", "1.0", zeroHash, "", zeroHash]);
const modelId = await attest.read.computeModelId([publisher.address, "atlas", "1.0"]);
const deployment = { chainId: publicClient.chain.id, contract: attest.address, publisher: publisher.address };
const wallet = createWalletClient({ account: publisher, chain: publicClient.chain, transport: custom(provider) });

// 1. records per second
{
  const store = await openSqliteStore({ path: join(scratch, "records.db") });
  await store.putModel({ modelId, publisher: publisher.address, name: "atlas", version: "1.0" });
  const recorder = await createRecorder({ store, signer: await privateKeyToSigner(signerKey), deployment });
  const response = `The capital of France is Paris. ${"lorem ipsum dolor sit amet ".repeat(20)}`;
  const concurrency = 64;
  await Promise.all(Array.from({ length: 500 }, () => recorder.record({ modelId, response }))); // warm-up
  const start = performance.now();
  for (let done = 0; done < recordCount; done += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, recordCount - done) }, () => recorder.record({ modelId, response })));
  }
  const seconds = (performance.now() - start) / 1000;
  rows.push({ benchmark: "aiattest recorder: sign + durable SQLite insert", items: recordCount, seconds: +seconds.toFixed(2), "per second": Math.round(recordCount / seconds) });
  await store.close();

  const eas = createEasOffchain({ privateKey: signerKey });
  const easCount = Math.min(3_000, recordCount);
  for (let i = 0; i < 200; i++) await eas.sign(keccak256(toHex(i)));
  const easStart = performance.now();
  for (let i = 0; i < easCount; i++) await eas.sign(keccak256(toHex(i)));
  const easSeconds = (performance.now() - easStart) / 1000;
  rows.push({ benchmark: "EAS signOffchainAttestation (sign only, not stored)", items: easCount, seconds: +easSeconds.toFixed(2), "per second": Math.round(easCount / easSeconds) });
}

// 2. anchoring N pending records: synthetic records (the anchorer never re-checks signatures)
for (const size of anchorSizes) {
  const store = await openSqliteStore({ path: join(scratch, `anchor-${size}.db`) });
  await store.bindDeployment(deployment);
  const fill = performance.now();
  for (let offset = 0; offset < size; offset += 50_000) {
    const chunk: NewRecord[] = Array.from({ length: Math.min(50_000, size - offset) }, () => {
      const leaf = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32))) as Hash;
      return { modelId, requestHash: zeroHash, responseHash: leaf, timestamp: 1n, encoding: "utf8", responseSalt: leaf, requestSalt: null, signer: publisher.address, signature: `0x${"11".repeat(65)}`, leaf };
    });
    await store.insertRecords(chunk);
  }
  const filled = (performance.now() - fill) / 1000;
  const phases: Record<string, number> = {};
  const start = performance.now();
  const result = await runAnchorer({
    store,
    client: publicClient,
    wallet,
    manifest: { dir: join(scratch, "manifests") },
    maxBatchSize: size,
    pollingInterval: 10,
    onStep: (event) => (phases[event.step] = (performance.now() - start) / 1000),
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== "done" || result.anchored !== size) throw new Error(`anchored ${JSON.stringify(result)}`);
  rows.push({
    benchmark: `anchor ${size.toLocaleString("en-US")} pending records end to end`,
    items: size,
    seconds: +seconds.toFixed(2),
    "per second": Math.round(size / seconds),
    detail: `built+persisted ${phases.built?.toFixed(2)} s, sent ${phases.sent?.toFixed(2)} s, anchored ${phases.anchored?.toFixed(2)} s (filling the store took ${filled.toFixed(1)} s, not counted)`,
  });
  await store.close();
}

console.table(rows);
await rm(scratch, { recursive: true, force: true });
