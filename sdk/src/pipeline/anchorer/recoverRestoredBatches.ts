import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hash } from "viem";
import { getBatch } from "../../actions/getBatch.js";
import { loadManifest } from "../../merkle/loadManifest.js";
import { AnchorRunError } from "../../errors/AnchorRunError.js";
import type { StoredBatch } from "../../store/Store.js";
import type { AnchorContext } from "./AnchorContext.js";
import { findAnchorEvent } from "./findAnchorEvent.js";
import { manifestUriOf } from "./writeManifest.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * The roots of manifests in the manifest folder that the store has no batch for but the chain holds anchored
 * for the publisher: batches built and anchored after the backup the store was restored from. Their records
 * are still pending in the restored store; batching them anew would anchor them a second time.
 */
export async function findRestoredAnchors(context: AnchorContext): Promise<Hash[]> {
  const { store, client, deployment, manifest, anchorer } = context;
  const names = await readdir(manifest.dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const roots: Hash[] = [];
  let unanchored = 0;
  try {
    for (const name of names.sort()) {
      const root = /^(0x[0-9a-f]{64})\.json$/.exec(name)?.[1] as Hash | undefined;
      if (!root || (await store.getBatchByRoot(root))) continue;
      if (await getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root })) roots.push(root);
      else unanchored++;
    }
    // a batch built after the backup whose transaction is still in flight: anchoring its outputs now would anchor them twice
    if (unanchored > 0) {
      const [pending, latest] = await Promise.all(["pending", "latest"].map((tag) => client.request({ method: "eth_getTransactionCount", params: [anchorer, tag as "pending"] })));
      if (Number(pending) > Number(latest)) {
        throw new AnchorRunError({
          step: "build",
          message: `The manifest folder holds ${unanchored} batch manifest(s) this store does not know, and a transaction of the anchorer ${anchorer} is still pending: the store was perhaps restored from a backup while an anchor was in flight.`,
          metaMessages: ["Run again once that transaction is mined (or dropped): anchoring now could anchor the same outputs twice."],
        });
      }
    }
  } catch (error) {
    throw toAnchorRunError("build", error, "checking the manifest folder against the chain");
  }
  return roots;
}

/**
 * Puts the store's pending records that an anchored manifest holds back into that batch: same root, tree and
 * tree positions, and the manifest URI the anchor names, so the run adopts the anchor instead of making a
 * second one. Takes the roots from `findRestoredAnchors` one at a time; null when none has a pending record.
 * Leaves of the manifest that the store does not hold (outputs recorded after the backup) are reported: their
 * receipts were handed out, and this store cannot serve their bundles.
 */
export async function recoverRestoredBatch(context: AnchorContext, roots: Hash[]): Promise<StoredBatch | null> {
  const { store, manifest: folder } = context;
  for (let root = roots.shift(); root; root = roots.shift()) {
    const path = join(folder.dir, `${root}.json`);
    const { manifest, tree } = await loadManifest(await readFile(path, "utf8")).catch((error: unknown) => {
      throw new AnchorRunError({ step: "build", message: `The manifest ${path}, whose root is anchored but unknown to this store, cannot be read: ${(error as Error).message}`, cause: error, metaMessages: ["Restore that file from where the lab publishes its manifests, or move it out of the folder."] });
    });
    if (manifest.root !== root) continue;
    // the anchor must name the URI this anchorer names that manifest by, or adopting it is refused: find out before claiming records
    const uri = manifestUriOf({ ...folder, root });
    const anchored = await readAnchoredUri(context, root);
    if (anchored !== uri) {
      throw new AnchorRunError({
        step: "build",
        message: `The manifest ${path} is anchored ${anchored === null ? "by an event this run cannot find" : `with the URI ${JSON.stringify(anchored)}`}, but this anchorer names it ${JSON.stringify(uri)}: its outputs, pending in this store (restored from a backup?), are left as they are.`,
        metaMessages: ["Set AIATTEST_MANIFEST_DIR and AIATTEST_MANIFEST_BASE_URL as they were when that batch was anchored, then run again."],
      });
    }
    const pending = await store.getPendingIdsByLeaf();
    const claimed = new Set<number>();
    const members = manifest.leaves.flatMap((leaf, leafIndex) => {
      const recordId = pending.get(leaf);
      // a leaf listed twice takes one record once
      if (recordId === undefined || claimed.has(recordId)) return [];
      claimed.add(recordId);
      return [{ recordId, leafIndex }];
    });
    const missing = manifest.leaves.length - members.length;
    if (missing > 0) context.onStep?.({ step: "missing", root, count: missing });
    if (members.length === 0) continue;
    const batch = await store.createBatch({ root, manifestUri: uri, tree, members });
    context.onStep?.({ step: "built", batchId: batch.id, root: batch.root, count: batch.count });
    return batch;
  }
  return null;
}

/** The manifest URI the chain's anchor of `root` names, or null when its event cannot be found. */
async function readAnchoredUri(context: AnchorContext, root: Hash): Promise<string | null> {
  const { client, deployment } = context;
  try {
    const onChain = await getBatch(client, { contract: deployment.contract, publisher: deployment.publisher, root });
    return onChain ? ((await findAnchorEvent(context, { root, anchoredAt: onChain.anchoredAt }))?.uri ?? null) : null;
  } catch (error) {
    throw toAnchorRunError("build", error, "reading the anchor of a restored manifest");
  }
}
