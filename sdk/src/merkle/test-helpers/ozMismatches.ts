import type { Hex } from "viem";
import { createMerkleTree } from "../createMerkleTree.js";
import { getProof } from "../getProof.js";
import { nodeToHex } from "../nodeToHex.js";
import { ozTreeOf } from "./ozTreeOf.js";

/**
 * Builds the tree of `leaves` with our code and with `SimpleMerkleTree.of`, and lists every difference: root,
 * each node (so every proof, which is a list of nodes), where each input leaf landed, and the proofs of
 * `proofInputIndices` as each library returns them. An empty list means the trees are identical.
 *
 * `isReferencePresorted` (with `sortLeaves` only) hands OpenZeppelin the same leaves already in ascending
 * order, so its sort (a BigInt comparison per step, half its run time) makes one pass; its tree is the same,
 * as it sorts by value alone, and input positions are mapped through the stable presort.
 */
export async function ozMismatches(parameters: {
  leaves: readonly Hex[];
  sortLeaves: boolean;
  proofInputIndices: readonly number[];
  /** Inputs whose proofs to also compare when requested by leaf value; default `proofInputIndices`. */
  valueProofInputIndices?: readonly number[];
  isReferencePresorted?: boolean;
}): Promise<string[]> {
  const { leaves, sortLeaves, proofInputIndices, valueProofInputIndices = proofInputIndices, isReferencePresorted = false } = parameters;
  const n = leaves.length;
  const label = `n=${n} sortLeaves=${sortLeaves}`;
  // `presorted[j]` is the input index of OpenZeppelin's j-th input leaf; lowercase hex orders as the bytes do
  const presorted = leaves.map((_, i) => i);
  if (isReferencePresorted) presorted.sort((a, b) => (leaves[a]! < leaves[b]! ? -1 : leaves[a]! > leaves[b]! ? 1 : a - b));
  const ozIndexOf = new Array<number>(n);
  presorted.forEach((inputIndex, j) => (ozIndexOf[inputIndex] = j));
  const oz = ozTreeOf(
    presorted.map((i) => leaves[i]!),
    { sortLeaves },
  );
  const tree = await createMerkleTree(leaves, { sortLeaves });
  const { tree: ozNodes, values } = oz.dump();

  const mismatches: string[] = [];
  if (tree.root !== oz.root) mismatches.push(`${label}: root ${tree.root} != ${oz.root}`);
  if (tree.nodes.length / 32 !== ozNodes.length) mismatches.push(`${label}: ${tree.nodes.length / 32} nodes != ${ozNodes.length}`);
  for (let i = 0; i < ozNodes.length; i++)
    if (nodeToHex(tree.nodes, i * 32) !== ozNodes[i]) {
      mismatches.push(`${label}: node ${i} differs`);
      break;
    }
  for (let i = 0; i < n; i++)
    if (2 * n - 2 - tree.leafIndexOfInput[i]! !== values[ozIndexOf[i]!]!.treeIndex) {
      mismatches.push(`${label}: input ${i} at leaf ${tree.leafIndexOfInput[i]}, OpenZeppelin node ${values[ozIndexOf[i]!]!.treeIndex}`);
      break;
    }
  for (const i of proofInputIndices) {
    const ours = getProof(tree, { index: tree.leafIndexOfInput[i]! });
    const theirs = oz.getProof(ozIndexOf[i]!);
    if (ours.join() !== theirs.join()) mismatches.push(`${label}: proof of input ${i} differs`);
  }
  for (const i of valueProofInputIndices) {
    const byValue = getProof(tree, { leaf: leaves[i]! });
    const theirsByValue = oz.getProof(leaves[i]!);
    if (byValue.join() !== theirsByValue.join()) mismatches.push(`${label}: proof of value ${leaves[i]} differs`);
  }
  return mismatches;
}
