import type { AttestConfig } from "../config/AttestConfig.js";
import { requireSetting } from "../config/requireSetting.js";
import { optionalSetting } from "../config/optionalSetting.js";
import { getKey } from "../actions/getKey.js";
import { CliError } from "../errors/CliError.js";
import { type Recorder, createRecorder } from "../pipeline/createRecorder.js";
import type { Store } from "../store/Store.js";
import type { CommandContext } from "./CommandContext.js";
import { connectAttest } from "./connectAttest.js";
import { exitCodes } from "./exitCodes.js";
import { openStore } from "./openStore.js";

/**
 * What `aiattest record` signs with: checks on chain that AIATTEST_SIGNER_KEY is a signer key, opens the store
 * (AIATTEST_DB) and creates the recorder over it. The caller closes `store`.
 *
 * @throws {CliError} (exit 1) when the signer key is not a signer on the contract; {ConfigError} for a missing
 * signer key or database; {ChainReadError} when the chain cannot be read.
 * @example
 * const { recorder, store } = await openRecorder(config, context)
 * try { await recorder.record({ modelId, response }) } finally { await store.close() }
 */
export async function openRecorder(config: AttestConfig, context: CommandContext): Promise<{ recorder: Recorder; store: Store }> {
  const signer = requireSetting(config, "signerKey");
  const db = requireSetting(config, "db");
  // the promised anchor delay: no receipt is signed that could not be anchored while its key is valid
  const anchorMargin = requireSetting(config, "maxAnchorDelay");
  const { publicClient, chain, contract } = await connectAttest(config, context);
  const key = await getKey(publicClient, { contract, key: signer.address });
  if (key.role !== "signer") {
    throw new CliError({
      message: `${signer.address} (AIATTEST_SIGNER_KEY) is not a signer key on ${contract}.`,
      metaMessages: ["Authorize it first: aiattest key add signer"],
      exitCode: exitCodes.failure,
    });
  }
  const store = await openStore(db);
  try {
    const recorder = await createRecorder({ store, signer, deployment: { chainId: chain.id, contract, publisher: key.publisher }, client: publicClient, anchorMargin, publicUrl: optionalSetting(config, "publicUrl") });
    return { recorder, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}
