import { type Hex, bytesToHex } from "viem";

/**
 * 32 bytes from the platform's CSPRNG (Web Crypto, in browsers and Node alike), as hex.
 *
 * @example
 * const salt = generateSalt() // "0x3f…" (66 chars)
 */
export function generateSalt(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}
