import { type Client, createPublicClient, defineChain, isAddressEqual } from "viem";
import type { AttestConfig } from "../config/AttestConfig.js";
import { requireSetting } from "../config/requireSetting.js";
import { optionalSetting } from "../config/optionalSetting.js";
import { rpcTransport } from "../config/rpcTransport.js";
import { privateKeyOf } from "../config/privateKeyOf.js";
import { privateKeyToSigner } from "../signing/privateKeyToSigner.js";
import { privateKeyToWorkerSigner } from "../signing/privateKeyToWorkerSigner.js";
import { getKey } from "../actions/getKey.js";
import { CliError } from "../errors/CliError.js";
import { type Recorder, createRecorder } from "../pipeline/createRecorder.js";
import type { Store, StoreDeployment } from "../store/Store.js";
import type { CommandContext } from "./CommandContext.js";
import { connectAttest } from "./connectAttest.js";
import { exitCodes } from "./exitCodes.js";
import { openStore } from "./openStore.js";

/**
 * What `aiattest record` and `aiattest serve --ingest` sign with: opens the store (AIATTEST_DB) and creates the
 * recorder over it, for AIATTEST_SIGNER_KEY. The caller closes `recorder`, then `store`.
 *
 * Recording never waits for the chain: once a run has read the signer key from the chain, its facts are cached in
 * the store, and later runs start from them without a chain read (the recorder re-reads them in the background).
 * Only a first run on a store (no deployment bound, or no cached facts of this key) connects to the chain first
 * and checks that the key is a signer.
 *
 * With AIATTEST_LOOKUP_SECRET set, every output is also keyed into the store's private provenance index.
 *
 * With `isServer` (`serve --ingest`), a private key signs on a worker thread (`privateKeyToWorkerSigner`), closed with
 * the recorder, and a SQLite store commits records on another (`openStore`'s `isServer`): the event loop keeps
 * answering requests while outputs are signed and committed. A one-shot command leaves it off
 * (starting a thread costs more than the few outputs it records).
 *
 * @throws {CliError} (exit 1) when the signer key is not a signer on the contract; {ConfigError} for a missing
 * signer key or database; {ChainReadError} when the chain cannot be read on a first run.
 * @example
 * const { recorder, store } = await openRecorder(config, context)
 * try { await recorder.record({ modelId, response }) } finally { recorder.close(); await store.close() }
 */
export async function openRecorder(config: AttestConfig, context: CommandContext, { isServer = false }: { isServer?: boolean } = {}): Promise<{ recorder: Recorder; store: Store }> {
  const account = requireSetting(config, "signerKey");
  // the recorder signs each output's digest: on libsecp256k1 (WASM) when it loads, several times viem's speed
  const privateKey = privateKeyOf(account);
  const workerSigner = privateKey !== undefined && isServer ? await privateKeyToWorkerSigner(privateKey) : undefined;
  const signer = workerSigner ?? (privateKey === undefined ? account : await privateKeyToSigner(privateKey));
  const closeSigner = () => void workerSigner?.close();
  const db = requireSetting(config, "db");
  const contract = requireSetting(config, "contract");
  // the promised anchor delay: no receipt is signed that could not be anchored while its key is valid
  const anchorMargin = requireSetting(config, "maxAnchorDelay");
  const store = await openStore(db, { isServer });
  try {
    const bound = await store.getDeployment();
    const expectedChainId = optionalSetting(config, "chainId");
    let deployment: StoreDeployment;
    let client: Client;
    if (bound && isAddressEqual(bound.contract, contract) && (expectedChainId === undefined || expectedChainId === bound.chainId) && (await store.getKeyFacts(signer.address))) {
      // started from the store: the chain is read in the background, and its id checked there
      deployment = bound;
      const chain = defineChain({ id: bound.chainId, name: `chain ${bound.chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } });
      client = createPublicClient({ chain, transport: context.transport ?? rpcTransport(requireSetting(config, "rpcUrl"), { isBackground: true }) });
    } else {
      const { publicClient, chain } = await connectAttest(config, context);
      const key = await getKey(publicClient, { contract, key: signer.address });
      if (key.role !== "signer") {
        throw new CliError({
          message: `${signer.address} (AIATTEST_SIGNER_KEY) is not a signer key on ${contract}.`,
          metaMessages: ["Authorize it first: aiattest key add signer"],
          exitCode: exitCodes.failure,
        });
      }
      deployment = { chainId: chain.id, contract, publisher: key.publisher };
      client = publicClient;
    }
    const recorder = await createRecorder({
      store,
      signer,
      deployment,
      client,
      anchorMargin,
      publicUrl: optionalSetting(config, "publicUrl"),
      // AIATTEST_LOOKUP_SECRET: every output recorded here is also keyed into the private provenance index
      lookupSecret: optionalSetting(config, "lookupSecret"),
      onRefreshError: (error) => context.logger?.warn(`Cannot re-read the signer key and models from the chain (recording goes on with the facts cached in the store): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`),
    });
    return {
      recorder: {
        ...recorder,
        close() {
          recorder.close();
          closeSigner();
        },
      },
      store,
    };
  } catch (error) {
    closeSigner();
    await store.close();
    throw error;
  }
}
