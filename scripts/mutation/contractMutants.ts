// The contract guards the mutation check removes or inverts, one at a time. Each edit is a literal find/replace
// in one source file; the find text must occur exactly once in the current source, or the check fails before
// running anything (so this list cannot silently fall behind the contracts).

export type ContractMutant = {
  /** The external function whose guard this is (helpers are named after the function that calls them). */
  function: "anchor" | "verifyOutput" | "verifySignedOutput" | "authorizeKey" | "revokeKey";
  /** What the guard protects, in a few words. */
  guard: string;
  file: "contracts/OutputAnchor.sol" | "contracts/ModelRegistry.sol";
  find: string;
  replace: string;
  /**
   * Set when no test can kill the mutant because the edit does not change behaviour: why. The check still runs
   * it, and reports a kill as a stale claim.
   */
  equivalent?: string;
};

const anchorer = "contracts/OutputAnchor.sol";
const registry = "contracts/ModelRegistry.sol";

export const contractMutants: ContractMutant[] = [
  // anchor
  { function: "anchor", guard: "zero root", file: anchorer, find: "if (root == bytes32(0)) revert OutputAnchorZeroRoot();", replace: "" },
  { function: "anchor", guard: "zero count", file: anchorer, find: "if (count == 0) revert OutputAnchorZeroCount();", replace: "" },
  {
    function: "anchor",
    guard: "caller may anchor for no publisher",
    file: anchorer,
    find: "if (publisher == address(0)) revert OutputAnchorUnauthorizedAnchorer(msg.sender);",
    replace: "",
  },
  { function: "anchor", guard: "root already anchored (whole guard)", file: anchorer, find: "revert OutputAnchorRootExists(publisher, root);", replace: "" },
  {
    function: "anchor",
    guard: "root already anchored: a void anchor does not block (any anchor blocks)",
    file: anchorer,
    find: "_anchoringPublisher(stored.anchorer, stored.anchoredAt) == publisher",
    replace: "true",
  },
  {
    function: "anchor",
    guard: "root already anchored: a valid anchor blocks (inverted: only a void one blocks)",
    file: anchorer,
    find: "_anchoringPublisher(stored.anchorer, stored.anchoredAt) == publisher",
    replace: "_anchoringPublisher(stored.anchorer, stored.anchoredAt) != publisher",
  },
  {
    function: "anchor",
    guard: "anchorer key role (a signer key anchors)",
    file: registry,
    find: "if (role == KeyRole.Anchorer && record.validFrom <= time",
    replace: "if (record.validFrom <= time",
  },
  {
    function: "anchor",
    guard: "anchorer window start (validFrom <= time -> <)",
    file: registry,
    find: "record.validFrom <= time && time < record.validUntil) return record.publisher;",
    replace: "record.validFrom < time && time < record.validUntil) return record.publisher;",
  },
  {
    function: "anchor",
    guard: "anchorer window end (time < validUntil -> <=)",
    file: registry,
    find: "record.validFrom <= time && time < record.validUntil) return record.publisher;",
    replace: "record.validFrom <= time && time <= record.validUntil) return record.publisher;",
  },

  // verifyOutput
  {
    function: "verifyOutput",
    guard: "unknown model",
    file: anchorer,
    find: "if (publisher == address(0)) return (false, 0);",
    replace: "",
    equivalent: "with a zero publisher the batch read is _batches[0][root], always empty (anchor never stores under publisher 0), so the next guard returns the same (false, 0)",
  },
  {
    function: "verifyOutput",
    guard: "root not anchored",
    file: anchorer,
    find: "if (batch.anchoredAt == 0) return (false, 0);",
    replace: "",
    equivalent: "an empty batch has anchorer 0, and _anchoringPublisher(0, 0) is 0 (address 0 never gets a key record), which the next guard rejects with the same (false, 0)",
  },
  {
    function: "verifyOutput",
    guard: "void anchor (anchorer not valid at anchoredAt)",
    file: anchorer,
    find: "if (_anchoringPublisher(batch.anchorer, batch.anchoredAt) != publisher) return (false, 0);",
    replace: "",
  },
  { function: "verifyOutput", guard: "model retired (whole guard)", file: anchorer, find: "if (retiredAt != 0 && output.timestamp >= retiredAt) return (false, 0);", replace: "" },
  {
    function: "verifyOutput",
    guard: "model retired (timestamp >= retiredAt -> >)",
    file: anchorer,
    find: "output.timestamp >= retiredAt",
    replace: "output.timestamp > retiredAt",
  },
  { function: "verifyOutput", guard: "claimed after the anchor (whole guard)", file: anchorer, find: "if (output.timestamp > batch.anchoredAt) return (false, 0);", replace: "" },
  {
    function: "verifyOutput",
    guard: "claimed after the anchor (timestamp > anchoredAt -> >=)",
    file: anchorer,
    find: "if (output.timestamp > batch.anchoredAt)",
    replace: "if (output.timestamp >= batch.anchoredAt)",
  },
  {
    function: "verifyOutput",
    guard: "Merkle proof",
    file: anchorer,
    find: "if (!MerkleProof.verifyCalldata(proof, root, outputLeaf(output))) return (false, 0);",
    replace: "",
  },

  // verifySignedOutput
  {
    function: "verifySignedOutput",
    guard: "signature does not recover",
    file: anchorer,
    find: "if (error != ECDSA.RecoverError.NoError) return (false, 0, address(0));",
    replace: "",
    equivalent: "on any recover error tryRecover returns address 0, which is never a signer key, so the signer checks below return the same (false, 0, address(0))",
  },
  {
    function: "verifySignedOutput",
    guard: "verifyOutput rejects",
    file: anchorer,
    find: "if (!valid) return (false, 0, recovered);",
    replace: "",
    equivalent: "verifyOutput returns anchoredAt 0 when invalid, and no key is valid at time 0 (validFrom is a block time), so the signer check below returns the same (false, 0, recovered)",
  },
  {
    function: "verifySignedOutput",
    guard: "signer valid at the claimed time",
    file: anchorer,
    find: "!isValidSigner(publisher, recovered, output.timestamp) || ",
    replace: "",
  },
  {
    function: "verifySignedOutput",
    guard: "signer valid at the anchor time",
    file: anchorer,
    find: " || !isValidSigner(publisher, recovered, anchoredAt)",
    replace: "",
  },
  {
    function: "verifySignedOutput",
    guard: "signer key role (an anchorer key signs)",
    file: registry,
    find: "record.role == role &&",
    replace: "",
  },
  {
    function: "verifySignedOutput",
    guard: "signer key's publisher (another publisher's key signs)",
    file: registry,
    find: "record.publisher == publisher &&",
    replace: "",
  },
  {
    function: "verifySignedOutput",
    guard: "signer window start (validFrom <= time -> <)",
    file: registry,
    find: "record.validFrom <= time &&\n            time < record.validUntil;",
    replace: "record.validFrom < time &&\n            time < record.validUntil;",
  },
  {
    function: "verifySignedOutput",
    guard: "signer window end (time < validUntil -> <=)",
    file: registry,
    find: "record.validFrom <= time &&\n            time < record.validUntil;",
    replace: "record.validFrom <= time &&\n            time <= record.validUntil;",
  },

  // authorizeKey
  {
    function: "authorizeKey",
    guard: "zero key",
    file: registry,
    find: "if (key == address(0) || (role != KeyRole.Signer && role != KeyRole.Anchorer)) {",
    replace: "if ((role != KeyRole.Signer && role != KeyRole.Anchorer)) {",
  },
  {
    function: "authorizeKey",
    guard: "role None accepted",
    file: registry,
    find: "(role != KeyRole.Signer && role != KeyRole.Anchorer)",
    replace: "(role != KeyRole.Signer && role != KeyRole.Anchorer && role != KeyRole.None)",
  },
  {
    function: "authorizeKey",
    guard: "role Publisher accepted",
    file: registry,
    find: "(role != KeyRole.Signer && role != KeyRole.Anchorer)",
    replace: "(role != KeyRole.Signer && role != KeyRole.Anchorer && role != KeyRole.Publisher)",
  },
  { function: "authorizeKey", guard: "consent deadline passed (whole guard)", file: registry, find: "if (block.timestamp > deadline) revert ModelRegistryExpiredKeySignature(deadline);", replace: "" },
  {
    function: "authorizeKey",
    guard: "consent deadline passed (now > deadline -> >=)",
    file: registry,
    find: "if (block.timestamp > deadline)",
    replace: "if (block.timestamp >= deadline)",
  },
  {
    function: "authorizeKey",
    guard: "key already in use",
    file: registry,
    find: "if (record.role != KeyRole.None) revert ModelRegistryAccountInUse(key, record.publisher, record.role);",
    replace: "",
  },
  {
    function: "authorizeKey",
    guard: "caller is a key (via _registerPublisher)",
    file: registry,
    find: "if (record.role != KeyRole.None) revert ModelRegistryAccountInUse(account, record.publisher, record.role);",
    replace: "",
  },
  { function: "authorizeKey", guard: "key's consent signature", file: registry, find: "revert ModelRegistryInvalidKeySignature(key);", replace: "" },
  { function: "authorizeKey", guard: "consent nonce is used up", file: registry, find: "_useNonce(key)", replace: "nonces(key)" },

  // revokeKey
  { function: "revokeKey", guard: "not the caller's key (whole guard)", file: registry, find: "revert ModelRegistryNotPublisherKey(msg.sender, key);", replace: "" },
  {
    function: "revokeKey",
    guard: "another publisher's key",
    file: registry,
    find: "if (record.publisher != msg.sender || record.role == KeyRole.Publisher) {",
    replace: "if (record.role == KeyRole.Publisher) {",
  },
  {
    function: "revokeKey",
    guard: "the publisher itself",
    file: registry,
    find: "if (record.publisher != msg.sender || record.role == KeyRole.Publisher) {",
    replace: "if (record.publisher != msg.sender) {",
  },
  {
    function: "revokeKey",
    guard: "before validFrom",
    file: registry,
    find: "if (effectiveAt < record.validFrom || effectiveAt >= record.validUntil) {",
    replace: "if (effectiveAt >= record.validUntil) {",
  },
  {
    function: "revokeKey",
    guard: "before validFrom (effectiveAt < validFrom -> <=)",
    file: registry,
    find: "if (effectiveAt < record.validFrom || effectiveAt >= record.validUntil) {",
    replace: "if (effectiveAt <= record.validFrom || effectiveAt >= record.validUntil) {",
  },
  {
    function: "revokeKey",
    guard: "not before validUntil (widens or keeps the window)",
    file: registry,
    find: "if (effectiveAt < record.validFrom || effectiveAt >= record.validUntil) {",
    replace: "if (effectiveAt < record.validFrom) {",
  },
  {
    function: "revokeKey",
    guard: "not before validUntil (effectiveAt >= validUntil -> >)",
    file: registry,
    find: "if (effectiveAt < record.validFrom || effectiveAt >= record.validUntil) {",
    replace: "if (effectiveAt < record.validFrom || effectiveAt > record.validUntil) {",
  },
];
