import type { VerifyResult } from "../../verify/VerifyResult.js";
import { formatUnixTime } from "./formatUnixTime.js";

const marks = { pass: "✓", fail: "✗", skip: "–" } as const;

/**
 * The human text of `aiattest verify`: a one-line verdict, then every check with ✓ (passed), ✗ (failed) or
 * – (skipped), and in offline mode the checks that were not made.
 *
 * @example
 * logger.result(result, renderVerify(result))
 */
export function renderVerify(result: VerifyResult): string {
  const width = Math.max(...result.checks.map((check) => check.name.length)) + 2;
  const lines = [verdict(result), ...result.checks.map((check) => `${marks[check.outcome]} ${check.name.padEnd(width)}${check.message}`)];
  const notMade = result.unchecked.filter((name) => !result.checks.some((check) => check.name === name));
  if (result.mode === "offline" && notMade.length > 0) {
    lines.push(`– not checked offline: ${notMade.join(", ")} (pass --rpc <url> or set AIATTEST_RPC_URL to check them)`);
  }
  return lines.join("\n");
}

function verdict(result: VerifyResult): string {
  const head = result.valid ? (result.mode === "offline" ? "VALID (offline)" : "VALID") : `INVALID (${result.reason})`;
  if (!result.model) return head;
  const facts = [
    `${result.model.name} ${result.model.version} of publisher ${result.publisher}`,
    ...(result.signer ? [`signed by ${result.signer}`] : []),
    ...(result.claimedAt !== null ? [`claimed ${formatUnixTime(result.claimedAt)}`] : []),
    result.anchoredAt !== null ? `anchored ${formatUnixTime(result.anchoredAt)} in block ${result.blockNumber}` : "signed only, not anchored yet",
  ];
  return `${head}: ${facts.join(", ")}`;
}
