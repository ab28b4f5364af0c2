import type { DeployResult } from "../commands/deploy.js";

/**
 * The human text of `aiattest deploy`.
 *
 * @example
 * logger.result(result, renderDeploy(result))
 */
export function renderDeploy({ contract, chainId, status, blockNumber, txHash, installedProxy }: DeployResult): string {
  const head =
    status === "existing"
      ? `AIAttest is already deployed at its canonical address ${contract} on chain ${chainId}; nothing was sent.`
      : `Deployed AIAttest at its canonical address ${contract} on chain ${chainId} (block ${blockNumber}, tx ${txHash}).`;
  return [
    head,
    ...(installedProxy ? ["(Installed the deterministic deployment proxy first: this chain did not have it.)"] : []),
    `Next: export AIATTEST_CONTRACT=${contract}`,
  ].join("\n");
}
