import type { Address } from "viem";
import type { GetKeyReturnType } from "../../actions/getKey.js";

/**
 * Whether an anchor of `publisher` by `anchorer` at `anchoredAt` is valid: the contract's `isValidAnchorer`,
 * computed from the anchorer's key record (`key`, read with `getKey`; unused for the publisher itself, whose
 * anchors are always valid). Void once the key is revoked with an effectiveAt at or before `anchoredAt`.
 */
export function isAnchorValid({ publisher, anchorer, anchoredAt, key }: { publisher: Address; anchorer: Address; anchoredAt: bigint; key: GetKeyReturnType | null }): boolean {
  if (anchorer === publisher) return true;
  return key !== null && key.role === "anchorer" && key.publisher === publisher && key.validFrom <= anchoredAt && anchoredAt < key.validUntil;
}
