import type { Address } from "viem";
import type { GetKeyReturnType } from "../../actions/getKey.js";
import type { AnchorTimeRange } from "./AnchorTimeRange.js";

/**
 * Whether an output signed by `key` verifies when anchored at any time of `range` (PROTOCOL §8, check 11: the
 * signer must be a signer key of `publisher`, valid in `[validFrom, validUntil)` at the anchor's time):
 * - `valid`: valid over the whole range;
 * - `closing`: valid at its start but its window closes within it: the anchor may land too late;
 * - `closed`: its window closed at or before the range's start, or opens after it: no anchor from now on can
 *   make the output verify (anchor times only move later), so it is void for good;
 * - `not-a-signer`: not a signer key of the publisher at all: void for good.
 * For an anchor already mined, pass its time as both ends.
 *
 * @example
 * judgeSignerWindow({ key, publisher, range: { earliest: latest, latest: latest + 120n } }).verdict // "valid"
 */
export function judgeSignerWindow({ key, publisher, range }: { key: GetKeyReturnType; publisher: Address; range: AnchorTimeRange }): SignerWindowVerdict {
  if (key.role !== "signer" || key.publisher !== publisher) return { verdict: "not-a-signer", validUntil: null };
  if (key.validUntil <= range.earliest || key.validFrom > range.latest) return { verdict: "closed", validUntil: key.validUntil };
  if (key.validUntil <= range.latest || key.validFrom > range.earliest) return { verdict: "closing", validUntil: key.validUntil };
  return { verdict: "valid", validUntil: key.validUntil };
}

export type SignerWindowVerdict = { verdict: "valid" | "closing" | "closed" | "not-a-signer"; validUntil: bigint | null };
