import type { Hash } from "viem";
import { aiAttestAbi } from "../../abi/aiAttestAbi.js";
import type { StoreDeployment } from "../../store/Store.js";

/**
 * The `BatchAnchored` events by which the deployment's publisher anchored `root`: the one filter both a log query
 * (`getContractEvents`, with the contract's address) and a receipt's logs (`parseEventLogs`) use.
 *
 * @example
 * const logs = await getContractEvents(client, { ...batchAnchoredFilter({ deployment, root }), address: deployment.contract, fromBlock, toBlock })
 */
export function batchAnchoredFilter({ deployment, root }: { deployment: StoreDeployment; root: Hash }) {
  return { abi: aiAttestAbi, eventName: "BatchAnchored", args: { publisher: deployment.publisher, root } } as const;
}
