import type { KeyRevokeResult } from "../commands/keyRevoke.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest key revoke`.
 *
 * @example
 * logger.result(result, renderKeyRevoke(result))
 */
export function renderKeyRevoke({ key, role, publisher, validUntil, blockNumber, txHash }: KeyRevokeResult): string {
  return `Revoked ${role} ${key} of publisher ${publisher}: valid until ${formatUnixTime(validUntil)} (block ${blockNumber}, tx ${txHash}).`;
}
