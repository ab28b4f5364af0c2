import type { z } from "zod";
import { requireSetting } from "../../config/requireSetting.js";
import { CliError } from "../../errors/CliError.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";
import { tokenNameSchema } from "./tokenCreate.js";

const tokenRevokeOptionsSchema = globalOptionsSchema.extend({ name: tokenNameSchema });

export type TokenRevokeOptions = z.input<typeof tokenRevokeOptionsSchema>;

export type TokenRevokeResult = { name: string };

/**
 * `aiattest token revoke <name>`: the token stops working on every `aiattest serve --ingest` of this store within
 * the servers' token cache time (5 s). Its name stays taken, with its idempotency keys.
 *
 * @throws {CliError} (exit 2) when no live token has this name.
 * @example
 * await tokenRevoke({ name: "inference-eu" }, context)
 */
export async function tokenRevoke(options: TokenRevokeOptions, context: CommandContext): Promise<TokenRevokeResult> {
  const parsed = parseOptions(tokenRevokeOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const store = await openStore(requireSetting(config, "db"));
  try {
    if (!(await store.revokeToken(parsed.name))) {
      throw new CliError({ message: `No live token named "${parsed.name}" (aiattest token list).`, exitCode: exitCodes.usage });
    }
    return { name: parsed.name };
  } finally {
    await store.close();
  }
}
