import type { Address, Hash } from "viem";
import { z } from "zod";
import { getModel } from "../../actions/getModel.js";
import { listModels } from "../../actions/listModels.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { addressOption } from "../options/addressOption.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const modelListOptionsSchema = globalOptionsSchema.extend({
  publisher: addressOption.optional(),
  fromBlock: z
    .union([z.bigint(), z.string().trim().regex(/^\d+$/, "expected a block number").transform(BigInt)])
    .optional(),
});

export type ModelListOptions = z.input<typeof modelListOptionsSchema>;

/** A model with its current state: metadata may have changed since registration, and it may be retired. */
export type ModelListEntry = {
  modelId: Hash;
  name: string;
  version: string;
  weightsDigest: Hash;
  metadataURI: string;
  parentModelId: Hash;
  registeredAt: bigint;
  /** 0 while active. */
  retiredAt: bigint;
  blockNumber: bigint;
  txHash: Hash;
};

export type ModelListResult = { contract: Address; chainId: number; publisher: Address; models: ModelListEntry[] };

/**
 * `aiattest model list`: the models of a publisher (`--publisher`, default the AIATTEST_PUBLISHER_KEY account),
 * from the registration logs, each with its current metadata URI and retirement.
 *
 * @example
 * const { models } = await modelList({ publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" }, context)
 */
export async function modelList(options: ModelListOptions, context: CommandContext): Promise<ModelListResult> {
  const parsed = parseOptions(modelListOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const publisher = parsed.publisher ?? requireSetting(config, "publisherKey").address;
  const { chain, publicClient, contract } = await connectAttest(config, context);

  const listed = await listModels(publicClient, { contract, publisher, fromBlock: parsed.fromBlock, logRange: requireSetting(config, "logRange") });
  const progress = context.logger?.progress({ total: listed.length, label: "Reading models" });
  const models: ModelListEntry[] = [];
  for (const entry of listed) {
    const current = await getModel(publicClient, { contract, modelId: entry.modelId });
    progress?.increment();
    models.push({
      modelId: entry.modelId,
      name: entry.name,
      version: entry.version,
      weightsDigest: entry.weightsDigest,
      metadataURI: current?.metadataURI ?? entry.metadataURI,
      parentModelId: entry.parentModelId,
      registeredAt: current?.registeredAt ?? 0n,
      retiredAt: current?.retiredAt ?? 0n,
      blockNumber: entry.blockNumber,
      txHash: entry.txHash,
    });
  }
  progress?.stop();
  return { contract, chainId: chain.id, publisher, models };
}
