import { z } from "zod";
import { requireSetting } from "../../config/requireSetting.js";
import { createIngestToken } from "../../server/ingest/createIngestToken.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

/** A token's name: what `token list` shows and `token revoke` takes (a client, a host, a team). */
export const tokenNameSchema = z
  .string({ error: "required" })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "expected 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit");

const tokenCreateOptionsSchema = globalOptionsSchema.extend({ name: tokenNameSchema });

export type TokenCreateOptions = z.input<typeof tokenCreateOptionsSchema>;

export type TokenCreateResult = { name: string; token: string };

/**
 * `aiattest token create <name>`: a fresh bearer token for the ingestion API (`aiattest serve --ingest`), printed
 * this once: the store (AIATTEST_DB) keeps only its SHA-256 and its name.
 *
 * @throws {StoreError} when a token (live or revoked) already has this name.
 * @example
 * const { token } = await tokenCreate({ name: "inference-eu" }, context)
 */
export async function tokenCreate(options: TokenCreateOptions, context: CommandContext): Promise<TokenCreateResult> {
  const parsed = parseOptions(tokenCreateOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const store = await openStore(requireSetting(config, "db"));
  try {
    const { token, tokenHash } = createIngestToken();
    await store.createToken({ name: parsed.name, tokenHash });
    return { name: parsed.name, token };
  } finally {
    await store.close();
  }
}
