import type { Address, Hash } from "viem";
import type { ChainReadPoint } from "../verify/VerifyResult.js";

/** Every check `auditManifest` makes, in order (PROTOCOL §8, "Auditing a batch"). The first failure decides. */
export const auditCheckNames = ["manifest", "root", "contract", "chain", "batch", "anchorerWindow", "count", "event", "uri", "confirmations"] as const;
export type AuditCheckName = (typeof auditCheckNames)[number];

/** Why a manifest audit failed. Stable strings: scripts match on them. */
export const auditReasons = [
  "malformed-manifest",
  "root-mismatch",
  "untrusted-contract",
  "wrong-chain",
  "unknown-contract",
  "not-anchored",
  "anchorer-not-authorized",
  "count-mismatch",
  "anchor-tx-not-found",
  "anchor-mismatch",
  "uri-mismatch",
  "insufficient-confirmations",
] as const;
export type AuditReason = (typeof auditReasons)[number];

export type AuditCheck = {
  name: AuditCheckName;
  outcome: "pass" | "fail" | "skip";
  /** Set when `outcome` is "fail". */
  reason?: AuditReason | undefined;
  /** One sentence a person can act on; on a pass, the one fact the check established. */
  message: string;
};

/** The anchor the chain holds for the manifest's (publisher, root), as far as the checks read it. */
export type AuditedAnchor = {
  anchorer: Address;
  anchoredAt: number;
  count: number;
  /** From the `BatchAnchored` event; null when it was not found. */
  txHash: Hash | null;
  blockNumber: number | null;
  uri: string | null;
};

/**
 * The verdict of `auditManifest`. `valid` is true when every check that was made passed; `unchecked` lists the
 * checks not made (every check after the first failure, and `uri` when the manifest was not read from a URI and
 * none was given to compare), so a valid verdict is never read as more than it is.
 */
export type AuditManifestResult = {
  valid: boolean;
  reason: AuditReason | null;
  /** What the manifest claims (null when malformed): facts only when `valid`. */
  manifest: { chainId: number; contract: Address; publisher: Address; root: Hash; sortLeaves: boolean; leafCount: number } | null;
  /** The URI the anchor must name: where the manifest was fetched from, or the one the caller gave; null if neither. */
  expectedUri: string | null;
  anchor: AuditedAnchor | null;
  /** Where the chain was read, once the chain check ran; else null. */
  readAt: ChainReadPoint | null;
  checks: AuditCheck[];
  unchecked: AuditCheckName[];
  /** For `malformed-manifest`: the bad field (`leaves[3]`, `chainId`, `$` for the document) and what is wrong. */
  issues?: { path: string; message: string }[] | undefined;
};
