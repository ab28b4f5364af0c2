import type { Address, Hash, Hex } from "viem";
import type { BatchStatus, StoredBatch } from "./Store.js";
import { blobToHex } from "./sqlite/blobToHex.js";

const hexOrNull = (value: unknown) => (value === null ? null : (blobToHex(value as Uint8Array) as Hash));

/**
 * A `batches` row as both stores read it (the same columns; hashes as bytes, `fee_wei` as text, `final` as SQLite's
 * 0/1 or PostgreSQL's boolean) as a `StoredBatch`.
 *
 * @example
 * const batch = toStoredBatch(statement.get(id))
 */
export function toStoredBatch(row: Record<string, unknown>): StoredBatch {
  return {
    id: row.id as number,
    root: blobToHex(row.root as Uint8Array) as Hash,
    count: row.count as number,
    status: row.status as BatchStatus,
    manifestUri: row.manifest_uri as string,
    txHash: hexOrNull(row.tx_hash),
    rawTx: hexOrNull(row.raw_tx) as Hex | null,
    nonce: row.nonce as number | null,
    blockNumber: row.block_number as number | null,
    blockHash: hexOrNull(row.block_hash),
    anchoredAt: row.anchored_at as number | null,
    anchorer: row.anchorer === null ? null : (row.anchorer as Address),
    final: row.final === true || row.final === 1,
    sentAtBlock: row.sent_at_block as number | null,
    gasUsed: row.gas_used as number | null,
    feeWei: row.fee_wei === null ? null : BigInt(row.fee_wei as string),
    createdAt: row.created_at as number,
  };
}
