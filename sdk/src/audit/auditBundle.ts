import { type Address, type Client, type Hash, isAddressEqual } from "viem";
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

/**
 * Why a bundle was not audited against the batch, and never counted as one of its members. A batch is keyed by
 * (chainId, contract, publisher, root): `other-deployment` names another chain or contract, `other-publisher` another
 * publisher (anyone can anchor the same root as their own), `other-batch` another root; `not-anchored` is a
 * signed-only receipt; `not-a-bundle` is JSON that does not claim the bundle format (a manifest, say). Text that is
 * not JSON is never skipped: it is `malformed-bundle`, so no bundle disappears from the invalid count by being broken.
 */
export type AuditBundleSkip = "other-deployment" | "other-publisher" | "other-batch" | "not-anchored" | "not-a-bundle";

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
 * Audits one proof bundle against an audited batch: a bundle of another batch (another chain, contract, publisher or
 * root than the manifest's), a signed-only receipt, or JSON that does not claim the bundle format is skipped and never
 * counted a member; one of this batch is verified by the one verification path, `verifyOutput`, online (with the
 * response when given, else `withoutResponse`: every check but `content`, and then `isContentChecked` is false and the
 * message says so), and a valid one must also hold its leaf at its `leafIndex` in the manifest, which `verifyOutput`
 * alone cannot establish (the manifest's order is the canonical one `auditManifest` requires). Anything else that
 * claims the bundle format, or is not JSON at all, is verified and so counted invalid (`malformed-bundle`).
 *
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown, not negative).
 * @example
 * const { result, manifest } = await auditManifest({ manifest: text, client })
 * if (result.valid) for (const file of files) console.log(await auditBundle({ bundle: await readFile(file), manifest: manifest!, client }))
 */
export async function auditBundle({ bundle, response, manifest, client, trustedContracts, minConfirmations }: AuditBundleParameters): Promise<AuditBundleResult> {
  const parsed = parseBundle(bundle);
  if (!parsed.success) {
    const claim = formatClaimOf(bundle);
    if (claim.isJson && claim.format !== bundleFormat) {
      const what = typeof claim.format === "string" ? `a JSON document of format ${JSON.stringify(claim.format.slice(0, 64))}` : "JSON without a \"format\"";
      return { status: "skipped", skip: "not-a-bundle", message: `Not a proof bundle: ${what}, not "${bundleFormat}".`, root: null };
    }
  } else {
    const { anchor, chainId, contract, publisher } = parsed.bundle;
    if (anchor === null) return { status: "skipped", skip: "not-anchored", message: "A signed-only receipt: in no anchored batch yet.", root: null };
    // a batch is (chainId, contract, publisher, root): anyone can anchor the same root, on any deployment
    if (chainId !== manifest.chainId || !isAddressEqual(contract, manifest.contract)) {
      return { status: "skipped", skip: "other-deployment", message: `Of another deployment (chain ${chainId}, contract ${contract}), not the audited batch's (chain ${manifest.chainId}, contract ${manifest.contract}): not a member.`, root: anchor.root };
    }
    if (!isAddressEqual(publisher, manifest.publisher)) {
      return { status: "skipped", skip: "other-publisher", message: `Of publisher ${publisher}, not the audited batch's ${manifest.publisher}: not a member, even with the same root.`, root: anchor.root };
    }
    if (anchor.root.toLowerCase() !== manifest.root.toLowerCase()) return { status: "skipped", skip: "other-batch", message: `Of another batch (root ${anchor.root}).`, root: anchor.root };
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
    message: isContentChecked ? "Valid, content included." : "Valid, except the content: not checked (no response text given), so this says nothing about any text.",
    leafIndex,
    isContentChecked,
    recordId,
    verdict,
  };
}

const bundleFormat = "aiattest-bundle-v1";
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Whether the input is JSON (strict UTF-8) at all, and the top-level `format` it names, if any. */
function formatClaimOf(input: string | Uint8Array): { isJson: false } | { isJson: true; format: unknown } {
  try {
    const value: unknown = JSON.parse(typeof input === "string" ? input : utf8.decode(input));
    return { isJson: true, format: typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { format?: unknown }).format : undefined };
  } catch {
    return { isJson: false };
  }
}
