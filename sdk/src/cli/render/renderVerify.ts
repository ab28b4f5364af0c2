import { formatUnixTime } from "../../time/formatUnixTime.js";
import { type VerifyResult, verifyCheckNames } from "../../verify/VerifyResult.js";
import type { VerifyCommandResult } from "../commands/verify.js";
import { escapeText } from "../../text/escapeText.js";
import { renderExplorerInputs } from "./renderExplorerInputs.js";
import { establishedFacts } from "./establishedFacts.js";
import { renderVerifyReport } from "./renderVerifyReport.js";
import { rpcLines } from "./rpcLines.js";

const marks = { pass: "✓", fail: "✗", skip: "–" } as const;

/**
 * The human text of `aiattest verify`: a one-line verdict that states only what passed checks established,
 * then every check with ✓ (passed), ✗ (failed) or – (not made), then where the chain was read. Every piece of
 * text that comes from the bundle or the chain is escaped. With `--report`, a Markdown report instead. With
 * `--explorer`, then what to paste into a block explorer (see `renderExplorerInputs`).
 *
 * @example
 * logger.result(result, renderVerify(result))
 */
export function renderVerify(result: VerifyCommandResult): string {
  const verdict = renderVerdict(result);
  if (result.explorer == null) return verdict;
  const explorer = renderExplorerInputs(result.explorer);
  // in a Markdown report the paste values stay verbatim in a code block
  return result.output === "report" ? `${verdict}\n\n## Check it on a block explorer\n\n\`\`\`text\n${explorer}\n\`\`\`` : `${verdict}\n\n${explorer}`;
}

function renderVerdict(result: VerifyCommandResult): string {
  if (result.output === "report") return renderVerifyReport(result);
  // offline, the headline lists the chain checks not made: their lines would only repeat it
  const shown = result.checks.filter((check) => result.mode === "online" || verifyCheckNames.indexOf(check.name) < verifyCheckNames.indexOf("chain"));
  const width = Math.max(...shown.map((check) => check.name.length)) + 2;
  return [
    verdictLine(result),
    ...shown.map((check) => `${marks[check.outcome]} ${check.name.padEnd(width)}${escapeText(check.message)}`),
    readLine(result),
    ...rpcLines(result),
    ...(result.recordId === null ? [] : [`Record id ${JSON.stringify(escapeText(result.recordId))}: the publisher's label, not signed (find the record with it; it proves nothing).`]),
  ].join("\n");
}

/**
 * The verdict in one line. Valid online: the facts the checks established. Valid offline: what was not
 * checked. Invalid: the failed check's own sentence and nothing the bundle claims.
 */
export function verdictLine(result: VerifyResult): string {
  if (!result.valid) {
    const failed = result.checks.find((check) => check.outcome === "fail");
    // RPCs that disagree decide nothing: the verdict is unknown, not negative
    return `${result.reason === "rpc-disagreement" ? "UNKNOWN" : "INVALID"} (${result.reason}): ${escapeText(failed?.message ?? "a check failed")}`;
  }
  if (result.mode === "offline") {
    const notOnChain = result.unchecked.filter((name) => verifyCheckNames.indexOf(name) >= verifyCheckNames.indexOf("chain"));
    return `VALID OFFLINE ONLY — not checked on chain: ${notOnChain.join(", ")}. Signed by key ${result.signer}, not known to be the publisher's.`;
  }
  return `VALID: ${establishedFacts(result).join("; ")}.`;
}

function readLine(result: VerifyCommandResult): string {
  if (result.readAt === null) {
    return result.mode === "offline" ? "No chain was read (--offline)." : `No chain was read: the checks stopped before the chain check (RPC ${result.rpc}).`;
  }
  const { chainId, blockNumber, blockHash, timestamp } = result.readAt;
  return `Read chain ${chainId} through ${result.rpc} at block ${blockNumber} (${blockHash}, ${formatUnixTime(timestamp)}).`;
}
