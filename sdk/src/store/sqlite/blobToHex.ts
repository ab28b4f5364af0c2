import type { Hex } from "viem";

const hexDigits = "0123456789abcdef";

/** Two ASCII hex digits per byte value, packed little-endian so one Uint16 store writes both in order. */
const digitPairs = (() => {
  const table = new Uint16Array(256);
  for (let b = 0; b < 256; b++) table[b] = hexDigits.charCodeAt(b >> 4) | (hexDigits.charCodeAt(b & 15) << 8);
  return table;
})();

// ASCII scratch: "0x" then the digits, grown when a longer blob comes. Uint16 stores assume a little-endian host.
let ascii = Buffer.alloc(2 + 2 * 128);
let asciiPairs = new Uint16Array(ascii.buffer, ascii.byteOffset + 2, 128);
ascii.write("0x");

/**
 * A BLOB column's bytes (or bytes `start` to `end` of it) as lowercase `0x` hex, the same text as viem's `bytesToHex`.
 *
 * Written for the proof server, which turns about 25 blobs into hex per bundle it reads: the digits go into a reused
 * ASCII buffer, decoded in one call, 3 to 5 times faster than `bytesToHex`. The result is also a flat string, where
 * `"0x" + hex` is a rope that `JSON.stringify` must flatten first: serializing a fresh bundle costs 3 to 4 times less.
 *
 * @example
 * const leaf = blobToHex(row.leaf as Uint8Array)
 */
export function blobToHex(blob: Uint8Array, start = 0, end = blob.byteLength): Hex {
  const length = end - start;
  if (length > asciiPairs.length) {
    ascii = Buffer.alloc(2 + 2 * length);
    asciiPairs = new Uint16Array(ascii.buffer, ascii.byteOffset + 2, length);
    ascii.write("0x");
  }
  for (let i = 0; i < length; i++) asciiPairs[i] = digitPairs[blob[start + i]!]!;
  return ascii.toString("latin1", 0, 2 + 2 * length) as Hex;
}
