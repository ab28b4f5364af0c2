/**
 * The public chains `npm run verify:contract -- --network <name>` knows, by Hardhat network name, with the chain
 * id each network pins (an RPC of another chain is then refused). Hardhat's config builds one network per entry.
 */
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

export type PublicChainName = keyof typeof publicChains;
