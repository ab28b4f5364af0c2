import { formatUnixTime } from "../../time/formatUnixTime.js";
import type { VerifyResult } from "../../verify/VerifyResult.js";
import { quoteText } from "../../text/quoteText.js";

/**
 * What a valid online verdict established, each as one clause (escaped for printing). Only for `valid` results
 * of mode "online": elsewhere the bundle's fields are claims, not facts.
 *
 * @example
 * `VALID: ${establishedFacts(result).join("; ")}.`
 */
export function establishedFacts(result: VerifyResult): string[] {
  const model = result.model!;
  // facts of our own making first; the publisher's free text last, quoted as JSON strings behind a label, so no
  // name can close its quote and append a clause of its own
  return [
    `publisher ${result.publisher}`,
    `signed by ${result.signer}, a signer key of the publisher`,
    `claimed ${formatUnixTime(result.claimedAt!)} (the signer's word)`,
    result.anchoredAt !== null
      ? `anchored no later than ${formatUnixTime(result.anchoredAt)} in block ${result.blockNumber} of chain ${result.chainId}`
      : `not anchored yet (a signed receipt, checked against block ${result.readAt?.blockNumber} of chain ${result.chainId})`,
    `model name ${quoteText(model.name)}, version ${quoteText(model.version)} (as the publisher registered them)`,
  ];
}
