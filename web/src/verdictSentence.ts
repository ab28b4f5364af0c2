import { type VerifyResult, verifyCheckNames } from "../../sdk/src/index.js";
import { escapeText } from "../../sdk/src/text/escapeText.js";
import { quoteText } from "../../sdk/src/text/quoteText.js";
import { formatUnixTime } from "../../sdk/src/time/formatUnixTime.js";
import { knownChainOf, type NetworkKind, networkKindOf } from "./knownChains.js";
import { reasonMeanings } from "./reasonMeanings.js";

/**
 * The verdict as the page shows it: a short headline (never conveyed by colour alone) and one plain sentence.
 * `valid-not-production` is valid on a development chain or a test network: every check passed, but such an anchor
 * is no production record.
 */
export type Verdict = { kind: "valid" | "valid-not-production" | "valid-offline" | "invalid" | "unknown"; headline: string; sentence: string };

const notProductionHeadlines: Record<Exclude<NetworkKind, "production">, string> = {
  development: "VALID ON A DEVELOPMENT CHAIN",
  testnet: "VALID ON A TEST NETWORK",
};

/**
 * The verdict in one plain sentence, stating only what the passed checks established (as the CLI's verdict
 * line does). Valid online: model, publisher, signer, claimed time and anchor. Valid offline: what was not
 * checked. Invalid: the reason code, the failed check's own message and what it means, and nothing the bundle
 * claims. Every piece of bundle text is escaped (controls and bidi characters shown as `\u{…}`). Any verdict on a
 * development chain (31337, 1337) or a known test network says so plainly, and a valid one is not headed a plain
 * VALID: a local node's owner can make any anchor, and a test network's coins are free.
 *
 * @example
 * verdictSentence(result).sentence // "This text was produced by model \"atlas\" version \"1.0\" of publisher 0x…, …"
 */
export function verdictSentence(result: VerifyResult): Verdict {
  const verdict = plainVerdict(result);
  // the chain actually read when there is one, else the one the bundle names
  const chainId = result.readAt?.chainId ?? result.chainId;
  const network = chainId === null ? null : networkKindOf(chainId);
  if (chainId === null || network === null || network === "production") return verdict;
  const named = knownChainOf(chainId);
  const where = `chain id ${chainId}${named ? `, ${named.name}` : ""}`;
  const caveat =
    network === "development"
      ? ` This is on a development chain (${where}): anyone can make such an anchor, so it proves nothing about a real publisher.`
      : ` This is on a test network (${where}): its coins are free, so it shows how the proof works, not a production record.`;
  if (verdict.kind !== "valid") return { ...verdict, sentence: verdict.sentence + caveat };
  return { kind: "valid-not-production", headline: notProductionHeadlines[network], sentence: verdict.sentence + caveat };
}

function plainVerdict(result: VerifyResult): Verdict {
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
