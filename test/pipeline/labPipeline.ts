import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, createWalletClient, custom } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { runAnchorer, type RunAnchorerParameters } from "../../sdk/src/pipeline/runAnchorer.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { Store } from "../../sdk/src/store/Store.js";
import type { AttestFixture } from "../helpers/deployAttestFixture.js";

/** Hardhat's default account #1, the fixture's `labAnchorer`. */
export const labAnchorerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** Hardhat's default account #0, the fixture's `lab` publisher (which may anchor for itself). */
export const labPublisherKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** A wallet signing locally with `privateKey`, sending through the fixture's chain: what `runAnchorer` takes. */
export function pipelineWallet(fixture: AttestFixture, privateKey: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(privateKey),
    chain: fixture.publicClient.chain,
    transport: custom({ request: (args) => fixture.publicClient.request(args) }),
  });
}

/**
 * A lab's pipeline on the fixture's chain: a fresh SQLite file (or the store `openStore` gives), the lab's signer
 * recording, its anchorer anchoring.
 */
export async function labPipeline(fixture: AttestFixture, { openStore }: { openStore?: (() => Promise<Store>) | undefined } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "aiattest-pipeline-"));
  const store = openStore ? await openStore() : await openSqliteStore({ path: join(dir, "lab.db") });
  const deployment = { chainId: fixture.publicClient.chain.id, contract: fixture.attest.address, publisher: fixture.addr.lab };
  // sign at the fixture's chain time: the in-process chain runs ahead of the wall clock
  const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt) });
  const wallet = pipelineWallet(fixture, labAnchorerKey);
  const anchor = (options: Partial<RunAnchorerParameters> = {}) =>
    runAnchorer({ store, client: fixture.publicClient, wallet, manifest: { dir: join(dir, "manifests") }, pollingInterval: 50, receiptTimeout: 2_000, ...options });
  return { dir, store, deployment, recorder, wallet, anchor };
}
