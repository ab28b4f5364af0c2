import { createRequire } from "node:module";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

const require = createRequire(import.meta.url);

// Public chains AIAttest may be verified on (`npm run verify:contract -- --network <name>`). The RPC is
// AIATTEST_RPC_URL (the first URL when it lists several); each network pins its chain id, so an RPC of another
// chain is refused instead of verifying the wrong deployment. configVariable is resolved only when a network is
// used: build, test and node never need these settings.
/** The public chains by Hardhat network name, with the chain id each network pins. */
export const publicChains = {
  mainnet: 1,
  sepolia: 11_155_111,
  holesky: 17_000,
  optimism: 10,
  optimismSepolia: 11_155_420,
  base: 8453,
  baseSepolia: 84_532,
  arbitrumOne: 42_161,
  arbitrumSepolia: 421_614,
  polygon: 137,
  polygonAmoy: 80_002,
  gnosis: 100,
} as const satisfies Record<string, number>;
const firstRpcUrl = process.env.AIATTEST_RPC_URL?.split(/[\s,]+/).find((url) => url !== "");
const publicNetworks = Object.fromEntries(
  Object.entries(publicChains).map(([name, chainId]): [string, HttpNetworkUserConfig] => [
    name,
    { type: "http", chainId, url: firstRpcUrl ?? configVariable("AIATTEST_RPC_URL") },
  ]),
);

// solc is loaded from the npm `solc` package (wasm build), so compiling never downloads anything.
// Keep this version equal to the exact `solc` devDependency in package.json.
// The metadata hash stays in the bytecode (no `bytecodeHash: "none"`): Sourcify needs it for a full match.
export default defineConfig({
  plugins: [hardhatViem, hardhatVerify],
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
    ...publicNetworks,
  },
  // Source verification (hardhat-verify): Etherscan needs ETHERSCAN_API_KEY (one Etherscan V2 key serves every
  // chain); Blockscout takes BLOCKSCOUT_API_KEY only for instances that require one; Sourcify needs no key
  // (SOURCIFY_API_URL points at another Sourcify server).
  verify: {
    etherscan: process.env.ETHERSCAN_API_KEY ? { apiKey: configVariable("ETHERSCAN_API_KEY") } : { enabled: false },
    blockscout: process.env.BLOCKSCOUT_API_KEY ? { apiKey: configVariable("BLOCKSCOUT_API_KEY") } : {},
    sourcify: process.env.SOURCIFY_API_URL ? { apiUrl: process.env.SOURCIFY_API_URL } : {},
  },
  paths: {
    sources: "./contracts",
    tests: { solidity: "./contracts/test" },
  },
});
