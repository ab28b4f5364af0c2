import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** Whether this SDK runs from its TypeScript source (the repo: `npx aiattest`, tests, benches) rather than its build. */
const isSource = import.meta.url.endsWith(".ts");

/**
 * A worker thread running one of this SDK's modules. `entry` names the built file, as an import would
 * (`new URL("./signerWorker.js", import.meta.url)`); where the SDK runs from source, the worker loads the `.ts`
 * beside it through tsx (which the repo has), registered in the worker first: a worker inherits neither tsx's
 * in-process registration (`bin/aiattest.js`) nor vitest's transform.
 *
 * @example
 * const worker = startModuleWorker({ entry: new URL("./signerWorker.js", import.meta.url), workerData: { privateKey } })
 */
export function startModuleWorker({ entry, workerData }: { entry: URL; workerData?: unknown }): Worker {
  if (!isSource) return new Worker(entry, { workerData });
  const source = entry.href.replace(/\.js$/, ".ts");
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData });
}
