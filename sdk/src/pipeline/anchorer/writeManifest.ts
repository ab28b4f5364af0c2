import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BatchManifest } from "../../merkle/BatchManifest.js";

/**
 * Writes a batch manifest to `<dir>/<root>.json` atomically (temp file, then rename) and returns the URI the
 * anchor names: `<baseUrl>/<root>.json` when the lab publishes manifests over HTTP, else the file's URI.
 *
 * @example
 * const uri = await writeManifest({ manifest, dir: "./manifests", baseUrl: "https://lab.example/batches" })
 */
export async function writeManifest({ manifest, dir, baseUrl }: { manifest: BatchManifest; dir: string; baseUrl?: string | undefined }): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${manifest.root}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 1)}\n`);
  await rename(temporary, path);
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${manifest.root}.json` : pathToFileURL(resolve(path)).href;
}
