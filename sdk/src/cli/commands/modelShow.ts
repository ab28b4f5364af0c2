import type { Address, Hash } from "viem";
import { z } from "zod";
import { type GetModelReturnType, getModel } from "../../actions/getModel.js";
import { requireSetting } from "../../config/requireSetting.js";
import { computeModelId } from "../../hashing/computeModelId.js";
import { CliError } from "../../errors/CliError.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { addressOption } from "../options/addressOption.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";

const modelShowOptionsSchema = globalOptionsSchema
  .extend({
    /** A model id, or a model name when `version` is given too. */
    model: z.string().trim().min(1, "expected a model id or a name"),
    version: z.string().min(1, "expected a non-empty version").optional(),
    publisher: addressOption.optional(),
  })
  .refine((options) => options.version !== undefined || bytes32Pattern.test(options.model), {
    path: ["model"],
    message: "expected a model id (0x followed by 64 hex digits), or a name followed by a version",
  });

export type ModelShowOptions = z.input<typeof modelShowOptionsSchema>;

export type ModelShowResult = NonNullable<GetModelReturnType> & { contract: Address; chainId: number };

/**
 * `aiattest model show <modelId>` or `aiattest model show <name> <version> [--publisher]`: a model's current
 * record. A name and version are resolved offline to the publisher's model id (`--publisher`, default the
 * AIATTEST_PUBLISHER_KEY account).
 *
 * @throws {CliError} (exit 1) when no such model is registered.
 * @example
 * const model = await modelShow({ model: "atlas", version: "1.0" }, context)
 */
export async function modelShow(options: ModelShowOptions, context: CommandContext): Promise<ModelShowResult> {
  const parsed = parseOptions(modelShowOptionsSchema, options, { positionals: ["model", "version"] });
  const config = loadCommandConfig(parsed, context);
  const modelId: Hash =
    parsed.version === undefined
      ? (parsed.model.toLowerCase() as Hash)
      : computeModelId({
          publisher: parsed.publisher ?? requireSetting(config, "publisherKey").address,
          name: parsed.model,
          version: parsed.version,
        });
  const { chain, publicClient, contract } = await connectAttest(config, context);

  const model = await getModel(publicClient, { contract, modelId });
  if (!model) {
    const what = parsed.version === undefined ? modelId : `${parsed.model} ${parsed.version} (id ${modelId})`;
    throw new CliError({ message: `No model ${what} is registered on ${contract} (chain ${chain.id})`, exitCode: exitCodes.failure });
  }
  return { ...model, contract, chainId: chain.id };
}
