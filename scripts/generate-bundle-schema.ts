// Writes the JSON Schema of the proof bundle (sdk/schema/proof-bundle-v1.schema.json) from the zod schema the
// SDK parses with, so the published schema can never drift from the parser. `--check` fails when stale.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { proofBundleJsonSchema } from "../sdk/src/bundle/proofBundleJsonSchema.js";

const target = fileURLToPath(new URL("../sdk/schema/proof-bundle-v1.schema.json", import.meta.url));
const schema = proofBundleJsonSchema();
const text = `${JSON.stringify(schema, null, 2)}\n`;
const current = await readFile(target, "utf8").catch(() => "");
if (process.argv.includes("--check")) {
  if (current !== text) {
    console.error(`${target} is stale: run \`npm run generate:schema\` and commit it.`);
    process.exit(1);
  }
} else if (current !== text) {
  await mkdir(fileURLToPath(new URL("../sdk/schema/", import.meta.url)), { recursive: true });
  await writeFile(target, text);
  console.log(`wrote ${target}`);
}
