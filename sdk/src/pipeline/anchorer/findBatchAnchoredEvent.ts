import { type Log, parseEventLogs } from "viem";
import { aiAttestAbi } from "../../abi/aiAttestAbi.js";
import type { StoreDeployment } from "../../store/Store.js";

/**
 * The `BatchAnchored` event among `logs` by which the deployment's contract anchored `root` for its publisher,
 * if any. Only a receipt that holds it anchored the batch: a replacement (same nonce) or any other transaction
 * mined in its place does not.
 */
export function findBatchAnchoredEvent({ logs, deployment, root }: { logs: Log[]; deployment: StoreDeployment; root: `0x${string}` }) {
  return parseEventLogs({ abi: aiAttestAbi, logs, eventName: "BatchAnchored" }).find(
    (log) => log.address.toLowerCase() === deployment.contract.toLowerCase() && log.args.root === root && log.args.publisher === deployment.publisher,
  );
}
