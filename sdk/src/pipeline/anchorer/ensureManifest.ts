import { access } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import { createMerkleTreeInParallel } from "../../merkle/createMerkleTreeInParallel.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { writeManifest } from "./writeManifest.js";

/**
 * Before a built batch's anchor is sent: its manifest file must exist, or the anchor would name a URI nobody can
 * open. A batch is persisted while its manifest is still being written (`buildBatch`), so a crash between the two
 * leaves a batch without one: it is written again here from the batch's leaves in the store, the same bytes, after
 * checking they make the batch's root (reported as a `manifest-rewritten` step). The file checked is the one the
 * batch's `file://` URI names, else `<manifest dir>/<root>.json` (what the proof server serves for an http URI).
 *
 * @throws {AnchorRunError} when the manifest is missing and the store's leaves no longer make the root (members
 * left the batch since): nothing is sent.
 * @example
 * await ensureManifest(context, batch) // then sendBatch
 */
export async function ensureManifest(context: AnchorContext, batch: StoredBatch): Promise<void> {
  const { store, deployment, manifest } = context;
  const path = batch.manifestUri.startsWith("file:") ? fileURLToPath(batch.manifestUri) : join(manifest.dir, `${batch.root}.json`);
  if (await access(path).then(() => true, () => false)) return;
  const leaves = await store.getBatchLeaves(batch.id);
  const tree = leaves.length === 0 ? null : await createMerkleTreeInParallel(leaves);
  if (tree?.root !== batch.root) {
    throw new AnchorRunError({
      step: "send",
      message: `Batch ${batch.id}'s manifest ${path} is missing, and the store's leaves of the batch no longer make its root ${batch.root}: its anchor would name a file nobody can open, so it is not sent.`,
      metaMessages: ["Restore the manifest file from a backup of the manifest folder (AIATTEST_MANIFEST_DIR), then run `aiattest anchor` again."],
    });
  }
  await writeManifest({ tree, meta: deployment, dir: manifest.dir, baseUrl: manifest.baseUrl });
  context.onStep?.({ step: "manifest-rewritten", batchId: batch.id, root: batch.root, path });
}
