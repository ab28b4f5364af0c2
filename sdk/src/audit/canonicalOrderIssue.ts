import type { BatchManifest } from "../merkle/BatchManifest.js";

/**
 * Why a loaded manifest is not in the canonical order an audit requires, or null when it is: `sortLeaves` true
 * and every leaf strictly above the one before it (ascending, no repeats).
 *
 * A sorted-pair tree hashes the same root whatever the order of two siblings (or two subtrees), so a manifest
 * listing its leaves in another order rebuilds the anchored root with the anchored count: nothing on chain commits
 * to an order, and a reordered copy served at the anchored URI would move every leaf away from the `leafIndex` its
 * bundle carries. Ascending order is the one order the lab writes (`createMerkleTree` sorts by default, and
 * `dumpManifest`/`serializeManifest` list the leaves in tree order), so it is the only one an audit accepts. A
 * repeated leaf is refused too: each leaf commits to a fresh random 32-byte salt, so an honest batch never holds
 * the same leaf twice, and two equal leaves would leave a bundle's position ambiguous.
 *
 * Expects a manifest `loadManifest` returned: with `sortLeaves` true it has already refused leaves out of order.
 *
 * @example
 * const issue = canonicalOrderIssue(manifest) // { path: "leaves[5]", message: "repeats leaves[4]: …" } or null
 */
export function canonicalOrderIssue(manifest: Pick<BatchManifest, "sortLeaves" | "leaves">): { path: string; message: string } | null {
  if (!manifest.sortLeaves) {
    return { path: "sortLeaves", message: "is false: an audit requires the canonical order, the leaves sorted ascending (sortLeaves true); a sorted-pair root does not commit to an order, so another order proves nothing about any bundle's leafIndex" };
  }
  const { leaves } = manifest;
  for (let k = 1; k < leaves.length; k++) {
    // sorted ascending already (loadManifest), so a repeat is the leaf just before
    if (isSameHex(leaves[k]!, leaves[k - 1]!)) {
      return { path: `leaves[${k}]`, message: `repeats leaves[${k - 1}]: an audit requires the canonical order, strictly ascending (every leaf commits to a fresh random salt, so an honest batch never holds one twice)` };
    }
  }
  return null;
}

// case-insensitive equality of two hex strings, stopping at the first differing digit (a million leaves: no copies)
function isSameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a.charCodeAt(i) | 0x20) !== (b.charCodeAt(i) | 0x20)) return false;
  return true;
}
