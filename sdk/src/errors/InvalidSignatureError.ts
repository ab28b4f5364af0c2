import type { Hex } from "viem";
import { BaseError } from "./BaseError.js";

/** Why a signature was refused before recovery. */
export type InvalidSignatureReason = "malformed" | "high-s";

/**
 * A signature that is not a canonical 65-byte secp256k1 signature: wrong length, bad `v`, or a malleable
 * high-s value (EIP-2: only `s <= n/2` is accepted, as OpenZeppelin's ECDSA does).
 *
 * @example
 * throw new InvalidSignatureError({ signature, reason: "high-s" })
 */
export class InvalidSignatureError extends BaseError {
  override name = "InvalidSignatureError" as const;
  readonly reason: InvalidSignatureReason;

  constructor({ signature, reason }: { signature: Hex; reason: InvalidSignatureReason }) {
    super(
      reason === "high-s"
        ? "Malleable signature: s is in the upper half of the curve order (EIP-2); only low-s signatures are accepted."
        : "Malformed signature: expected 65 bytes (r ‖ s ‖ v) with v = 27 or 28.",
      { details: `signature: ${signature}` },
    );
    this.reason = reason;
  }
}
