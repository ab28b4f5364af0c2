import type { KeyListEntry } from "../commands/keyList.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/** The contract's KEY_NO_EXPIRY: the `validUntil` of a key never revoked. */
const keyNoExpiry = 2n ** 40n - 1n;

/**
 * One key as a line: role, address, window and state (`aiattest key list` and `aiattest status`).
 *
 * @example
 * renderKeyWindow(key) // "signer   0x7099…79C8  valid from 2026-11-30T12:00:00Z, no expiry (active)"
 */
export function renderKeyWindow({ role, key, validFrom, validUntil, state }: Pick<KeyListEntry, "role" | "key" | "validFrom" | "validUntil" | "state">): string {
  const until = validUntil === keyNoExpiry ? "no expiry" : `until ${formatUnixTime(validUntil)}`;
  return `${role.padEnd(8)} ${key}  valid from ${formatUnixTime(validFrom)}, ${until} (${state === "closed" ? "revoked" : state === "pending" ? "not valid yet" : "active"})`;
}
