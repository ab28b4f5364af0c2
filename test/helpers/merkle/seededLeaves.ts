import { bytesToHex, type Hex } from "viem";

/**
 * `count` pseudo-random 32-byte leaves from a seed (splitmix32), so a failing size reproduces exactly and a
 * thousand trees cost no hashing.
 */
export function seededLeaves(seed: number, count: number): Hex[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const bytes = new Uint8Array(32);
  const words = new DataView(bytes.buffer);
  return Array.from({ length: count }, () => {
    for (let w = 0; w < 8; w++) words.setUint32(w * 4, next());
    return bytesToHex(bytes);
  });
}
