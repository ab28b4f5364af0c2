import { mkdir, open, rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BatchManifestMeta } from "../../merkle/BatchManifest.js";
import type { MerkleTree } from "../../merkle/MerkleTree.js";
import { serializeManifest } from "../../merkle/serializeManifest.js";

/**
 * Writes a batch manifest to `<dir>/<root>.json` atomically and durably (temp file, fsync, rename, fsync of the
 * folder) and returns the URI the
 * anchor names: `<baseUrl>/<root>.json` when the lab publishes manifests over HTTP, else the file's URI. The
 * manifest is given as its tree and where it is anchored, and written by `serializeManifest` (the bytes of
 * `dumpManifest`'s JSON, without a million hex strings).
 *
 * @example
 * const uri = await writeManifest({ tree, meta: deployment, dir: "./manifests", baseUrl: "https://lab.example/batches" })
 */
export async function writeManifest({ tree, meta, dir, baseUrl }: { tree: MerkleTree; meta: BatchManifestMeta; dir: string; baseUrl?: string | undefined }): Promise<string> {
  const { root } = tree;
  const bytes = serializeManifest(tree, meta);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${root}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  // durable before the batch that names it is: the file's bytes, then its name in the folder
  const file = await open(temporary, "w");
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dir, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return manifestUriOf({ dir, baseUrl, root });
}

/** The URI an anchor names for the manifest of `root`: `<baseUrl>/<root>.json`, else the file's own URI. */
export function manifestUriOf({ dir, baseUrl, root }: { dir: string; baseUrl?: string | undefined; root: string }): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${root}.json` : pathToFileURL(resolve(join(dir, `${root}.json`))).href;
}
