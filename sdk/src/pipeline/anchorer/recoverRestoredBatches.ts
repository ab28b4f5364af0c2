import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hash } from "viem";
import { getBatch } from "../../actions/getBatch.js";
import { getAllProofs } from "../../merkle/getAllProofs.js";
import { loadManifest } from "../../merkle/loadManifest.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { manifestUriOf } from "./writeManifest.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * The roots of manifests in the manifest folder that the store has no batch for but the chain holds anchored
 * for the publisher: batches built and anchored after the backup the store was restored from. Their records
 * are still pending in the restored store; batching them anew would anchor them a second time.
 */
export async function findRestoredAnchors(context: AnchorContext): Promise<Hash[]> {
  const { store, client, deployment, manifest } = context;
  const names = await readdir(manifest.dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const roots: Hash[] = [];
  for (const name of names.sort()) {
    const root = /^(0x[0-9a-f]{64})\.json$/.exec(name)?.[1] as Hash | undefined;
    if (!root || (await store.getBatchByRoot(root))) continue;
    try {
      if (await getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root })) roots.push(root);
    } catch (error) {
      throw toAnchorRunError("build", error, "checking the manifest folder against the chain");
    }
  }
  return roots;
}

/**
 * Puts the store's pending records that an anchored manifest holds back into that batch: same root, tree
 * positions and proofs, and the manifest URI the anchor names, so the run adopts the anchor instead of making a
 * second one. Takes the roots from `findRestoredAnchors` one at a time; null when none has a pending record.
 * Leaves of the manifest that the store does not hold (outputs recorded after the backup) are reported: their
 * receipts were handed out, and this store cannot serve their bundles.
 */
export async function recoverRestoredBatch(context: AnchorContext, roots: Hash[]): Promise<StoredBatch | null> {
  const { store, manifest: folder } = context;
  for (let root = roots.shift(); root; root = roots.shift()) {
    const { manifest, tree } = await loadManifest(await readFile(join(folder.dir, `${root}.json`), "utf8"));
    if (manifest.root !== root) continue;
    const pending = await store.getPendingIdsByLeaf();
    const { offsets, nodeIndices } = getAllProofs(tree);
    const members = manifest.leaves.flatMap((leaf, leafIndex) => {
      const recordId = pending.get(leaf);
      if (recordId === undefined) return [];
      const proof = new Uint8Array((offsets[leafIndex + 1]! - offsets[leafIndex]!) * 32);
      for (let p = offsets[leafIndex]!; p < offsets[leafIndex + 1]!; p++) proof.set(tree.nodes.subarray(nodeIndices[p]! * 32, nodeIndices[p]! * 32 + 32), (p - offsets[leafIndex]!) * 32);
      return [{ recordId, leafIndex, proof }];
    });
    const missing = manifest.leaves.length - members.length;
    if (missing > 0) context.onStep?.({ step: "missing", root, count: missing });
    if (members.length === 0) continue;
    const batch = await store.createBatch({ root, manifestUri: manifestUriOf({ ...folder, root }), members });
    context.onStep?.({ step: "built", batchId: batch.id, root: batch.root, count: batch.count });
    return batch;
  }
  return null;
}
