import { arbitrum, arbitrumSepolia, base, baseSepolia, gnosis, hardhat, localhost, mainnet, optimism, optimismSepolia, polygon, polygonAmoy, sepolia } from "viem/chains";

/**
 * What kind of network a chain is. On a `development` chain (a local node) whoever runs the node decides its whole
 * state, so anyone can make any anchor; a `testnet` is public but its coins are free, so an anchor there shows the
 * mechanics, not a production record.
 */
export type NetworkKind = "production" | "testnet" | "development";

/**
 * What the page knows about a chain: a name, what kind of network it is, a public RPC to prefill (always editable;
 * null for a development chain, whose RPC the visitor types), and its block explorer.
 */
export type KnownChain = { id: number; name: string; network: NetworkKind; rpcUrl: string | null; explorerUrl: string | null };

/** Chain ids of local development nodes: Hardhat and Anvil (31337), Ganache and Geth --dev (1337). */
export const developmentChainIds: readonly number[] = [hardhat.id, localhost.id];

// single chains, not viem's whole list: each import is a few hundred bytes, the list is ~1 MB. The kind is stated
// here, not read from viem's `testnet` flag, which the page's build (scripts/build-web.ts) strips from each chain.
const chains = [
  [mainnet, "production"],
  [sepolia, "testnet"],
  [base, "production"],
  [baseSepolia, "testnet"],
  [optimism, "production"],
  [optimismSepolia, "testnet"],
  [arbitrum, "production"],
  [arbitrumSepolia, "testnet"],
  [polygon, "production"],
  [polygonAmoy, "testnet"],
  [gnosis, "production"],
  [hardhat, "development"],
  [localhost, "development"],
] as const;

/**
 * The chains the page knows, by chain id. No RPC is prefilled for a development chain: a linked bundle must not
 * send the visitor's page to a node on their own machine (127.0.0.1:8545) and show what it says as a verdict.
 */
export const knownChains: ReadonlyMap<number, KnownChain> = new Map(
  chains.map(([chain, network]) => [
    chain.id,
    {
      id: chain.id,
      name: chain.name,
      network,
      rpcUrl: network === "development" ? null : chain.rpcUrls.default.http[0],
      explorerUrl: "blockExplorers" in chain && chain.blockExplorers ? chain.blockExplorers.default.url : null,
    },
  ]),
);

/**
 * The chain the page knows by `chainId`, or null for a chain it knows nothing of (the visitor types an RPC).
 *
 * @example
 * knownChainOf(8453)?.rpcUrl // "https://mainnet.base.org"
 * knownChainOf(31337)?.rpcUrl // null: a development chain, the visitor types its RPC
 */
export function knownChainOf(chainId: number): KnownChain | null {
  return knownChains.get(chainId) ?? null;
}

/**
 * What kind of network `chainId` is: `development` for 31337 and 1337 (known or not), `testnet` or `production`
 * for a chain the page knows, null for any other chain (the page cannot tell).
 *
 * @example
 * networkKindOf(11155111) // "testnet"
 */
export function networkKindOf(chainId: number): NetworkKind | null {
  if (developmentChainIds.includes(chainId)) return "development";
  return knownChainOf(chainId)?.network ?? null;
}
