import { batchManifestFormat } from "./batchManifestFormat.js";
import type { BatchManifest, BatchManifestMeta } from "./BatchManifest.js";
import { z } from "zod";
import { batchManifestSchema } from "./internal/batchManifestSchema.js";
import { getLeaves } from "./getLeaves.js";
import { manifestFieldErrorOf } from "./internal/manifestFieldErrorOf.js";
import type { MerkleTree } from "./MerkleTree.js";

// the manifest's own field checks; other keys of `meta` (say, a whole deployment record) are ignored
const { chainId, contract, publisher } = batchManifestSchema.shape;
const metaSchema = z.object({ chainId, contract, publisher });

/**
 * Writes the batch manifest of a tree: format tag, where it is anchored, root, `sortLeaves` and the leaves in
 * tree order. The result is plain JSON data; {@link loadManifest} reads it back. Addresses are written
 * EIP-55 checksummed. Throws `MerkleManifestFieldError` for an invalid `meta` field.
 *
 * @example
 * const tree = await createMerkleTree(leaves);
 * const manifest = dumpManifest(tree, { chainId: 8453, contract: anchorAddress, publisher: account.address });
 * await writeFile(`batches/${tree.root}.json`, JSON.stringify(manifest));
 */
export function dumpManifest(tree: MerkleTree, meta: BatchManifestMeta): BatchManifest {
  const parsed = metaSchema.safeParse(meta);
  if (!parsed.success) throw manifestFieldErrorOf(parsed.error);
  return {
    format: batchManifestFormat,
    chainId: parsed.data.chainId,
    contract: parsed.data.contract,
    publisher: parsed.data.publisher,
    root: tree.root,
    sortLeaves: tree.sortLeaves,
    leaves: getLeaves(tree),
  };
}
