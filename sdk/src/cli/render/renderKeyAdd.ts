import type { KeyAddResult } from "../commands/keyAdd.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest key add`.
 *
 * @example
 * logger.result(result, renderKeyAdd(result))
 */
export function renderKeyAdd({ status, key, role, publisher, validFrom, blockNumber, txHash }: KeyAddResult): string {
  if (status === "already-authorized") {
    return `${key} is already a ${role} of publisher ${publisher} (valid since ${formatUnixTime(validFrom)}); nothing was sent.`;
  }
  return `Authorized ${key} as ${role} of publisher ${publisher}, valid from ${formatUnixTime(validFrom)} (block ${blockNumber}, tx ${txHash}).`;
}
