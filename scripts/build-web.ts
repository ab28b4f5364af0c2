// Builds the web verifier page (web/src) into web/dist: index.html, style.css and verifier.js, one classic
// (IIFE) script, so the page works served over HTTP by `aiattest serve` or any static host, and opened from disk
// (file://, where module scripts are blocked). Prints the script's size minified and gzipped. `--out <dir>`
// builds elsewhere. Run by `npm run build:web`, and by `npm ci` (the root `prepare` script).
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import * as viemChains from "viem/chains";

/** The most the page's script may weigh gzipped (1 KB = 1,000 bytes): the SDK's verifyOutput (~56 KB) and the page. */
const pageBudget = 80_000;

const root = fileURLToPath(new URL("..", import.meta.url));
const source = join(root, "web", "src");
const outAt = process.argv.indexOf("--out");
const out = outAt > 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1]!) : join(root, "web", "dist");

await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(source, "main.ts")],
  outfile: join(out, "verifier.js"),
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: true,
  legalComments: "none",
  metafile: true,
  write: true,
  logLevel: "warning",
  plugins: [slimChains()],
});
await Promise.all(["index.html", "style.css"].map((file) => copyFile(join(source, file), join(out, file))));

// the page imports nothing that needs Node
const nodeOnly = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("node:"));
if (nodeOnly.length > 0) {
  console.error(`The web verifier imports Node built-ins: ${nodeOnly.join(", ")}.`);
  process.exit(1);
}
/**
 * `viem/chains` for the page: each chain as only the data the page reads (id, name, RPC and explorer URLs). A chain
 * object also carries its formatters and transaction serializers (the OP Stack's pull in ~15 KB minified) that a
 * verifier never runs; unused chains are still dropped by tree-shaking.
 */
function slimChains(): Plugin {
  return {
    name: "slim-viem-chains",
    setup(builder) {
      builder.onResolve({ filter: /^viem\/chains$/ }, () => ({ path: "viem/chains", namespace: "slim-chains" }));
      builder.onLoad({ filter: /.*/, namespace: "slim-chains" }, () => ({
        loader: "js",
        contents: Object.entries(viemChains)
          .filter(([, chain]) => typeof chain === "object" && chain !== null && "id" in chain && "rpcUrls" in chain)
          .map(([name, chain]) => {
            const { id, name: title, rpcUrls, blockExplorers } = chain as { id: number; name: string; rpcUrls: { default: { http: readonly string[] } }; blockExplorers?: { default: { url: string } } };
            const slim = { id, name: title, rpcUrls: { default: { http: rpcUrls.default.http.slice(0, 1) } }, ...(blockExplorers ? { blockExplorers: { default: { url: blockExplorers.default.url } } } : {}) };
            return `export const ${name} = ${JSON.stringify(slim)};`;
          })
          .join("\n"),
      }));
    },
  };
}

const script = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith("verifier.js"))![0];
const code = await readFile(resolve(root, script));
const gzipped = gzipSync(code).length;
console.log(`web verifier built in ${out}: verifier.js ${(code.length / 1000).toFixed(1)} KB minified, ${(gzipped / 1000).toFixed(1)} KB gzip (budget ${pageBudget / 1000} KB)`);
if (gzipped > pageBudget) {
  console.error(`The page's script is over its budget by ${((gzipped - pageBudget) / 1000).toFixed(1)} KB gzip: see what grew with esbuild's metafile (npm run lint:size lists the SDK's share).`);
  process.exit(1);
}
