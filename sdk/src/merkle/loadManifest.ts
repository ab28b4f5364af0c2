import { batchManifestFormat } from "./batchManifestFormat.js";
import type { BatchManifest } from "./BatchManifest.js";
import { batchManifestSchema } from "./internal/batchManifestSchema.js";
import { createMerkleTree } from "./createMerkleTree.js";
import { MerkleManifestFieldError } from "../errors/MerkleManifestFieldError.js";
import { MerkleManifestFormatError } from "../errors/MerkleManifestFormatError.js";
import { MerkleManifestJsonError } from "../errors/MerkleManifestJsonError.js";
import { MerkleManifestRootMismatchError } from "../errors/MerkleManifestRootMismatchError.js";
import { isSortedLeaves } from "./internal/isSortedLeaves.js";
import { manifestFieldErrorOf } from "./internal/manifestFieldErrorOf.js";
import type { MerkleTree } from "./MerkleTree.js";
import { nodeSize } from "./internal/nodeSize.js";

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
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch (cause) {
      throw new MerkleManifestJsonError({ cause });
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new MerkleManifestFieldError({ field: "$", reason: `expected a JSON object, got ${Array.isArray(data) ? "an array" : data === null ? "null" : typeof data}` });

  // check the version first, so a newer file reports its version rather than its first unfamiliar field
  const { format } = data as { format?: unknown };
  if (format !== batchManifestFormat) throw new MerkleManifestFormatError({ format, expected: batchManifestFormat });

  const parsed = batchManifestSchema.safeParse(data);
  if (!parsed.success) throw manifestFieldErrorOf(parsed.error);
  const { chainId, contract, publisher, root, leaves } = parsed.data;
  const sortLeaves = parsed.data.sortLeaves ?? true;

  // leaves are listed in tree order, so a sorted batch lists them ascending
  if (sortLeaves && !isSortedLeaves(leaves.bytes, leaves.bytes.length / nodeSize))
    throw new MerkleManifestFieldError({ field: "leaves", reason: "not in ascending order, but sortLeaves is true (leaves must be listed in tree order: ascending, the canonical order)" });

  const tree = await createMerkleTree(leaves.bytes, { sortLeaves });
  if (tree.root !== root) throw new MerkleManifestRootMismatchError({ expected: root, actual: tree.root });

  return {
    manifest: { format: batchManifestFormat, chainId, contract, publisher, root, sortLeaves, leaves: leaves.hex },
    tree,
  };
}
