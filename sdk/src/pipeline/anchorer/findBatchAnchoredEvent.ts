import { type Hash, type Log, isAddressEqual, parseEventLogs } from "viem";
import type { StoreDeployment } from "../../store/Store.js";
import { batchAnchoredFilter } from "./batchAnchoredFilter.js";

/**
 * The `BatchAnchored` event among `logs` by which the deployment's contract anchored `root` for its publisher,
 * if any. Only a receipt that holds it anchored the batch: a replacement (same nonce) or any other transaction
 * mined in its place does not.
 */
export function findBatchAnchoredEvent({ logs, deployment, root }: { logs: Log[]; deployment: StoreDeployment; root: Hash }) {
  return parseEventLogs({ ...batchAnchoredFilter({ deployment, root }), logs }).find((log) => isAddressEqual(log.address, deployment.contract));
}
