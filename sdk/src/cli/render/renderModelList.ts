import type { ModelListResult } from "../commands/modelList.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest model list`: one line per model.
 *
 * @example
 * logger.result(result, renderModelList(result))
 */
export function renderModelList({ publisher, contract, chainId, models }: ModelListResult): string {
  const where = `publisher ${publisher} on ${contract} (chain ${chainId})`;
  if (models.length === 0) return `No models of ${where}.`;
  return [
    `${models.length} model${models.length === 1 ? "" : "s"} of ${where}:`,
    ...models.map(({ modelId, name, version, registeredAt, retiredAt }) =>
      `${modelId}  ${name} ${version}  ${retiredAt === 0n ? `registered ${formatUnixTime(registeredAt)}` : `retired ${formatUnixTime(retiredAt)}`}`,
    ),
  ].join("\n");
}
