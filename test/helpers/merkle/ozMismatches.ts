import { getProof as ozGetProof, makeMerkleTree } from "@openzeppelin/merkle-tree/dist/core.js";
import { createKeccak } from "hash-wasm";
import { hexToBytes, type Hex } from "viem";
import { createMerkleTree } from "../../../sdk/src/merkle/createMerkleTree.js";
import { getProof } from "../../../sdk/src/merkle/getProof.js";
import { nodeToHex } from "../../../sdk/src/merkle/internal/nodeToHex.js";
import { ozTreeOf } from "./ozTreeOf.js";

/**
 * Which OpenZeppelin code builds the reference tree.
 * - `SimpleMerkleTree`: `SimpleMerkleTree.of`, the public API, proofs by index and by value included (~15-25 µs
 *   a leaf: it ABI-encodes each leaf and builds a lookup table).
 * - `makeMerkleTree`: the layout function `SimpleMerkleTree.of` calls, fed the same leaves in the same order
 *   and hashing pairs with a separate WebAssembly keccak instead of its pure-JS one; proofs through its own
 *   `getProof`. About 30x cheaper, so it can check every size.
 */
export type OzReference = "SimpleMerkleTree" | "makeMerkleTree";

const keccak = await createKeccak(256);

/** keccak256 of the sorted pair, written independently of ours: lowercase hex strings order as their bytes. */
function nodeHash(a: unknown, b: unknown): Hex {
  const [first, second] = (a as Hex) < (b as Hex) ? [a as Hex, b as Hex] : [b as Hex, a as Hex];
  keccak.init();
  keccak.update(hexToBytes(first));
  keccak.update(hexToBytes(second));
  return `0x${keccak.digest("hex")}`;
}

/**
 * Builds the tree of `leaves` (lowercase hex) with our code and with OpenZeppelin's (`reference`), and lists
 * every difference: root, each node (so every proof, which is a list of nodes), where each input leaf landed,
 * and the proofs of `proofInputIndices` as each library extracts them. An empty list means the trees are
 * identical.
 *
 * `isReferencePresorted` (`SimpleMerkleTree` with `sortLeaves` only) hands OpenZeppelin the same leaves already
 * in ascending order, so its sort (a BigInt comparison per step, half its run time) makes one pass; its tree is
 * the same, as it sorts by value alone, and input positions are mapped through the stable presort.
 * `makeMerkleTree` does not sort, so with `sortLeaves` it is always handed the presorted leaves.
 */
export async function ozMismatches(parameters: {
  leaves: readonly Hex[];
  sortLeaves: boolean;
  proofInputIndices: readonly number[];
  /** Default `SimpleMerkleTree`. */
  reference?: OzReference;
  /** Inputs whose proofs to also compare when requested by leaf value (`SimpleMerkleTree` only); default `proofInputIndices`. */
  valueProofInputIndices?: readonly number[];
  isReferencePresorted?: boolean;
}): Promise<string[]> {
  const { leaves, sortLeaves, proofInputIndices, reference = "SimpleMerkleTree", isReferencePresorted = false } = parameters;
  const isLayoutOnly = reference === "makeMerkleTree";
  const valueProofInputIndices = isLayoutOnly ? [] : (parameters.valueProofInputIndices ?? proofInputIndices);
  const n = leaves.length;
  const label = `n=${n} sortLeaves=${sortLeaves}`;

  // `presorted[j]` is the input index of OpenZeppelin's j-th input leaf; lowercase hex orders as the bytes do
  const presorted = leaves.map((_, i) => i);
  if (isLayoutOnly ? sortLeaves : isReferencePresorted) presorted.sort((a, b) => (leaves[a]! < leaves[b]! ? -1 : leaves[a]! > leaves[b]! ? 1 : a - b));
  const ozIndexOf = new Array<number>(n);
  presorted.forEach((inputIndex, j) => (ozIndexOf[inputIndex] = j));
  const ozLeaves = presorted.map((i) => leaves[i]!);
  const oz = isLayoutOnly ? layoutReference(ozLeaves) : simpleTreeReference(ozLeaves, { sortLeaves });
  const tree = await createMerkleTree(leaves, { sortLeaves });

  const mismatches: string[] = [];
  if (tree.root !== oz.nodes[0]) mismatches.push(`${label}: root ${tree.root} != ${oz.nodes[0]}`);
  if (tree.nodes.length / 32 !== oz.nodes.length) mismatches.push(`${label}: ${tree.nodes.length / 32} nodes != ${oz.nodes.length}`);
  for (let i = 0; i < oz.nodes.length; i++)
    if (nodeToHex(tree.nodes, i * 32) !== oz.nodes[i]) {
      mismatches.push(`${label}: node ${i} differs`);
      break;
    }
  for (let i = 0; i < n; i++)
    if (2 * n - 2 - tree.leafIndexOfInput[i]! !== oz.treeIndexOf(ozIndexOf[i]!)) {
      mismatches.push(`${label}: input ${i} at leaf ${tree.leafIndexOfInput[i]}, OpenZeppelin node ${oz.treeIndexOf(ozIndexOf[i]!)}`);
      break;
    }
  for (const i of proofInputIndices) {
    const ours = getProof(tree, { index: tree.leafIndexOfInput[i]! });
    if (ours.join() !== oz.proofOf(ozIndexOf[i]!).join()) mismatches.push(`${label}: proof of input ${i} differs`);
  }
  for (const i of valueProofInputIndices) {
    const byValue = getProof(tree, { leaf: leaves[i]! });
    if (byValue.join() !== oz.proofOfValue(leaves[i]!).join()) mismatches.push(`${label}: proof of value ${leaves[i]} differs`);
  }
  return mismatches;
}

/** OpenZeppelin's tree as the comparison needs it; `ozIndex` counts OpenZeppelin's input leaves. */
type Reference = {
  nodes: readonly Hex[];
  treeIndexOf(ozIndex: number): number;
  proofOf(ozIndex: number): readonly Hex[];
  proofOfValue(leaf: Hex): readonly Hex[];
};

function simpleTreeReference(leaves: readonly Hex[], options: { sortLeaves: boolean }): Reference {
  const oz = ozTreeOf(leaves, options);
  const { tree: nodes, values } = oz.dump();
  return {
    nodes: nodes as Hex[],
    treeIndexOf: (ozIndex) => values[ozIndex]!.treeIndex,
    proofOf: (ozIndex) => oz.getProof(ozIndex) as Hex[],
    proofOfValue: (leaf) => oz.getProof(leaf) as Hex[],
  };
}

function layoutReference(leaves: readonly Hex[]): Reference {
  const nodes = makeMerkleTree(leaves as Hex[], nodeHash) as Hex[];
  // makeMerkleTree stores its k-th input leaf at node 2n-2-k
  const treeIndexOf = (ozIndex: number) => 2 * leaves.length - 2 - ozIndex;
  return {
    nodes,
    treeIndexOf,
    proofOf: (ozIndex) => ozGetProof(nodes, treeIndexOf(ozIndex)) as Hex[],
    proofOfValue: () => {
      throw new Error("makeMerkleTree has no proof by value");
    },
  };
}
