import type { JsonRpcApiProvider } from "ethers";
import { type PublicClient, createPublicClient, custom } from "viem";

/**
 * Wraps an ethers v6 JSON-RPC provider as a viem PublicClient (requests go through the provider's `send`),
 * so ethers users can pass their provider to `verifyOutput` and every read action.
 *
 * @example
 * const client = ethersProviderToClient(new JsonRpcProvider(rpcUrl))
 * const result = await verifyOutput({ bundle, response, client })
 */
export function ethersProviderToClient(provider: JsonRpcApiProvider): PublicClient {
  return createPublicClient({
    transport: custom({ request: ({ method, params }) => provider.send(method, (params as unknown[] | undefined) ?? []) }),
  });
}
