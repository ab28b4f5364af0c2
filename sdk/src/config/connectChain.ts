import {
  type Chain,
  type PrivateKeyAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
} from "viem";
import { getChainId } from "viem/actions";
import { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestConfig } from "./AttestConfig.js";
import { ConfigError } from "../errors/ConfigError.js";
import { optionalSetting } from "./optionalSetting.js";
import { requireSetting } from "./requireSetting.js";
import { rpcTransport } from "./rpcTransport.js";

export type ChainConnection = {
  /** The chain the RPC endpoint serves (its id read from the endpoint). */
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** A wallet client sending from `account` through the same endpoint. */
  walletClient(account: PrivateKeyAccount): WalletClient<Transport, Chain, PrivateKeyAccount>;
};

export type ConnectChainParameters = {
  /** Use this transport instead of the configured RPC URL (tests, an in-process chain, an ethers provider). */
  transport?: Transport | undefined;
};

/**
 * Connects to the configured RPC endpoint, reads its chain id, and checks it against `AIATTEST_CHAIN_ID`
 * when that is set, so a key never signs for the wrong chain.
 *
 * @throws {ConfigError} when the RPC URL is missing or invalid, or the endpoint serves another chain.
 * @throws {ChainReadError} when the endpoint is unreachable.
 * @example
 * const { publicClient, walletClient } = await connectChain(config)
 * await registerModel(walletClient(requireSetting(config, "publisherKey")), { contract, name, version })
 */
export async function connectChain(config: AttestConfig, { transport }: ConnectChainParameters = {}): Promise<ChainConnection> {
  const rpcUrl = transport ? undefined : requireSetting(config, "rpcUrl");
  const chosen = transport ?? rpcTransport(rpcUrl as string);
  let chainId: number;
  try {
    chainId = await getChainId(createPublicClient({ transport: chosen }));
  } catch (error) {
    throw new ChainReadError({ action: "eth_chainId", cause: error });
  }
  const expected = optionalSetting(config, "chainId");
  if (expected !== undefined && expected !== chainId) {
    throw new ConfigError({
      setting: "chainId",
      message: `AIATTEST_CHAIN_ID is ${expected} but the RPC endpoint serves chain ${chainId}: point AIATTEST_RPC_URL at chain ${expected}, or change AIATTEST_CHAIN_ID (or "chainId" in ${config.fileLabel})`,
    });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: rpcUrl && /^https?:/.test(rpcUrl) ? [rpcUrl] : [] } },
  });
  const pollingInterval = 1_000;
  return {
    chain,
    publicClient: createPublicClient({ chain, transport: chosen, pollingInterval }),
    walletClient: (account) => createWalletClient({ account, chain, transport: chosen, pollingInterval }),
  };
}
