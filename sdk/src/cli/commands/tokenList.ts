import type { z } from "zod";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

export type TokenListOptions = z.input<typeof globalOptionsSchema>;

/** The tokens by name (never the tokens themselves, which the store does not have). */
export type TokenListResult = { tokens: { name: string; createdAt: number; revokedAt: number | null }[] };

/**
 * `aiattest token list`: the ingestion API's tokens in the store (AIATTEST_DB), live and revoked.
 *
 * @example
 * const { tokens } = await tokenList({}, context)
 */
export async function tokenList(options: TokenListOptions, context: CommandContext): Promise<TokenListResult> {
  const parsed = parseOptions(globalOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const store = await openStore(requireSetting(config, "db"));
  try {
    const tokens = await store.listTokens();
    return { tokens: tokens.map(({ name, createdAt, revokedAt }) => ({ name, createdAt, revokedAt })) };
  } finally {
    await store.close();
  }
}
