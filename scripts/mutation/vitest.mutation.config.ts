import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests StrykerJS runs against mutants of sdk/src/{verify,hashing,bundle}: the SDK unit tests and the
// in-process tests that exercise those folders. Left out: end-to-end tests (they spawn processes, which never
// see Stryker's active mutant), packaging (builds the package), the store and pipeline tests (they reach these
// folders only through what the tests below already cover), and test/cli/commands.test.ts (under isolate: false
// one of its tests saw another file's chain state and failed a dry run; it passes alone).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["sdk/src/**/*.test.ts", "test/sdk/*.test.ts", "test/cli/output.test.ts", "test/contracts/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.e2e.test.ts", "sdk/src/store/**", "sdk/src/pipeline/**", "test/sdk/packaging.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // one worker for every file and run: Hardhat and viem are imported once, not once per mutant (Stryker switches
    // mutants at run time, so cached modules still see the active one)
    isolate: false,
  },
});
