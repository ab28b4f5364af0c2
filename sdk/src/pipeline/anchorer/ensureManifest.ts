import { open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import { createMerkleTreeInParallel } from "../../merkle/createMerkleTreeInParallel.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { manifestUriOf, writeManifest } from "./writeManifest.js";

/**
 * Before a built batch's anchor is sent: the manifest file its URI names must exist and be the batch's (its head
 * names the batch's root), or the anchor would name a file nobody can open. A batch is persisted while its
 * manifest is still being written (`buildBatch`), so a crash between the two leaves a batch without one: it is
 * written again here from the batch's leaves in the store, the same bytes, after checking they make the batch's
 * root, into the folder the URI names (reported as a `manifest-rewritten` step). That file is the one a `file://`
 * URI names; for an http URI, `<manifest dir>/<root>.json`, which the proof server serves, as long as the URI is
 * still the one this run's settings give.
 *
 * @throws {AnchorRunError} when the manifest is missing and cannot be written again where the URI points (members
 * left the batch since, or the manifest settings changed): nothing is sent.
 * @example
 * await ensureManifest(context, batch) // then sendBatch
 */
export async function ensureManifest(context: AnchorContext, batch: StoredBatch): Promise<void> {
  const { store, deployment, manifest } = context;
  const isFile = batch.manifestUri.startsWith("file:");
  const path = isFile ? fileURLToPath(batch.manifestUri) : join(manifest.dir, `${batch.root}.json`);
  if (await namesRoot(path, batch.root)) return;
  const refuse = (why: string, fix: string) =>
    new AnchorRunError({ step: "send", message: `Batch ${batch.id}'s manifest ${path} is missing (or not the batch's), and ${why}: its anchor would name a file nobody can open, so it is not sent.`, metaMessages: [fix] });
  if (!isFile && manifestUriOf({ ...manifest, root: batch.root }) !== batch.manifestUri) {
    throw refuse(`the manifest settings now give another URI than the batch's ${batch.manifestUri}`, "Set AIATTEST_MANIFEST_DIR and AIATTEST_MANIFEST_BASE_URL back to what they were when the batch was built, then run `aiattest anchor` again.");
  }
  const leaves = await store.getBatchLeaves(batch.id);
  const tree = leaves.length === 0 ? null : await createMerkleTreeInParallel(leaves);
  if (tree?.root !== batch.root) {
    throw refuse(`the store's leaves of the batch no longer make its root ${batch.root}`, "Restore the manifest file from a backup of the manifest folder (AIATTEST_MANIFEST_DIR), then run `aiattest anchor` again.");
  }
  await writeManifest({ tree, meta: deployment, dir: dirname(path) });
  if (!(await namesRoot(path, batch.root))) throw refuse("writing it again did not leave it there", "Check the manifest folder (AIATTEST_MANIFEST_DIR) and its disk, then run `aiattest anchor` again.");
  context.onStep?.({ step: "manifest-rewritten", batchId: batch.id, root: batch.root, path });
}

/** Whether `path` is a file whose head (where serializeManifest writes the root) names `root`. */
async function namesRoot(path: string, root: string): Promise<boolean> {
  const file = await open(path, "r").catch(() => null);
  if (!file) return false;
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString("latin1").includes(`"root": "${root.toLowerCase()}"`);
  } finally {
    await file.close();
  }
}
