import type { BatchManifest } from "./BatchManifest.js";
import { createMerkleTree } from "./createMerkleTree.js";
import { parseManifestFields } from "./internal/parseManifestFields.js";
import type { MerkleManifestFieldError } from "../errors/MerkleManifestFieldError.js";
import type { MerkleManifestFormatError } from "../errors/MerkleManifestFormatError.js";
import type { MerkleManifestJsonError } from "../errors/MerkleManifestJsonError.js";
import { MerkleManifestRootMismatchError } from "../errors/MerkleManifestRootMismatchError.js";
import type { MerkleTree } from "./MerkleTree.js";

export type LoadManifestReturnType = {
  /** The validated manifest, addresses checksummed, root lowercase, `sortLeaves` explicit. */
  manifest: BatchManifest;
  /** The tree rebuilt from the manifest's leaves; its root equals `manifest.root`. */
  tree: MerkleTree;
};

export type LoadManifestErrorType =
  | MerkleManifestJsonError
  | MerkleManifestFormatError
  | MerkleManifestFieldError
  | MerkleManifestRootMismatchError;

/**
 * Reads a batch manifest (JSON text or parsed JSON), validates every field, rebuilds the tree from the leaves
 * and checks it has the manifest's root, all before returning anything.
 *
 * Throws `MerkleManifestJsonError` for text that is not JSON, `MerkleManifestFormatError` for an unknown
 * `format` tag, `MerkleManifestFieldError` naming the first invalid field (`chainId`, `leaves[3]`, ...; also
 * for leaves out of order when `sortLeaves` is true), and `MerkleManifestRootMismatchError` when the leaves do
 * not hash to the root.
 *
 * @example
 * const { manifest, tree } = await loadManifest(await readFile("batches/batch-42.json", "utf8"));
 * const proof = getProof(tree, { leaf }); // leaf: the output's 32-byte leaf
 */
export async function loadManifest(input: unknown): Promise<LoadManifestReturnType> {
  const { manifest, bytes } = parseManifestFields(input);
  const tree = await createMerkleTree(bytes, { sortLeaves: manifest.sortLeaves });
  if (tree.root !== manifest.root) throw new MerkleManifestRootMismatchError({ expected: manifest.root, actual: tree.root });
  return { manifest, tree };
}
