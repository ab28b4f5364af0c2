// `npm run test:mutation [-- contracts|sdk] [--concurrency 1|2] [--keep] [--force] [--mutate <globs>]`: the mutation check (not part of `npm test`).
// contracts: each guard of the contracts removed or inverted in a copy of the repo; some test must fail for each.
// sdk: StrykerJS over sdk/src/verify, hashing and bundle. See scripts/mutation/README.md.
import { fileURLToPath } from "node:url";
import { printContractTable, runContractMutants } from "./runContractMutants.js";
import { stopCommands } from "./runCommand.js";
import { runSdkMutants } from "./runSdkMutants.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const halves = args.filter((arg) => arg === "contracts" || arg === "sdk");
const valued = ["--concurrency", "--mutate"];
const unknown = args.filter((arg, i) => !["contracts", "sdk", "--keep", "--force", ...valued].includes(arg) && !valued.includes(args[i - 1] ?? ""));
const mutate = args.includes("--mutate") ? args[args.indexOf("--mutate") + 1] : undefined;
const concurrencyArg = args.includes("--concurrency") ? Number(args[args.indexOf("--concurrency") + 1]) : 1;
if (unknown.length > 0 || !(concurrencyArg === 1 || concurrencyArg === 2)) {
  console.error("usage: npm run test:mutation [-- contracts|sdk] [--concurrency 1|2] [--keep] [--force] [--mutate <globs, for sdk>]");
  process.exit(2);
}
const run = halves.length === 0 ? ["contracts", "sdk"] : halves;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`mutation: ${signal}: stopping (Stryker saves what it has tested so far)`);
    void stopCommands().then(() => process.exit(130));
  });
}

let ok = true;
try {
  if (run.includes("contracts")) {
    const contracts = await runContractMutants({ root, concurrency: concurrencyArg, keep: args.includes("--keep") });
    printContractTable(contracts.results);
    if (!contracts.ok) {
      console.error("contracts: FAILED: a guard mutant survived (not listed as equivalent), a run broke, or an equivalence claim is stale.");
      ok = false;
    }
  }
  if (run.includes("sdk")) {
    const sdk = await runSdkMutants({ root, concurrency: concurrencyArg, keep: args.includes("--keep"), force: args.includes("--force"), mutate });
    if (!sdk.ok) ok = false;
  }
} catch (error) {
  await stopCommands();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
process.exit(ok ? 0 : 1);
