import { type Hex, bytesToHex } from "viem";

/** Salts drawn from the CSPRNG at once: one call per 256 salts instead of one per salt (a recorder makes two per output). */
const poolBytes = 8_192;
let pool = new Uint8Array(0);
let offset = 0;

/**
 * 32 bytes from the platform's CSPRNG (Web Crypto, in browsers and Node alike), as hex. Drawn 8 KiB at a time; each
 * salt's bytes are zeroed in the pool once handed out, so the pool never holds a salt already in use.
 *
 * @example
 * const salt = generateSalt() // "0x3f…" (66 chars)
 */
export function generateSalt(): Hex {
  if (offset + 32 > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(poolBytes));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 32);
  offset += 32;
  const salt = bytesToHex(bytes);
  bytes.fill(0);
  return salt;
}
