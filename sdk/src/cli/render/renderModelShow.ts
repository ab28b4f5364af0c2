import { zeroHash } from "viem";
import type { ModelShowResult } from "../commands/modelShow.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest model show`.
 *
 * @example
 * logger.result(model, renderModelShow(model))
 */
export function renderModelShow(model: ModelShowResult): string {
  const rows: [string, string][] = [
    ["name", model.name],
    ["version", model.version],
    ["publisher", model.publisher],
    ["registered", formatUnixTime(model.registeredAt)],
    ["status", model.retiredAt === 0n ? "active" : `retired at ${formatUnixTime(model.retiredAt)}`],
    ["weights digest", model.weightsDigest === zeroHash ? "(none)" : model.weightsDigest],
    ["metadata URI", model.metadataURI === "" ? "(none)" : model.metadataURI],
    ["parent model", model.parentModelId === zeroHash ? "(none)" : model.parentModelId],
  ];
  return [`Model ${model.modelId}`, ...rows.map(([label, value]) => `  ${label.padEnd(15)}${value}`)].join("\n");
}
