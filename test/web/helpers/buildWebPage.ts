import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const script = new URL("../../../scripts/build-web.ts", import.meta.url).pathname;

/**
 * Builds the page from the current web/src (`scripts/build-web.ts --out`) into `out`, by default a fresh temporary
 * folder, and returns the folder.
 */
export async function buildWebPage({ out }: { out?: string } = {}): Promise<string> {
  out ??= await mkdtemp(join(tmpdir(), "aiattest-web-"));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ["--import", tsxLoader, script, "--out", out!], { timeout: 120_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`build-web failed: ${stderr}`)) : resolve(),
    ),
  );
  return out;
}
