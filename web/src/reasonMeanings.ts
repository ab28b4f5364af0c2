import type { VerifyReason } from "../../sdk/src/index.js";

/**
 * What each failure means, in one plain sentence for someone who is not a developer. Keyed by every reason
 * `verifyOutput` can give, so a new reason does not type-check until it is explained here.
 */
export const reasonMeanings: Record<VerifyReason, string> = {
  "malformed-bundle": "The proof file is not a valid AIAttest bundle, so nothing in it can be checked.",
  "untrusted-contract":
    "The proof points at a contract that is not the canonical AIAttest deployment (nor one you chose to trust). Anyone can deploy a look-alike contract, so nothing it records counts.",
  "content-mismatch": "The text you gave is not the text that was signed: even one changed character, space or line break changes it.",
  "request-not-committed": "You gave a request, but the signed output does not commit to any request, so it cannot show which question it answered.",
  "request-withheld": "The output commits to a request that was not given here, so the check of the question it answered could not be made.",
  "request-mismatch": "The request you gave is not the one the output was signed with.",
  "malformed-signature": "The signature in the proof is not a well-formed signature.",
  "malleable-signature": "The signature is in a non-standard (malleable) form that verifiers must refuse.",
  "bad-signature": "The signature does not match the signed output: the proof was altered or signed by someone else.",
  "model-id-mismatch": "The model the proof names is not the model the output was signed for.",
  "proof-invalid": "The Merkle proof does not lead from this output to the anchored batch root: the output is not in that batch.",
  "wrong-chain": "The RPC you chose serves a different chain than the one the proof is for, or the contract is not there.",
  "unknown-contract": "There is no AIAttest contract at the proof's address on this chain.",
  "unknown-model": "The contract has no model with this id: the publisher never registered it.",
  "publisher-mismatch": "The model is registered to a different publisher than the proof claims.",
  "model-retired": "The publisher retired this model before the output was signed.",
  "signer-not-authorized": "The key that signed is not one the publisher authorized to sign at that time.",
  "signer-revoked": "The publisher revoked the signing key before this output was anchored.",
  "not-anchored": "The batch this proof names was never anchored on chain.",
  "anchor-mismatch": "What the chain records about the anchor (its block, time, transaction or anchorer) differs from what the proof claims.",
  "anchorer-not-authorized": "The batch was anchored by a key the publisher had not authorized to anchor.",
  "timestamp-after-anchor": "The output claims to be signed after the batch holding it was anchored, which is impossible for an honest signer.",
  "timestamp-in-future": "The output claims a signing time in the future of the chain.",
  "anchor-tx-not-found": "The anchoring transaction the proof names is not on this chain.",
  "insufficient-confirmations": "The anchoring transaction has fewer confirmations than required yet; try again later.",
  "onchain-rejected": "The contract's own verification refused this output.",
  "anchor-overdue": "The receipt was never anchored within the delay the publisher promised.",
  "rpc-disagreement": "The RPCs read disagree about the chain, so the verdict is unknown, not negative.",
};
