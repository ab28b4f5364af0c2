// The whole flow on embedded defaults, from a clone of the repo: an in-process chain and a temporary SQLite file
// (see scripts/demo/runDemo.ts). The temporary folder (~8 MB at 10,000 records) is removed at the end unless --keep.
// Run: npm run demo [-- --records 10000] [--keep] [--json] [--verbose]
import "../sdk/src/cli/silenceSqliteWarning.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describeError } from "../sdk/src/cli/describeError.js";
import { exitCodeOf } from "../sdk/src/cli/exitCodeOf.js";
import { exitCodes } from "../sdk/src/cli/exitCodes.js";
import { createLogger } from "../sdk/src/cli/logger.js";
import { renderDemo } from "./demo/renderDemo.js";
import { runDemo } from "./demo/runDemo.js";

const maxRecords = 1_000_000;
const { values } = parseArgs({
  options: {
    records: { type: "string", default: "10000" },
    keep: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", short: "v", default: false },
  },
});
const logger = createLogger({ json: values.json, verbose: values.verbose });
const records = Number(values.records);
if (!Number.isSafeInteger(records) || records < 1 || records > maxRecords) {
  logger.error(describeError(new Error(`--records must be a whole number from 1 to ${maxRecords.toLocaleString("en-US")}, not ${values.records}`), { verbose: false }));
  process.exit(exitCodes.usage);
}

const dir = await mkdtemp(join(tmpdir(), "aiattest-demo-"));
try {
  const result = await runDemo({ records, dir, logger });
  logger.result({ ...result, isKept: values.keep }, renderDemo(result, { isKept: values.keep }));
  process.exitCode = result.honest.valid && !result.tampered.valid ? exitCodes.ok : exitCodes.failure;
} catch (error) {
  logger.error(describeError(error, { verbose: logger.isVerbose }));
  process.exitCode = exitCodeOf(error);
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
