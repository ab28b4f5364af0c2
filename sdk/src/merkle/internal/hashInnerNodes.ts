/**
 * Hashes the inner nodes `to`, `to - 1`, …, `from` of a tree laid out as {@link buildNodes} lays it out (node `i`'s
 * children at `2i + 1` and `2i + 2`, 32 bytes each), each `keccak256(sort(left, right))`, as OpenZeppelin's
 * `MerkleProof` hashes pairs. Their children must be hashed (or be leaves) already.
 *
 * Self-contained on purpose (no import, no outer name): `buildNodesInParallel` sends its source to a worker thread,
 * so both threads hash with this one function.
 */
export function hashInnerNodes(nodes: Uint8Array, from: number, to: number, hash: (data: Uint8Array) => Uint8Array): void {
  const words = new Uint32Array(nodes.buffer, nodes.byteOffset, nodes.length >>> 2);
  // `pair` is reused so the loop allocates only the digest
  const pair = new Uint8Array(64);
  const pairWords = new Uint32Array(pair.buffer);
  for (let i = to; i >= from; i--) {
    const left = (2 * i + 1) * 32;
    const right = left + 32;
    let j = 0;
    while (j < 32 && nodes[left + j] === nodes[right + j]) j++;
    const leftFirst = j === 32 || nodes[left + j]! < nodes[right + j]!;
    const a = (leftFirst ? left : right) >>> 2;
    const b = (leftFirst ? right : left) >>> 2;
    for (let w = 0; w < 8; w++) {
      pairWords[w] = words[a + w]!;
      pairWords[8 + w] = words[b + w]!;
    }
    nodes.set(hash(pair), i * 32);
  }
}
