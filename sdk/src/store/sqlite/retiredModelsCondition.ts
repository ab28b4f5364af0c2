import { hexToBytes } from "viem";
import type { RetiredModel } from "../Store.js";

/**
 * The SQL condition "this row's record is of one of `models`, claimed at or after that model's retirement", with its
 * values in order: one `(model_id = ? AND timestamp >= ?)` term per model, on the columns of `alias` (none: the
 * table's own). A term per model, not a JSON list joined per row: a row is compared with a few blobs at most, and a
 * term is a range of the `(model_id, timestamp)` index. No model: a condition that holds for no row.
 *
 * @example
 * const retired = retiredModelsCondition([{ modelId, retiredAt }])
 * statement(`SELECT record_id FROM pending_records WHERE ${retired.sql}`).all(...retired.values)
 */
export function retiredModelsCondition(models: readonly RetiredModel[], { alias }: { alias?: string | undefined } = {}): { sql: string; values: (Uint8Array | bigint)[] } {
  if (models.length === 0) return { sql: "0", values: [] };
  const column = (name: string) => (alias === undefined ? name : `${alias}.${name}`);
  const term = `(${column("model_id")} = ? AND ${column("timestamp")} >= ?)`;
  return { sql: `(${models.map(() => term).join(" OR ")})`, values: models.flatMap(({ modelId, retiredAt }) => [hexToBytes(modelId), retiredAt]) };
}
