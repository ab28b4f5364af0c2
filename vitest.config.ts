import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["sdk/src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tests share 2 cores with Hardhat's EVM; forks keep node:sqlite and EDR isolated per file
    pool: "forks",
    // *.test-d.ts: type tests of the generic APIs (tsc checks them too, in lint:ts)
    typecheck: { enabled: true, include: ["sdk/src/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
  },
});
