import { arbitrum, arbitrumSepolia, base, baseSepolia, gnosis, hardhat, mainnet, optimism, optimismSepolia, polygon, polygonAmoy, sepolia } from "viem/chains";

/** What the page knows about a chain: a name, a public RPC to prefill (always editable), and its block explorer. */
export type KnownChain = { id: number; name: string; rpcUrl: string; explorerUrl: string | null };

// single chains, not viem's whole list: each import is a few hundred bytes, the list is ~1 MB
const chains = [mainnet, sepolia, base, baseSepolia, optimism, optimismSepolia, arbitrum, arbitrumSepolia, polygon, polygonAmoy, gnosis, hardhat];

/** The chains the page can prefill an RPC for, by chain id. 31337 is a local `hardhat node` (no explorer). */
export const knownChains: ReadonlyMap<number, KnownChain> = new Map(
  chains.map((chain) => [
    chain.id,
    { id: chain.id, name: chain.name, rpcUrl: chain.rpcUrls.default.http[0], explorerUrl: "blockExplorers" in chain && chain.blockExplorers ? chain.blockExplorers.default.url : null },
  ]),
);

/**
 * The chain the page knows by `chainId`, or null for a chain it has no RPC for (the visitor types one).
 *
 * @example
 * knownChainOf(8453)?.rpcUrl // "https://mainnet.base.org"
 */
export function knownChainOf(chainId: number): KnownChain | null {
  return knownChains.get(chainId) ?? null;
}
