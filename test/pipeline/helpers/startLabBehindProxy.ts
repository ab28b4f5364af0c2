import { startHardhatNode } from "../../cli/helpers/startHardhatNode.js";
import { labOverRpc } from "./labOverRpc.js";
import { startRpcProxy } from "./startRpcProxy.js";

/**
 * A real `hardhat node`, an RPC proxy in front of it (to play outages and lies), and a lab set up through the CLI
 * against the proxy; `rpc` talks to the node directly (test-only methods: evm_snapshot, hardhat_mine…).
 *
 * @example
 * beforeAll(async () => ({ node, proxy, lab, rpc, stop } = await startLabBehindProxy()), 180_000)
 */
export async function startLabBehindProxy() {
  const node = await startHardhatNode();
  const proxy = await startRpcProxy(node.rpcUrl);
  const lab = await labOverRpc({ rpcUrl: proxy.url });
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(node.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const stop = async () => {
    await proxy.close();
    await node.stop();
  };
  return { node, proxy, lab, rpc, stop };
}
