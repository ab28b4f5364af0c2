import type { Address, Hash } from "viem";

/** Every check `verifyOutput` makes, in the order it makes them. */
export const verifyCheckNames = [
  "bundle",
  "content",
  "request",
  "signature",
  "modelId",
  "merkleProof",
  "chain",
  "model",
  "retirement",
  "signerWindow",
  "batch",
  "anchorerWindow",
  "timeOrder",
  "confirmations",
  "onchain",
  "anchorDelay",
] as const;
export type VerifyCheckName = (typeof verifyCheckNames)[number];

/** Why a check failed. Stable strings: scripts and the test vectors match on them. */
export const verifyReasons = [
  "malformed-bundle",
  "content-mismatch",
  "request-mismatch",
  "malformed-signature",
  "malleable-signature",
  "bad-signature",
  "model-id-mismatch",
  "proof-invalid",
  "wrong-chain",
  "unknown-contract",
  "unknown-model",
  "publisher-mismatch",
  "model-retired",
  "signer-not-authorized",
  "signer-revoked",
  "not-anchored",
  "anchor-mismatch",
  "anchorer-not-authorized",
  "timestamp-after-anchor",
  "timestamp-in-future",
  "anchor-tx-not-found",
  "insufficient-confirmations",
  "onchain-rejected",
  "anchor-overdue",
] as const;
export type VerifyReason = (typeof verifyReasons)[number];

export type VerifyCheck = {
  name: VerifyCheckName;
  outcome: "pass" | "fail" | "skip";
  /** Set when `outcome` is "fail". */
  reason?: VerifyReason | undefined;
  /** One sentence a person can act on. */
  message: string;
};

/**
 * The verdict of `verifyOutput`. `valid` is true when every check that was made passed; `unchecked` lists
 * the checks that could not be made (offline mode, a withheld request, a signed-only receipt), so "valid
 * offline" is never mistaken for "valid on chain".
 */
export type VerifyResult = {
  valid: boolean;
  /** The reason of the first failed check, in verification order; null when valid. */
  reason: VerifyReason | null;
  mode: "online" | "offline";
  /** "anchored" when the bundle carries an anchor, "signed-only" for a receipt not yet anchored. */
  status: "anchored" | "signed-only";
  chainId: number | null;
  contract: Address | null;
  publisher: Address | null;
  model: { id: Hash; name: string; version: string } | null;
  signer: Address | null;
  /** The time the signer claims (unix seconds): only as trustworthy as the key. */
  claimedAt: number | null;
  /** The block time of the anchor (unix seconds): the trusted "no later than" time. Null unless anchored. */
  anchoredAt: number | null;
  blockNumber: number | null;
  txHash: Hash | null;
  root: Hash | null;
  checks: VerifyCheck[];
  unchecked: VerifyCheckName[];
  /** For a malformed bundle: every bad field. */
  issues?: { path: string; message: string }[] | undefined;
};
