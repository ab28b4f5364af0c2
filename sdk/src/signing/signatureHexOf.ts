import { type Hex, bytesToHex, serializeSignature } from "viem";

/**
 * A signature as viem's `serializeSignature` writes it, r ‖ s ‖ v (v 27 or 28), from libsecp256k1's 64 bytes
 * (r ‖ s) and recovery id, without going through bigints. A recovery id above 1 (an r past the curve order: odds
 * of 2^-127) is written by viem, as it would be.
 *
 * @example
 * const { signature, recoveryId } = secp.signRecoverable(digest, key)
 * const hex = signatureHexOf(signature, recoveryId)
 */
export function signatureHexOf(signature: Uint8Array, recoveryId: number): Hex {
  if (recoveryId === 0 || recoveryId === 1) return `${bytesToHex(signature.subarray(0, 64))}${recoveryId === 0 ? "1b" : "1c"}`;
  return serializeSignature({ r: bytesToHex(signature.subarray(0, 32)), s: bytesToHex(signature.subarray(32, 64)), yParity: recoveryId });
}
