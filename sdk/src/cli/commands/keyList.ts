import type { Address } from "viem";
import { z } from "zod";
import { getChainTime } from "../../actions/getChainTime.js";
import { getKey } from "../../actions/getKey.js";
import { type ListedKey, listKeys } from "../../actions/listKeys.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { addressOption } from "../options/addressOption.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const keyListOptionsSchema = globalOptionsSchema.extend({
  publisher: addressOption.optional(),
  fromBlock: z
    .union([z.bigint(), z.string().trim().regex(/^\d+$/, "expected a block number").transform(BigInt)])
    .optional(),
});

export type KeyListOptions = z.input<typeof keyListOptionsSchema>;

/** A key with where its window stands at the chain's time. */
export type KeyListEntry = ListedKey & { state: KeyState };

/** `pending`: valid from a time still ahead; `active`: inside its window; `closed`: revoked (its window ended). */
export type KeyState = "pending" | "active" | "closed";

export type KeyListResult = { contract: Address; chainId: number; publisher: Address; chainTime: bigint; keys: KeyListEntry[] };

/**
 * `aiattest key list`: the signer and anchorer keys of a publisher (`--publisher`; default the AIATTEST_PUBLISHER_KEY
 * account, else the publisher of AIATTEST_SIGNER_KEY), with their validity windows as the registry holds them now.
 *
 * @throws {ConfigError} when no publisher is given or configured; {ChainReadError} when the chain cannot be read.
 * @example
 * const { keys } = await keyList({}, context)
 */
export async function keyList(options: KeyListOptions, context: CommandContext): Promise<KeyListResult> {
  const parsed = parseOptions(keyListOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const { chain, publicClient, contract } = await connectAttest(config, context);
  const publisher =
    parsed.publisher ??
    optionalSetting(config, "publisherKey")?.address ??
    (await getKey(publicClient, { contract, key: requireSetting(config, "signerKey").address })).publisher;
  const [keys, chainTime] = await Promise.all([
    listKeys(publicClient, { contract, publisher, fromBlock: parsed.fromBlock, logRange: requireSetting(config, "logRange") }),
    getChainTime(publicClient),
  ]);
  return { contract, chainId: chain.id, publisher, chainTime, keys: keys.map((key) => ({ ...key, state: keyStateAt(key, chainTime) })) };
}

/**
 * Where a key's window `[validFrom, validUntil)` stands at `time`.
 *
 * @example
 * keyStateAt({ validFrom: 100n, validUntil: 200n }, 150n) // "active"
 */
export function keyStateAt({ validFrom, validUntil }: { validFrom: bigint; validUntil: bigint }, time: bigint): KeyState {
  if (time < validFrom) return "pending";
  return time < validUntil ? "active" : "closed";
}
