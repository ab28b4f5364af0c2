import { formatUnixTime } from "../../time/formatUnixTime.js";
import type { VerifyCommandResult } from "../commands/verify.js";
import { escapeText } from "../../text/escapeText.js";
import { establishedFacts } from "./establishedFacts.js";
import { rpcLines } from "./rpcLines.js";

/**
 * `aiattest verify --report`: a Markdown report an auditor can paste: the verdict, the inputs (path, size,
 * SHA-256), where the chain was read, every check with its outcome, the facts established (none unless valid
 * on chain), and the bundle's claims that no check establishes.
 *
 * @example
 * writeFileSync("report.md", renderVerifyReport(result))
 */
export function renderVerifyReport(result: VerifyCommandResult): string {
  const verdict = result.valid
    ? result.mode === "online"
      ? "**VALID**"
      : "**VALID OFFLINE ONLY** (not checked on chain)"
    : `**${result.reason === "rpc-disagreement" ? "UNKNOWN" : "INVALID"}** (\`${result.reason}\`)`;
  const inputs = [["response", result.inputs.response], ["bundle", result.inputs.bundle], ["request", result.inputs.request]] as const;
  const lines = [
    "# aiattest verification report",
    "",
    `Verdict: ${verdict}`,
    "",
    "## Inputs",
    "",
    "| input | file | bytes | SHA-256 |",
    "| --- | --- | --- | --- |",
    ...inputs.flatMap(([name, input]) => (input ? [`| ${name} | ${cell(input.path)} | ${input.bytes} | \`${input.sha256}\` |`] : [])),
    "",
    "## Chain",
    "",
    result.readAt
      ? `Read chain ${result.readAt.chainId} through ${cell(result.rpc ?? "")} at block ${result.readAt.blockNumber} (hash \`${result.readAt.blockHash}\`, block time ${formatUnixTime(result.readAt.timestamp)}). Paths and credentials of the RPC URL are not shown.`
      : result.mode === "offline"
        ? "No chain was read (`--offline`)."
        : "No chain was read: the checks stopped before the chain check.",
    ...rpcLines(result).map((line) => `- ${cell(line)}`),
    "",
    `Trusted contracts: ${result.trustedContracts ? result.trustedContracts.map((address) => `\`${address}\``).join(", ") : "the canonical AIAttest address(es), by derivation"}.`,
    "",
    "## Checks",
    "",
    "| # | check | outcome | detail |",
    "| --- | --- | --- | --- |",
    ...result.checks.map((check, index) => `| ${index + 1} | ${check.name} | ${check.outcome}${check.reason ? ` (\`${check.reason}\`)` : ""} | ${cell(check.message)} |`),
    "",
    "## Facts established",
    "",
    ...(result.valid && result.mode === "online"
      ? establishedFacts(result).map((fact) => `- ${cell(fact)}`)
      : [result.valid ? "None on chain: only the offline checks were made (the signature, content and Merkle proof)." : "None: the verdict is invalid, so nothing the bundle states is established."]),
    "",
    "## Stated by the bundle, not established by any check",
    "",
    ...(result.recordId === null ? ["- (the bundle could not be parsed)"] : [`- record id ${cell(JSON.stringify(result.recordId))}: the publisher's label, not signed`, "- the leaf's position in the batch (`leafIndex`): not bound by the Merkle proof"]),
    "",
  ];
  return lines.join("\n");
}

/**
 * Text for a Markdown table cell or list item: controls escaped, and every character Markdown or HTML could act on
 * (a link, an image, raw HTML, emphasis, a table break) backslash-escaped, so text from a bundle reads as text.
 */
function cell(text: string): string {
  return escapeText(text).replace(/[\\`*_[\]()#!|<>&~{}]/g, (character) => `\\${character}`);
}
