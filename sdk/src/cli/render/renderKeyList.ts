import type { KeyListResult } from "../commands/keyList.js";
import { renderKeyWindow } from "./renderKeyWindow.js";

/**
 * The human text of `aiattest key list`: one line per key, in authorization order.
 *
 * @example
 * logger.result(result, renderKeyList(result))
 */
export function renderKeyList({ publisher, contract, chainId, keys }: KeyListResult): string {
  const where = `publisher ${publisher} on ${contract} (chain ${chainId})`;
  if (keys.length === 0) return `No signer or anchorer keys of ${where}.`;
  return [`${keys.length} key${keys.length === 1 ? "" : "s"} of ${where}:`, ...keys.map(renderKeyWindow)].join("\n");
}
