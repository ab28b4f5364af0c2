import type { Address } from "viem";
import { formatUnixTime } from "../../time/formatUnixTime.js";
import { rotationLagSeconds } from "../../pipeline/rotationValidUntil.js";
import type { RevocationImpact, SuccessorKey } from "./RevocationImpact.js";

export type DescribeRevocationParameters = {
  mode: "rotate" | "compromised";
  role: "signer" | "anchorer";
  key: Address;
  publisher: Address;
  validUntil: bigint;
  /** The chain time `validUntil` was computed from (rotation). */
  chainTime: bigint;
  maxAnchorDelay: number;
  successor: SuccessorKey | null;
  impact: RevocationImpact;
};

/**
 * What `aiattest key revoke` is about to do, in lines a person reads before confirming: the window's new end in
 * ISO UTC, and how many outputs of the local store it voids, and what becomes of them.
 *
 * @example
 * logger.write("stderr", describeRevocation(plan).join("\n"))
 */
export function describeRevocation({ mode, role, key, publisher, validUntil, chainTime, maxAnchorDelay, successor, impact }: DescribeRevocationParameters): string[] {
  const until = `${formatUnixTime(validUntil)} (unix ${validUntil})`;
  const lines =
    mode === "rotate"
      ? [
          `Planned rotation of ${role} ${key} of publisher ${publisher}: valid until ${until},`,
          `  the chain's time ${formatUnixTime(chainTime)} + AIATTEST_MAX_ANCHOR_DELAY ${maxAnchorDelay} s + ${rotationLagSeconds} s (PROTOCOL §10).`,
          successor
            ? `Its successor is ${successor.address} (${successor.setting}): ${role === "signer" ? "the recorders must sign with it from now on" : "`aiattest anchor` must run with it from now on"}.`
            : "",
        ]
      : [
          `Revoking ${role} ${key} of publisher ${publisher} as compromised since ${until}:`,
          role === "signer"
            ? "  every output it signed, or anchored at or after that time, is void for good (verify: signer-revoked); no anchor can make it valid again."
            : "  every anchor it made at or after that time is void; the outputs are not: the next `aiattest anchor` run anchors their batches again.",
        ];
  return [...lines.filter((line) => line !== ""), ...describeImpact({ mode, role, until, impact })];
}

function describeImpact({ mode, role, until, impact }: { mode: "rotate" | "compromised"; role: "signer" | "anchorer"; until: string; impact: RevocationImpact }): string[] {
  if (!impact.isCounted) return [`No store bound to this contract at ${impact.db}: what the key signed or anchored there cannot be counted.`];
  if (role === "anchorer") {
    if (impact.voidBatches === 0) return [`In ${impact.db}: no anchor becomes void.`];
    const lines = [
      `In ${impact.db}: ${impact.voidBatches} batch(es) it anchored, holding ${impact.voidOutputs} output(s), become void.`,
      `  The next \`aiattest anchor\` run anchors ${impact.voidForGood > 0 ? `${impact.voidOutputs - impact.voidForGood} of them` : "them"} again with AIATTEST_ANCHORER_KEY (another anchorer key, or the publisher's), and their bundles then verify with the new anchor.`,
    ];
    if (impact.voidForGood > 0) {
      lines.push(`  ${impact.voidForGood} output(s) stay void for good: their signer's window has closed (or closes before a new anchor can be mined), so no new anchor can make them verify; the run reports them by id.`);
    }
    return lines;
  }
  const lines = [`In ${impact.db}: ${impact.voidOutputs} anchored output(s) it signed become void.`];
  if (impact.unanchored > 0) {
    lines.push(
      mode === "rotate"
        ? `  ${impact.unanchored} output(s) it signed are not anchored yet: \`aiattest anchor\` must anchor them before ${until}, or they are void.`
        : `  ${impact.unanchored} output(s) it signed are not anchored yet: they are void too (anchored or not, they never verify).`,
    );
  }
  return lines;
}
