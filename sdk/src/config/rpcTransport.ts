import { type Transport, http, webSocket } from "viem";

/**
 * The viem transport for an RPC URL: WebSocket for `ws:`/`wss:`, HTTP otherwise.
 *
 * @example
 * const client = createPublicClient({ transport: rpcTransport("http://127.0.0.1:8545") })
 */
export function rpcTransport(rpcUrl: string): Transport {
  return /^wss?:/i.test(rpcUrl) ? webSocket(rpcUrl) : http(rpcUrl);
}
