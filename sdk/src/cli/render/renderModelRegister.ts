import type { ModelRegisterResult } from "../commands/modelRegister.js";

/**
 * The human text of `aiattest model register`.
 *
 * @example
 * logger.result(result, renderModelRegister(result))
 */
export function renderModelRegister({ name, version, modelId, publisher, isNewPublisher, blockNumber, txHash }: ModelRegisterResult): string {
  return [
    `Registered ${name} ${version} as model ${modelId}`,
    `  publisher ${publisher}${isNewPublisher ? " (new publisher)" : ""}, block ${blockNumber}, tx ${txHash}`,
  ].join("\n");
}
