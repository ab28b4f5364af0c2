import { compareNodes } from "./compareNodes.js";
import { nodeSize } from "./nodeSize.js";

const radixBits = 8;
const radixSize = 1 << radixBits;
const radixMask = radixSize - 1;
const prefixBits = 32;

/**
 * Sorts `count` 32-byte leaves (flat in `bytes`) ascending as big-endian numbers and returns the permutation:
 * `order[sortedPosition] = inputIndex`. The sort is stable, so equal leaves keep their input order, exactly
 * like the `Array.prototype.sort` that `@openzeppelin/merkle-tree` uses.
 *
 * A comparison sort of a million 32-byte values costs about a second in JS; instead this radix-sorts the
 * leaves' first 4 bytes (4 passes of 8 bits, stable), then comparison-sorts only the runs that share that
 * prefix, which for hash-like leaves are a handful of pairs.
 */
export function sortLeafOrder(bytes: Uint8Array, count: number): Uint32Array {
  // big-endian 32-bit prefix of each leaf
  let keys = new Uint32Array(count);
  for (let i = 0, o = 0; i < count; i++, o += nodeSize)
    keys[i] = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;

  // one histogram pass for all four digits
  const counts = new Uint32Array(radixSize * 4);
  for (let i = 0; i < count; i++) {
    const k = keys[i]!;
    counts[k & radixMask]!++;
    counts[radixSize + ((k >>> 8) & radixMask)]!++;
    counts[2 * radixSize + ((k >>> 16) & radixMask)]!++;
    counts[3 * radixSize + (k >>> 24)]!++;
  }

  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let nextOrder = new Uint32Array(count);
  let nextKeys = new Uint32Array(count);
  for (let shift = 0, digit = 0; shift < prefixBits; shift += radixBits, digit++) {
    const base = digit * radixSize;
    // a digit shared by every leaf leaves the order unchanged
    if (counts[base + ((keys[0]! >>> shift) & radixMask)] === count) continue;
    let sum = 0;
    for (let d = 0; d < radixSize; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const k = keys[i]!;
      const slot = counts[base + ((k >>> shift) & radixMask)]!++;
      nextOrder[slot] = order[i]!;
      nextKeys[slot] = k;
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
  }

  // leaves sharing a prefix: order them by all 32 bytes, input index breaking ties
  for (let start = 0; start < count - 1; ) {
    let end = start + 1;
    while (end < count && keys[end] === keys[start]) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end));
      run.sort((a, b) => compareNodes(bytes, a * nodeSize, b * nodeSize) || a - b);
      order.set(run, start);
    }
    start = end;
  }
  return order;
}
