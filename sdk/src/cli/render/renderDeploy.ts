import type { DeployResult } from "../commands/deploy.js";

/**
 * The human text of `aiattest deploy`.
 *
 * @example
 * logger.result(result, renderDeploy(result))
 */
export function renderDeploy({ contract, chainId, blockNumber, txHash }: DeployResult): string {
  return [`Deployed AIAttest at ${contract} on chain ${chainId} (block ${blockNumber}, tx ${txHash}).`, `Next: export AIATTEST_CONTRACT=${contract}`].join("\n");
}
