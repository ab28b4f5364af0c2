import { nodeSize } from "./nodeSize.js";

const hexLength = 2 + 2 * nodeSize;
const invalidDigit = -1;
const charZero = 48;
const charX = 120;
const asciiMask = 127;

/** Value of each ASCII hex digit, `invalidDigit` for every other character. */
const digitValues = (() => {
  const table = new Int8Array(asciiMask + 1).fill(invalidDigit);
  for (let d = 0; d < 10; d++) table[charZero + d] = d;
  for (let d = 0; d < 6; d++) {
    table[65 + d] = 10 + d;
    table[97 + d] = 10 + d;
  }
  return table;
})();

/**
 * Decodes a `0x`-prefixed string of 64 hex digits (either case) into `target` at byte `offset`.
 * Returns `false` for any other input; `target` may then hold partial output.
 *
 * Hand-rolled instead of viem's `hexToBytes` because it runs once per leaf on million-leaf batches and must
 * neither allocate nor throw.
 */
export function writeHexNode(hex: unknown, target: Uint8Array, offset: number): boolean {
  if (typeof hex !== "string" || hex.length !== hexLength) return false;
  if (hex.charCodeAt(0) !== charZero || hex.charCodeAt(1) !== charX) return false;
  // OR-ing every digit value keeps the loop branch-free; an invalid digit (-1) or a non-ASCII char sets a bit above the low four
  let bad = 0;
  for (let i = 2, o = offset; i < hexLength; i += 2, o++) {
    const c1 = hex.charCodeAt(i);
    const c2 = hex.charCodeAt(i + 1);
    const hi = digitValues[c1 & asciiMask]!;
    const lo = digitValues[c2 & asciiMask]!;
    bad |= hi | lo | ((c1 | c2) & ~asciiMask);
    target[o] = (hi << 4) | lo;
  }
  return (bad & ~15) === 0;
}
