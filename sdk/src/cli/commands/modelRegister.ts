import type { Address } from "viem";
import { z } from "zod";
import { type RegisterModelReturnType, registerModel } from "../../actions/registerModel.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { bytes32Option } from "../options/bytes32Option.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const modelRegisterOptionsSchema = globalOptionsSchema.extend({
  name: z.string().min(1, "a model needs a non-empty name"),
  version: z.string().min(1, "a model needs a non-empty version"),
  weightsDigest: bytes32Option.optional(),
  metadataUri: z.string().optional(),
  parent: bytes32Option.optional(),
});

export type ModelRegisterOptions = z.input<typeof modelRegisterOptionsSchema>;

export type ModelRegisterResult = RegisterModelReturnType & { contract: Address; chainId: number };

/**
 * `aiattest model register <name> <version>`: registers a model under the publisher key (AIATTEST_PUBLISHER_KEY).
 *
 * @example
 * const { modelId } = await modelRegister({ name: "atlas", version: "1.0", metadataUri: "ipfs://card" }, context)
 */
export async function modelRegister(options: ModelRegisterOptions, context: CommandContext): Promise<ModelRegisterResult> {
  const parsed = parseOptions(modelRegisterOptionsSchema, options, { positionals: ["name", "version"] });
  const config = loadCommandConfig(parsed, context);
  const publisher = requireSetting(config, "publisherKey");
  const confirmations = requireSetting(config, "confirmations");
  const { chain, walletClient, contract } = await connectAttest(config, context);

  context.logger?.info(`Registering ${parsed.name} ${parsed.version} for publisher ${publisher.address}…`);
  const registered = await registerModel(walletClient(publisher), {
    contract,
    name: parsed.name,
    version: parsed.version,
    weightsDigest: parsed.weightsDigest,
    metadataURI: parsed.metadataUri,
    parentModelId: parsed.parent,
    confirmations,
  });
  return { ...registered, contract, chainId: chain.id };
}
