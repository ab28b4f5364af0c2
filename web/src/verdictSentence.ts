import { type VerifyResult, verifyCheckNames } from "../../sdk/src/index.js";
import { escapeText } from "../../sdk/src/cli/render/escapeText.js";
import { quoteText } from "../../sdk/src/cli/render/quoteText.js";
import { formatUnixTime } from "../../sdk/src/time/formatUnixTime.js";
import { reasonMeanings } from "./reasonMeanings.js";

/** The verdict as the page shows it: a one-word headline (never conveyed by colour alone) and one plain sentence. */
export type Verdict = { kind: "valid" | "valid-offline" | "invalid" | "unknown"; headline: string; sentence: string };

/**
 * The verdict in one plain sentence, stating only what the passed checks established (as the CLI's verdict
 * line does). Valid online: model, publisher, signer, claimed time and anchor. Valid offline: what was not
 * checked. Invalid: the reason code, the failed check's own message and what it means, and nothing the bundle
 * claims. Every piece of bundle text is escaped (controls and bidi characters shown as `\u{…}`).
 *
 * @example
 * verdictSentence(result).sentence // "This text was produced by model \"atlas\" version \"1.0\" of publisher 0x…, …"
 */
export function verdictSentence(result: VerifyResult): Verdict {
  if (!result.valid) {
    const failed = result.checks.find((check) => check.outcome === "fail");
    const reason = result.reason ?? "malformed-bundle";
    const unknown = reason === "rpc-disagreement";
    return {
      kind: unknown ? "unknown" : "invalid",
      headline: `${unknown ? "UNKNOWN" : "INVALID"} (${reason})`,
      sentence: `${reasonMeanings[reason]} The ${failed?.name ?? "bundle"} check said: ${escapeText(failed?.message ?? "a check failed")}`,
    };
  }
  if (result.mode === "offline") {
    const notOnChain = result.unchecked.filter((name) => verifyCheckNames.indexOf(name) >= verifyCheckNames.indexOf("chain"));
    return {
      kind: "valid-offline",
      headline: "VALID OFFLINE ONLY",
      sentence: `The text matches what key ${result.signer} signed, but no chain was read (give an RPC to check it): not checked ${notOnChain.join(", ")}. The key is not known to be the publisher's.`,
    };
  }
  const model = result.model!;
  const anchored =
    result.anchoredAt !== null
      ? `anchored on chain ${result.chainId} no later than ${formatUnixTime(result.anchoredAt)} in block ${result.blockNumber}`
      : `not anchored yet (a signed receipt, checked against block ${result.readAt?.blockNumber} of chain ${result.chainId})`;
  return {
    kind: "valid",
    headline: "VALID",
    sentence:
      `This text was produced by model ${quoteText(model.name)} version ${quoteText(model.version)} of publisher ${result.publisher}, ` +
      `signed ${formatUnixTime(result.claimedAt!)} (the signer's own clock) by ${result.signer}, a signer key of the publisher, ${anchored}.`,
  };
}
