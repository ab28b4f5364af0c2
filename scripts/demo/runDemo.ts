import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { network } from "hardhat";
import { type EIP1193Provider, createPublicClient, createWalletClient, custom, keccak256, stringToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { deployAttest } from "../../sdk/src/actions/deployAttest.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import type { Logger } from "../../sdk/src/cli/logger.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { runAnchorer } from "../../sdk/src/pipeline/runAnchorer.js";
import { privateKeyToSigner } from "../../sdk/src/signing/privateKeyToSigner.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";

export type RunDemoParameters = {
  /** Outputs to record and anchor. */
  records: number;
  /** An empty folder for the SQLite file, the manifests and the honest bundle. */
  dir: string;
  /** Status messages and the progress bar; silent when absent. */
  logger?: Logger | undefined;
};

export type DemoResult = {
  chainId: number;
  contract: `0x${string}`;
  publisher: `0x${string}`;
  modelId: `0x${string}`;
  records: number;
  recordSeconds: number;
  anchorSeconds: number;
  gas: { deploy: bigint; registerModel: bigint; authorizeKeys: bigint; anchor: bigint };
  root: `0x${string}`;
  honest: { valid: boolean; reason: string | null };
  tampered: { valid: boolean; reason: string | null; message: string };
  files: { db: string; bundle: string; response: string };
};

// Hardhat's default funded accounts #0 and #1: the in-process chain's publisher and anchorer
const publisherKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const anchorerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/**
 * The whole flow on embedded defaults — Hardhat's in-process chain (EDR) and a SQLite file in `dir`: deploy,
 * register a model, authorize a signer and an anchorer, record the outputs, anchor them in one batch, then
 * verify an honest bundle (valid) and a one-character-tampered one (invalid, with its reason).
 *
 * @example
 * const result = await runDemo({ records: 10_000, dir: await mkdtemp(join(tmpdir(), "aiattest-demo-")) })
 */
export async function runDemo({ records, dir, logger }: RunDemoParameters): Promise<DemoResult> {
  const log = (message: string) => logger?.info(message);
  const provider = (await network.create()).provider as EIP1193Provider;
  const transport = custom(provider);
  const client = createPublicClient({ chain: hardhat, transport });
  const wallet = (key: `0x${string}`) => createWalletClient({ account: privateKeyToAccount(key), chain: hardhat, transport });
  const lab = wallet(publisherKey);
  const signerKey = generatePrivateKey();

  log("1/5 Deploying AIAttest and registering the lab's model on an in-process chain…");
  const deployed = await deployAttest(lab);
  const contract = deployed.address;
  const model = await registerModel(lab, { contract, name: "atlas-demo", version: "2026-11", weightsDigest: keccak256(stringToHex("demo weights")), metadataURI: "ipfs://model-card" });
  const signerKeyAuthorized = await authorizeKey(lab, { contract, key: privateKeyToAccount(signerKey), role: "signer" });
  const anchorerKeyAuthorized = await authorizeKey(lab, { contract, key: privateKeyToAccount(anchorerKey), role: "anchorer" });
  const gasOf = (hash: `0x${string}`) => client.getTransactionReceipt({ hash }).then((receipt) => receipt.gasUsed);

  log(`2/5 Recording ${records.toLocaleString("en-US")} outputs (signed and stored in ${join(dir, "lab.db")})…`);
  const store = await openSqliteStore({ path: join(dir, "lab.db") });
  try {
    const deployment = { chainId: hardhat.id, contract, publisher: lab.account.address };
    const recorder = await createRecorder({ store, signer: await privateKeyToSigner(signerKey), deployment, client });
    const responseOf = (i: number) => `Answer #${i}: the capital of France is Paris. 🗼 (${i % 7 === 0 ? "naïve café" : "ok"})`;
    const progress = logger?.progress({ total: records, label: "recording" });
    const recordStart = performance.now();
    for (let done = 0; done < records; done += 256) {
      const chunk = Array.from({ length: Math.min(256, records - done) }, (_, i) => recorder.record({ modelId: model.modelId, response: responseOf(done + i) }));
      await Promise.all(chunk);
      progress?.increment(chunk.length);
    }
    progress?.stop();
    const recordSeconds = (performance.now() - recordStart) / 1000;

    log("3/5 Anchoring every pending record in one batch…");
    const anchorStart = performance.now();
    const run = await runAnchorer({ store, client, wallet: wallet(anchorerKey), manifest: { dir: join(dir, "manifests") }, maxBatchSize: records, pollingInterval: 20 });
    const anchorSeconds = (performance.now() - anchorStart) / 1000;
    if (run.status !== "done" || run.batches.length !== 1) throw new Error(`The demo's anchoring run did not anchor one batch: ${JSON.stringify(run)}`);
    const [batch] = run.batches;

    log("4/5 Verifying an honest bundle on chain…");
    const recordId = Math.min(1234, records);
    const bundle = (await getProofBundle({ store, recordId }))!;
    const response = responseOf(recordId - 1);
    const honest = await verifyOutput({ bundle, response, client });

    log("5/5 Verifying the same bundle against a response with one character changed…");
    const tamperedText = response.replace("Paris", "Parix");
    const tampered = await verifyOutput({ bundle, response: tamperedText, client });
    const failed = tampered.checks.find((check) => check.outcome === "fail");

    const files = { db: join(dir, "lab.db"), bundle: join(dir, `record-${recordId}.proof.json`), response: join(dir, `record-${recordId}.txt`) };
    await Promise.all([writeFile(files.bundle, serializeBundle(bundle)), writeFile(files.response, response)]);
    return {
      chainId: hardhat.id,
      contract,
      publisher: lab.account.address,
      modelId: model.modelId,
      records,
      recordSeconds,
      anchorSeconds,
      gas: {
        deploy: await gasOf(deployed.txHash!),
        registerModel: await gasOf(model.txHash),
        authorizeKeys: (await gasOf(signerKeyAuthorized.txHash)) + (await gasOf(anchorerKeyAuthorized.txHash)),
        anchor: await gasOf(batch!.txHash!),
      },
      root: batch!.root,
      honest: { valid: honest.valid, reason: honest.reason },
      tampered: { valid: tampered.valid, reason: tampered.reason, message: failed?.message ?? "" },
      files,
    };
  } finally {
    await store.close();
  }
}
