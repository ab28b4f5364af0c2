import type { TokenCreateResult } from "../commands/tokenCreate.js";
import type { TokenListResult } from "../commands/tokenList.js";
import type { TokenRevokeResult } from "../commands/tokenRevoke.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest token create|list|revoke`. The created token is printed alone on its last line, so
 * `aiattest token create ci | tail -1` captures it.
 *
 * @example
 * logger.result(result, renderTokens.create(result))
 */
export const renderTokens = {
  create: ({ name, token }: TokenCreateResult) => `Token "${name}" for the ingestion API (shown this once; the store keeps only its hash):\n${token}`,
  list: ({ tokens }: TokenListResult) =>
    tokens.length === 0
      ? "No ingestion tokens (aiattest token create <name>)."
      : tokens.map(({ name, createdAt, revokedAt }) => `${name}  created ${formatUnixTime(BigInt(createdAt))}${revokedAt === null ? "" : `  revoked ${formatUnixTime(BigInt(revokedAt))}`}`).join("\n"),
  revoke: ({ name }: TokenRevokeResult) => `Revoked token "${name}": refused by every serve --ingest of this store within 5 s.`,
};
