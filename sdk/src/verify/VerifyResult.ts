import type { Address, Hash } from "viem";

/**
 * Every check `verifyOutput` makes, in the order it makes them (PROTOCOL §8). The first failed check decides the
 * verdict; every check after it is reported as not made (`skip`).
 */
export const verifyCheckNames = [
  "bundle",
  "contract",
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
  "untrusted-contract",
  "content-mismatch",
  "request-not-committed",
  "request-withheld",
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
  "rpc-disagreement",
] as const;
export type VerifyReason = (typeof verifyReasons)[number];

export type VerifyCheck = {
  name: VerifyCheckName;
  outcome: "pass" | "fail" | "skip";
  /** Set when `outcome` is "fail". */
  reason?: VerifyReason | undefined;
  /** One sentence a person can act on. On a pass, it states what the check established, and nothing more. */
  message: string;
};

/** What one of several RPCs said (`verifyOutput` with several clients): `valid` null when it could not be read. */
export type RpcVerdict = { rpc: number; valid: boolean | null; reason: VerifyReason | null; blockHash: Hash | null };

/** The chain state an online verdict was read at: every read of one verification is pinned to this block. */
export type ChainReadPoint = { chainId: number; blockNumber: number; blockHash: Hash; timestamp: number };

/**
 * The verdict of `verifyOutput`. `valid` is true when every check that was made passed; `unchecked` lists
 * the checks that were not made (offline mode, a withheld request, a signed-only receipt, or every check after
 * the first failure), so "valid offline" is never mistaken for "valid on chain".
 *
 * The descriptive fields (`chainId` … `root`) repeat what the bundle *claims*. They are established facts only
 * when `valid` is true and `mode` is "online"; `signer` is set only when the signature check passed.
 */
export type VerifyResult = {
  /**
   * Every check that was made passed. With `withoutResponse` the `content` check is not made: `valid` true then says
   * nothing about any text, and `unchecked` includes "content" (test `unchecked.includes("content")`, as `aiattest
   * audit` does, before reading a valid verdict as "this text").
   */
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
  /** The signer the signature recovers to, when the signature check passed; otherwise null. */
  signer: Address | null;
  /** The time the signer claims (unix seconds): only as trustworthy as the key. */
  claimedAt: number | null;
  /** The block time of the anchor (unix seconds): the trusted "no later than" time. Null unless anchored. */
  anchoredAt: number | null;
  blockNumber: number | null;
  txHash: Hash | null;
  root: Hash | null;
  /** The publisher's record id: an unauthenticated label (not signed), for finding the record again. */
  recordId: string | null;
  /** Where the chain was read (online mode, once the chain check ran); null offline. */
  readAt: ChainReadPoint | null;
  checks: VerifyCheck[];
  unchecked: VerifyCheckName[];
  /** With several clients: what each RPC said, by its index among them; the verdict is the quorum's. */
  rpcs?: RpcVerdict[] | undefined;
  /** For a malformed bundle: every bad field. */
  issues?: { path: string; message: string }[] | undefined;
};
