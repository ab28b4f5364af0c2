import type { BatchManifest } from "./BatchManifest.js";
import { computeMerkleRoot } from "./computeMerkleRoot.js";
import { parseManifestFields } from "./internal/parseManifestFields.js";
import { MerkleManifestRootMismatchError } from "../errors/MerkleManifestRootMismatchError.js";

/**
 * {@link loadManifest} without the tree: validates every field, then rebuilds only the root (level by level in one
 * buffer, no inner node kept) and checks it is the manifest's. What an audit needs of a manifest, at a fraction of
 * the memory and time of building the tree.
 *
 * @throws the errors of {@link loadManifest}, in the same order.
 * @example
 * const { manifest } = await checkManifest(await readFile("batches/batch-42.json", "utf8"));
 */
export async function checkManifest(input: unknown): Promise<{ manifest: BatchManifest }> {
  const { manifest, bytes } = parseManifestFields(input);
  const root = await computeMerkleRoot(bytes, { sortLeaves: manifest.sortLeaves });
  if (root !== manifest.root) throw new MerkleManifestRootMismatchError({ expected: manifest.root, actual: root });
  return { manifest };
}
