import type { KeyRevokeResult } from "../commands/keyRevoke.js";
import { formatUnixTime } from "../../time/formatUnixTime.js";

/**
 * The human text of `aiattest key revoke`: the window's new end, what it voided in the local store, and who
 * takes over after a rotation.
 *
 * @example
 * logger.result(result, renderKeyRevoke(result))
 */
export function renderKeyRevoke({ key, role, mode, publisher, validUntil, impact, successor, blockNumber, txHash }: KeyRevokeResult): string {
  const lines = [`Revoked ${role} ${key} of publisher ${publisher} (${mode === "rotate" ? "planned rotation" : "compromised"}): valid until ${formatUnixTime(validUntil)} (block ${blockNumber}, tx ${txHash}).`];
  if (successor) lines.push(`Successor: ${successor.address} (${successor.setting}).`);
  if (!impact.isCounted) lines.push(`Nothing counted: no store bound to this contract at ${impact.db}.`);
  else if (role === "anchorer") lines.push(impact.voidBatches === 0 ? "No anchor in the store was voided." : `Voided ${impact.voidBatches} batch anchor(s) (${impact.voidOutputs} output(s)): the next \`aiattest anchor\` run anchors them again.`);
  else {
    lines.push(`Voided ${impact.voidOutputs} anchored output(s) it signed.`);
    if (impact.unanchored > 0) lines.push(mode === "rotate" ? `${impact.unanchored} output(s) it signed must be anchored before ${formatUnixTime(validUntil)}.` : `${impact.unanchored} output(s) it signed, not anchored yet, are void too.`);
  }
  return lines.join("\n");
}
