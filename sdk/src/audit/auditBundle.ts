import type { Address, Client, Hash } from "viem";
import { InvariantError } from "../errors/InvariantError.js";
import { parseBundle } from "../bundle/parseBundle.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import type { BatchManifest } from "../merkle/BatchManifest.js";
import { verifyOutput } from "../verify/verifyOutput.js";
import type { VerifyReason, VerifyResult } from "../verify/VerifyResult.js";

export type AuditBundleParameters = {
  /** The bundle's JSON text or bytes. Untrusted. */
  bundle: string | Uint8Array;
  /** The response the bundle is for, when the auditor has it; without it the content check is not made. */
  response?: string | Uint8Array | undefined;
  /** The batch's manifest, as `auditManifest` returned it (validated, root rebuilt). */
  manifest: BatchManifest;
  client: Client | readonly Client[];
  trustedContracts?: readonly Address[] | undefined;
  minConfirmations?: number | undefined;
};

/** Why a bundle was not audited against the batch: it belongs to another batch, is a receipt, or is no bundle. */
export type AuditBundleSkip = "other-batch" | "not-anchored" | "not-a-bundle";

export type AuditBundleResult =
  | { status: "skipped"; skip: AuditBundleSkip; message: string; root: Hash | null }
  | {
      status: "valid" | "invalid";
      /** `verifyOutput`'s reason, or `leaf-index-mismatch` when a valid bundle's leaf is not at its `leafIndex` in the manifest. */
      reason: VerifyReason | "leaf-index-mismatch" | null;
      message: string;
      /** The bundle's `anchor.leafIndex` (null when malformed). */
      leafIndex: number | null;
      /** Whether the response was given and its content checked. */
      isContentChecked: boolean;
      recordId: string | null;
      verdict: VerifyResult;
    };

/**
 * Audits one proof bundle against an audited batch: a bundle of another batch (or a signed-only receipt, or a file
 * that is no bundle at all) is skipped; one of this batch is verified by the one verification path, `verifyOutput`,
 * online (with the response when given, else `withoutResponse`: every check but `content`), and a valid one must
 * also hold its leaf at its `leafIndex` in the manifest, which `verifyOutput` alone cannot establish.
 *
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown, not negative).
 * @example
 * const { result, manifest } = await auditManifest({ manifest: text, client })
 * if (result.valid) for (const file of files) console.log(await auditBundle({ bundle: await readFile(file), manifest: manifest!, client }))
 */
export async function auditBundle({ bundle, response, manifest, client, trustedContracts, minConfirmations }: AuditBundleParameters): Promise<AuditBundleResult> {
  const parsed = parseBundle(bundle);
  if (!parsed.success && !claimsBundleFormat(bundle)) {
    return { status: "skipped", skip: "not-a-bundle", message: "Not a proof bundle (no \"format\": \"aiattest-bundle-v1\").", root: null };
  }
  if (parsed.success) {
    const { anchor } = parsed.bundle;
    if (anchor === null) return { status: "skipped", skip: "not-anchored", message: "A signed-only receipt: in no anchored batch yet.", root: null };
    if (anchor.root.toLowerCase() !== manifest.root) return { status: "skipped", skip: "other-batch", message: `Of another batch (root ${anchor.root}).`, root: anchor.root };
  }
  const common = { client, trustedContracts, minConfirmations };
  const verdict = response === undefined ? await verifyOutput({ bundle, withoutResponse: true, ...common }) : await verifyOutput({ bundle, response, ...common });
  const isContentChecked = verdict.checks.some((check) => check.name === "content" && check.outcome !== "skip");
  const leafIndex = parsed.success ? parsed.bundle.anchor!.leafIndex : null;
  const recordId = parsed.success ? parsed.bundle.recordId : null;
  if (!verdict.valid) {
    const failed = verdict.checks.find((check) => check.outcome === "fail");
    return { status: "invalid", reason: verdict.reason, message: failed?.message ?? "A check failed.", leafIndex, isContentChecked, recordId, verdict };
  }
  // a sorted-pair proof does not encode a position: the manifest does
  if (!parsed.success) throw new InvariantError("verifyOutput found valid a bundle that does not parse");
  const { chainId, contract, output } = parsed.bundle;
  const leaf = hashOutputLeaf(hashOutput({ domain: { chainId, contract }, output: { ...output, timestamp: BigInt(output.timestamp) } }));
  if (leafIndex === null || manifest.leaves[leafIndex]?.toLowerCase() !== leaf) {
    const at = manifest.leaves.findIndex((candidate) => candidate.toLowerCase() === leaf);
    return {
      status: "invalid",
      reason: "leaf-index-mismatch",
      message: `The bundle's leaf is ${at === -1 ? "not in the manifest" : `at index ${at} of the manifest`}, not at its leafIndex ${leafIndex}.`,
      leafIndex,
      isContentChecked,
      recordId,
      verdict,
    };
  }
  return {
    status: "valid",
    reason: null,
    message: isContentChecked ? "Valid, content included." : "Valid, except the content: not checked, it needs the response text.",
    leafIndex,
    isContentChecked,
    recordId,
    verdict,
  };
}

function claimsBundleFormat(input: string | Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(typeof input === "string" ? input : new TextDecoder().decode(input));
    return typeof value === "object" && value !== null && (value as { format?: unknown }).format === "aiattest-bundle-v1";
  } catch {
    return false;
  }
}
