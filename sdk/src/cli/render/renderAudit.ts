import { formatUnixTime } from "../../time/formatUnixTime.js";
import type { AuditBundlesSummary, AuditCommandResult } from "../commands/audit.js";
import { escapeText } from "../../text/escapeText.js";

const marks = { pass: "✓", fail: "✗", skip: "–" } as const;

/**
 * The human text of `aiattest audit`: a verdict line stating only what the checks established (and how many valid
 * bundles had no response text, so their content was not checked), every check with ✓, ✗ or –, where the chain was
 * read, then with `--bundles` a summary table (valid members of the batch, content checked or not, invalid by reason,
 * skipped by kind, leaves without a bundle) and one line per invalid bundle. Text from the manifest, the chain, the bundles and
 * file names is escaped.
 *
 * @example
 * logger.result(result, renderAudit(result))
 */
export function renderAudit(result: AuditCommandResult): string {
  const width = Math.max(...result.checks.map((check) => check.name.length)) + 2;
  const lines = [
    verdictLine(result),
    ...result.checks.map((check) => `${marks[check.outcome]} ${check.name.padEnd(width)}${escapeText(check.message)}`),
    `Manifest: ${escapeText(result.source.location)} (${result.source.bytes} bytes, SHA-256 ${result.source.sha256}).`,
    result.readAt === null
      ? `No chain was read: the checks stopped before the chain check (RPC ${result.rpc}).`
      : `Read chain ${result.readAt.chainId} through ${result.rpc} at block ${result.readAt.blockNumber} (${result.readAt.blockHash}, ${formatUnixTime(result.readAt.timestamp)}).`,
  ];
  if (result.bundlesNotAudited) lines.push(escapeText(result.bundlesNotAudited));
  if (result.bundles) lines.push("", ...bundleLines(result.bundles, result.manifest?.leafCount ?? 0));
  return lines.join("\n");
}

function verdictLine(result: AuditCommandResult): string {
  if (!result.valid) {
    const failed = result.checks.find((check) => check.outcome === "fail");
    return `INVALID (${result.reason}): ${escapeText(failed?.message ?? "a check failed")}`;
  }
  const { manifest, anchor } = result;
  const uri = result.unchecked.includes("uri") ? `; its URI was not compared (read from ${result.source.kind === "stdin" ? "standard input" : "a file"}: pass --uri)` : ", under this manifest's URI";
  const summary = result.bundles;
  const bundles = summary && summary.invalid > 0 ? ` — but ${summary.invalid} bundle(s) are INVALID` : "";
  // a bundle audited without its response is valid on every check but content: never let "valid" read as more
  const withoutContent = summary ? summary.valid - summary.validWithContent : 0;
  const content = withoutContent > 0 ? ` (${withoutContent} valid bundle(s) without their response text: their content was not checked)` : "";
  return `VALID: the ${manifest!.leafCount} leaves rebuild root ${manifest!.root}, which ${manifest!.publisher} anchored on chain ${manifest!.chainId} at ${formatUnixTime(anchor!.anchoredAt)} through ${anchor!.anchorer} (valid then), count ${anchor!.count}${uri}${bundles}${content}.`;
}

function bundleLines(summary: AuditBundlesSummary, leafCount: number): string[] {
  const rows: [string, number][] = [
    ["valid (members of this batch)", summary.valid],
    ["  content checked", summary.validWithContent],
    ["  content not checked (needs the response text)", summary.valid - summary.validWithContent],
    ["invalid", summary.invalid],
    ...Object.entries(summary.invalidByReason).map(([reason, count]): [string, number] => [`  ${reason}`, count]),
    ["skipped (not members: never counted)", summary.skipped],
    ...Object.entries(summary.skippedByKind).map(([kind, count]): [string, number] => [`  ${kind}`, count]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const invalid = summary.files.filter((file) => file.status === "invalid");
  return [
    `Bundles in ${escapeText(summary.dir)}: ${summary.files.length} file(s)`,
    ...rows.map(([label, count]) => `  ${label.padEnd(width)}${String(count).padStart(6)}`),
    `Leaves without a valid bundle here: ${summary.leavesWithoutBundle} of ${leafCount}.`,
    ...(invalid.length > 0 ? ["Invalid bundles:"] : []),
    ...invalid.map((file) => `  ✗ ${escapeText(file.file)} (${"reason" in file ? file.reason : ""}): ${escapeText(file.message)}`),
  ];
}
