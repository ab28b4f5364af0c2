import { compareNodes } from "./compareNodes.js";
import { describeBadNode } from "./describeBadNode.js";
import { MerkleInvalidLeafError } from "../../errors/MerkleInvalidLeafError.js";
import { MerkleInvalidProofError } from "../../errors/MerkleInvalidProofError.js";
import { getMerkleHasher } from "../../hashing/loadMerkleHasher.js";
import type { MerkleProof } from "../MerkleProof.js";
import { nodeSize } from "./nodeSize.js";
import { writeNode } from "./writeNode.js";

/** {@link processProof} returning the root as bytes. */
export function processProofBytes(leaf: unknown, proof: MerkleProof): Uint8Array {
  const hash = getMerkleHasher();
  // `pair` holds the running hash in its first half and the next sibling in its second
  const pair = new Uint8Array(2 * nodeSize);
  if (!writeNode(leaf, pair, 0)) throw new MerkleInvalidLeafError({ reason: describeBadNode(leaf) });

  const isFlat = proof instanceof Uint8Array;
  if (!isFlat && !Array.isArray(proof)) throw new MerkleInvalidProofError({ reason: "expected an array of hex values or a Uint8Array" });
  if (isFlat && proof.length % nodeSize !== 0)
    throw new MerkleInvalidProofError({ reason: `a flat proof must be a multiple of ${nodeSize} bytes long, got ${proof.length} bytes` });
  const length = isFlat ? proof.length / nodeSize : proof.length;

  const swap = new Uint8Array(nodeSize);
  for (let i = 0; i < length; i++) {
    if (isFlat) pair.set(proof.subarray(i * nodeSize, (i + 1) * nodeSize), nodeSize);
    else if (!writeNode(proof[i], pair, nodeSize)) throw new MerkleInvalidProofError({ index: i, reason: describeBadNode(proof[i]) });
    // commutative hashing: the smaller node goes first
    if (compareNodes(pair, 0, nodeSize) > 0) {
      swap.set(pair.subarray(0, nodeSize));
      pair.copyWithin(0, nodeSize);
      pair.set(swap, nodeSize);
    }
    pair.set(hash(pair), 0);
  }
  return pair.slice(0, nodeSize);
}
