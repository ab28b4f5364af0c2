// The browser verifier's size budget (issue 8): bundles a page that imports only `verifyOutput` from the SDK's
// browser entry, as a dApp's bundler would (esbuild, minified, tree-shaken), prints its size minified and gzipped
// with the largest inputs, and fails when the gzipped size is over the budget. Run by `npm run lint`.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

/** The most the page may weigh gzipped, in bytes (1 KB = 1,000 bytes). */
const gzipBudget = 60_000;
/** How many of the largest inputs (packages and SDK folders) to list. */
const listed = 12;

const root = fileURLToPath(new URL("..", import.meta.url));
const result = await build({
  stdin: { contents: `export { verifyOutput } from "./sdk/src/index.js";`, resolveDir: root, sourcefile: "page.ts", loader: "ts" },
  bundle: true,
  platform: "browser",
  format: "esm",
  minify: true,
  write: false,
  metafile: true,
  logLevel: "silent",
});
const code = result.outputFiles[0]!.contents;
const gzipped = gzipSync(code).length;

console.log(`browser verifyOutput: ${kb(code.length)} minified, ${kb(gzipped)} gzip (budget ${kb(gzipBudget)} gzip)`);
for (const [input, bytes] of largestInputs(result.metafile)) console.log(`  ${kb(bytes).padStart(9)}  ${input}`);

const nodeOnly = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("node:"));
if (nodeOnly.length > 0) {
  console.error(`The browser bundle imports Node built-ins: ${nodeOnly.join(", ")}.`);
  process.exit(1);
}
if (gzipped > gzipBudget) {
  console.error(`Over budget by ${kb(gzipped - gzipBudget)} gzip: keep Node-only and unused code off the verify path (see the inputs above).`);
  process.exit(1);
}

/** Minified bytes per package (node_modules/<name>) or SDK folder, largest first. */
function largestInputs(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(input.lastIndexOf("node_modules/")))?.[1] ?? input.replace(/\/[^/]+$/, "/");
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]).slice(0, listed);
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
