import { serializeBundle } from "../../bundle/serializeBundle.js";
import type { RecordResult } from "../commands/record.js";
import type { RecordJsonlResult } from "../commands/recordJsonl.js";

/**
 * The text of `aiattest record`: the receipt; for `--jsonl`, a summary when the receipts went to `--out`, else
 * nothing (stdout already carries the receipts, one a line, and nothing else).
 *
 * @example
 * logger.result(result, renderRecord(result))
 */
export function renderRecord(result: RecordResult | RecordJsonlResult): string | null {
  if (!("recorded" in result)) return serializeBundle(result);
  if (result.out === null) return null;
  const rate = result.seconds > 0 ? `, ${Math.round(result.recorded / result.seconds).toLocaleString("en-US")} records/s` : "";
  return `Recorded ${result.recorded} output(s) in ${result.seconds.toFixed(1)} s${rate}; receipts in ${result.out}.`;
}
