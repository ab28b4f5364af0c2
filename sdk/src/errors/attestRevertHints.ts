import type { AttestErrorName } from "./AttestErrorName.js";

/**
 * What a person can do about each of the contract's custom errors, by error name; null where no hint helps (errors
 * of OpenZeppelin's libraries a caller of the SDK does not meet). Keyed by every error in the generated ABI, so a
 * new error without an entry does not compile. The errors themselves are declared (with NatSpec) in
 * `contracts/interfaces/`.
 */
export const attestRevertHints: Readonly<Record<AttestErrorName, string | null>> = {
  ModelRegistryEmptyField: "A model needs a non-empty name and version.",
  ModelRegistryModelExists: "This publisher already registered this name and version; register a new version instead.",
  ModelRegistryUnknownModel: "No model has this id on this contract: check the id, the contract address and the chain.",
  ModelRegistryNotModelPublisher: "Only the model's publisher can change it: send from the publisher's key.",
  ModelRegistryModelRetired: "The model is already retired.",
  ModelRegistryAccountInUse:
    "Every address plays one part for one publisher, forever: a publisher cannot become a key, and a key (even a revoked one) cannot be authorized again. Use a fresh key.",
  ModelRegistryInvalidKey: "Only signer and anchorer keys can be authorized, and never the zero address.",
  ModelRegistryNotPublisherKey: "The address is not a key of the sending publisher.",
  ModelRegistryInvalidKeySignature: "The key's consent signature does not match: sign with the key being authorized, on this chain and contract.",
  ModelRegistryExpiredKeySignature: "The key's consent signature expired before the transaction was mined: sign again.",
  ModelRegistryInvalidRevocation:
    "A revocation must fall in [validFrom, validUntil) of the key's current window: a window can only shrink.",
  OutputAnchorUnauthorizedAnchorer: "The sender is neither a publisher nor a currently valid anchorer key of one.",
  OutputAnchorZeroRoot: "A batch root cannot be zero.",
  OutputAnchorZeroCount: "A batch must count at least one output.",
  OutputAnchorRootExists: "This publisher already anchored this root: the batch is on chain, nothing to resend.",
  InvalidAccountNonce: null,
  InvalidShortString: null,
  SafeCastOverflowedUintDowncast: null,
  StringTooLong: null,
};
