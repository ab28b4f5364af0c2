// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IModelRegistry} from "./IModelRegistry.sol";

/**
 * @title IOutputAnchor
 * @notice Merkle roots of batched AI outputs, and the on-chain verification of one output.
 *
 * An output is the EIP-712 struct `Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)`
 * under the domain `{name: "aiattest", version: "1", chainId, verifyingContract: this contract}`. Its digest is
 * the EIP-712 digest; its Merkle leaf is `keccak256(digest)`, and inner nodes hash sorted pairs
 * (OpenZeppelin `MerkleProof`). A leaf is the hash of 32 bytes, an inner node the hash of 64 bytes, so an inner
 * node can never pass for a leaf.
 *
 * Batches are keyed by (publisher, root): one publisher anchoring a root never blocks another, so nobody can
 * front-run a lab's anchor transaction to claim or burn its root. Within one publisher, a root is anchored once
 * for good, unless that anchor is void (its anchorer key was revoked back to or before its `anchoredAt`): then
 * the publisher or a valid anchorer key may anchor the root again, so a stolen anchorer key cannot burn a root
 * either (see {anchor}).
 */
interface IOutputAnchor is IModelRegistry {
    /// @notice One AI output, as signed by a signer key and committed in a batch.
    struct Output {
        bytes32 modelId;
        /// @dev `keccak256(salt ‖ request bytes)`, or zero when the request is not committed.
        bytes32 requestHash;
        /// @dev `keccak256(salt ‖ response bytes)`.
        bytes32 responseHash;
        /// @dev The time the signer claims the output was produced.
        uint64 timestamp;
    }

    /// @notice An anchored batch, packed into one storage slot. `anchoredAt == 0` means "not anchored".
    struct Batch {
        address anchorer;
        uint64 anchoredAt;
        uint32 count;
    }

    /**
     * @notice An anchorer anchored a batch root for its publisher (possibly again, over a void anchor of that
     * root: the latest event of a (publisher, root) is the stored batch).
     * @param publisher The publisher the batch belongs to.
     * @param anchorer The account that anchored it (the publisher or one of its anchorer keys).
     * @param root The batch's Merkle root.
     * @param count How many outputs the batch holds.
     * @param uri Where the batch manifest is published.
     */
    event BatchAnchored(
        address indexed publisher,
        address indexed anchorer,
        bytes32 indexed root,
        uint32 count,
        string uri
    );

    /// @notice `account` is neither a publisher nor a currently valid anchorer of one.
    error OutputAnchorUnauthorizedAnchorer(address account);

    /// @notice The root is zero.
    error OutputAnchorZeroRoot();

    /// @notice The batch count is zero.
    error OutputAnchorZeroCount();

    /// @notice `publisher` already anchored `root`, and that anchor is still valid (not void by a revocation).
    error OutputAnchorRootExists(address publisher, bytes32 root);

    /**
     * @notice Anchors the Merkle root of a batch of outputs for the caller's publisher.
     * @dev Costs O(1) gas whatever the batch size: one storage slot and one event. The caller is a publisher,
     * or an anchorer key of one valid at this block's time. One batch may mix outputs of all the publisher's
     * models.
     *
     * A root already anchored for the publisher is refused ({OutputAnchorRootExists}) while that anchor is
     * valid, i.e. while its anchorer was a valid anchorer of the publisher at its `anchoredAt` (always, for the
     * publisher's own anchors). A void anchor is overwritten: a stolen anchorer key can front-run the lab's
     * `anchor(root, …)` with the lab's root and another `uri`; revoking that key with an `effectiveAt` at or
     * before the anchor's time voids the batch, and since the same outputs always give the same root, refusing
     * the root forever would leave the lab's outputs unverifiable. A void anchor never becomes valid again
     * (windows only shrink, and a key is never authorized twice), so overwriting it loses nothing a verifier
     * could accept.
     *
     * The new anchor emits {BatchAnchored} like any other; no extra event is needed. The overwritten anchor's
     * event stays in the log, and anyone can see it is void (`isValidAnchorer(publisher, anchorer, anchoredAt)`
     * is false for its anchorer and block time), and the latest {BatchAnchored} of a (publisher, root) always
     * matches {getBatch}. Adding fields to the event would cost every anchor gas to describe a rare case.
     * @param root The batch's Merkle root (sorted-pair keccak tree over `keccak256(digest)` leaves).
     * @param count How many outputs the batch holds (informational; the manifest at `uri` lists them).
     * @param uri Where the batch manifest is published.
     */
    function anchor(bytes32 root, uint32 count, string calldata uri) external;

    /**
     * @notice Reads a batch.
     * @param publisher The publisher the batch was anchored for.
     * @param root The batch's Merkle root.
     * @return The batch; all zeros if `publisher` never anchored `root`.
     */
    function getBatch(address publisher, bytes32 root) external view returns (Batch memory);

    /**
     * @notice The EIP-712 digest of `output` under this contract's domain: what a signer key signs.
     * @param output The output.
     * @return The digest.
     */
    function outputDigest(Output calldata output) external view returns (bytes32);

    /**
     * @notice The Merkle leaf of `output`: `keccak256(outputDigest(output))`.
     * @param output The output.
     * @return The leaf.
     */
    function outputLeaf(Output calldata output) external view returns (bytes32);

    /**
     * @notice Verifies that `output` is in a batch its model's publisher anchored, and when.
     * @dev Valid iff: the model exists; its publisher anchored `root`; the anchoring key was a valid anchorer of
     * that publisher at `anchoredAt` (so revoking a stolen anchorer key with a past `effectiveAt` voids what it
     * anchored since); the model was not retired at `output.timestamp`; `output.timestamp <= anchoredAt`; and
     * `proof` includes the output's leaf under `root`. Never reverts on invalid data, so a person pasting values
     * into a block explorer sees a verdict. This checks the anchor only: use {verifySignedOutput} to also check
     * the signer's signature and window.
     * @param output The output.
     * @param root The root of the batch that holds it.
     * @param proof The sibling hashes from the leaf up to the root.
     * @return valid Whether every check passed.
     * @return anchoredAt The batch's block time when valid, otherwise 0.
     */
    function verifyOutput(
        Output calldata output,
        bytes32 root,
        bytes32[] calldata proof
    ) external view returns (bool valid, uint64 anchoredAt);

    /**
     * @notice {verifyOutput}, and also that `signature` over the output's digest comes from a signer of the
     * model's publisher that was valid both at the claimed `output.timestamp` and at `anchoredAt`.
     * @dev Checking the window at `anchoredAt` (the trusted time) stops a stolen signer key from backdating
     * outputs past its revocation. Malleable (high-s) signatures are rejected.
     * @param output The output.
     * @param signature The signer's 65-byte ECDSA signature over {outputDigest}.
     * @param root The root of the batch that holds it.
     * @param proof The sibling hashes from the leaf up to the root.
     * @return valid Whether every check passed.
     * @return anchoredAt The batch's block time when valid, otherwise 0.
     * @return signer The recovered signer, or zero when the signature does not recover.
     */
    function verifySignedOutput(
        Output calldata output,
        bytes calldata signature,
        bytes32 root,
        bytes32[] calldata proof
    ) external view returns (bool valid, uint64 anchoredAt, address signer);
}
