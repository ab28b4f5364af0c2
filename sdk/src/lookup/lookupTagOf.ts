import type { Hash } from "viem";

/**
 * The index tag of a lookup key: its first 8 bytes as a big-endian signed 64-bit integer (SQLite's INTEGER and
 * PostgreSQL's bigint hold it as is). Tags may collide; a match is always re-checked against the full value.
 *
 * @example
 * lookupTagOf("0xffffffffffffffff00…") // -1n
 */
export function lookupTagOf(mac: Hash): bigint {
  return BigInt.asIntN(64, BigInt(mac.slice(0, 18)));
}
