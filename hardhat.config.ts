import { createRequire } from "node:module";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// solc is loaded from the npm `solc` package (wasm build), so compiling never downloads anything.
// Keep this version equal to the exact `solc` devDependency in package.json.
export default defineConfig({
  plugins: [hardhatViem],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "prague",
      viaIR: true,
    },
  },
  networks: {
    // blocks mined within one second keep the wall-clock time instead of running ahead of it, like a real
    // chain: a signer's claimed time (its clock) is then never before its key's on-chain validFrom
    hardhat: { type: "edr-simulated", allowBlocksWithSameTimestamp: true },
  },
  paths: {
    sources: "./contracts",
    tests: { solidity: "./contracts/test" },
  },
});
