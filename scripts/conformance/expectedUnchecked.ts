// The `unchecked` list a conforming verifier reports (PROTOCOL §8), from the spec's rules alone: every check that
// is skipped (no request given, a receipt's anchor checks, no maximum anchor delay, no chain) or comes after the
// first failure.
import { type VerifyCheckName, verifyCheckNames } from "../../sdk/src/verify/VerifyResult.js";

export type UncheckedParameters = {
  failed?: VerifyCheckName | undefined;
  isOnline?: boolean;
  isRequestGiven?: boolean;
  isAnchored?: boolean;
  hasAnchorDelay?: boolean;
};

const online = verifyCheckNames.slice(verifyCheckNames.indexOf("chain"));
const anchorChecks: VerifyCheckName[] = ["merkleProof", "batch", "anchorerWindow", "confirmations", "onchain"];

export function expectedUnchecked({ failed, isOnline = false, isRequestGiven = false, isAnchored = true, hasAnchorDelay = false }: UncheckedParameters): VerifyCheckName[] {
  const isSkipped = (name: VerifyCheckName) =>
    (name === "request" && !isRequestGiven) || (!isAnchored && anchorChecks.includes(name)) || (name === "anchorDelay" && !hasAnchorDelay) || (!isOnline && online.includes(name));
  const reached = failed === undefined ? verifyCheckNames : verifyCheckNames.slice(0, verifyCheckNames.indexOf(failed) + 1);
  return verifyCheckNames.filter((name) => !reached.includes(name) || isSkipped(name));
}

/** The check each reason comes from. */
export const checkOfReason: Record<string, VerifyCheckName> = {
  "malformed-bundle": "bundle",
  "untrusted-contract": "contract",
  "content-mismatch": "content",
  "request-not-committed": "request",
  "request-withheld": "request",
  "request-mismatch": "request",
  "malformed-signature": "signature",
  "malleable-signature": "signature",
  "bad-signature": "signature",
  "model-id-mismatch": "modelId",
  "proof-invalid": "merkleProof",
  "wrong-chain": "chain",
  "unknown-contract": "chain",
  "unknown-model": "model",
  "publisher-mismatch": "model",
  "model-retired": "retirement",
  "signer-not-authorized": "signerWindow",
  "signer-revoked": "signerWindow",
  "not-anchored": "batch",
  "anchorer-not-authorized": "anchorerWindow",
  "timestamp-after-anchor": "timeOrder",
  "timestamp-in-future": "timeOrder",
  "anchor-tx-not-found": "confirmations",
  "insufficient-confirmations": "confirmations",
  "onchain-rejected": "onchain",
  "anchor-overdue": "anchorDelay",
};
