// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {IOutputAnchor} from "./interfaces/IOutputAnchor.sol";
import {OutputHashing} from "./libraries/OutputHashing.sol";

/**
 * @title OutputAnchor
 * @notice Merkle roots of output batches, and on-chain verification of one output against them.
 * @dev Abstract: deployed as {AIAttest}, which fixes the EIP-712 domain.
 */
abstract contract OutputAnchor is IOutputAnchor, ModelRegistry {
    mapping(address publisher => mapping(bytes32 root => Batch)) private _batches;

    /// @inheritdoc IOutputAnchor
    function anchor(bytes32 root, uint32 count, string calldata uri) external {
        if (root == bytes32(0)) revert OutputAnchorZeroRoot();
        if (count == 0) revert OutputAnchorZeroCount();
        uint40 anchoredAt = _now();
        address publisher = _anchoringPublisher(msg.sender, anchoredAt);
        if (publisher == address(0)) revert OutputAnchorUnauthorizedAnchorer(msg.sender);

        Batch storage batch = _batches[publisher][root];
        // a stored anchor blocks this one only while it is valid: one made by a key revoked back to (or before)
        // its anchoredAt is void, and must not burn the root. The key's slot is read only when a batch exists.
        Batch memory stored = batch;
        if (stored.anchoredAt != 0 && _anchoringPublisher(stored.anchorer, stored.anchoredAt) == publisher) {
            revert OutputAnchorRootExists(publisher, root);
        }
        // field by field, not `= Batch(...)`: the optimizer then packs them into one SSTORE of the slot it has
        // already read (measured: ~350 gas less than assigning a `Batch(...)` from memory)
        (batch.anchorer, batch.anchoredAt, batch.count) = (msg.sender, anchoredAt, count);
        emit BatchAnchored(publisher, msg.sender, root, count, uri);
    }

    /// @inheritdoc IOutputAnchor
    function getBatch(address publisher, bytes32 root) external view returns (Batch memory) {
        return _batches[publisher][root];
    }

    /// @inheritdoc IOutputAnchor
    function outputDigest(Output calldata output) public view returns (bytes32) {
        return _hashTypedDataV4(OutputHashing.hashStruct(output));
    }

    /// @inheritdoc IOutputAnchor
    function outputLeaf(Output calldata output) public view returns (bytes32) {
        return OutputHashing.leaf(outputDigest(output));
    }

    /// @inheritdoc IOutputAnchor
    function verifyOutput(
        Output calldata output,
        bytes32 root,
        bytes32[] calldata proof
    ) public view returns (bool valid, uint64 anchoredAt) {
        (address publisher, uint64 retiredAt) = _modelPublisher(output.modelId);
        if (publisher == address(0)) return (false, 0);
        Batch memory batch = _batches[publisher][root];
        if (batch.anchoredAt == 0) return (false, 0);
        if (_anchoringPublisher(batch.anchorer, batch.anchoredAt) != publisher) return (false, 0);
        if (retiredAt != 0 && output.timestamp >= retiredAt) return (false, 0);
        if (output.timestamp > batch.anchoredAt) return (false, 0);
        if (!MerkleProof.verifyCalldata(proof, root, outputLeaf(output))) return (false, 0);
        return (true, batch.anchoredAt);
    }

    /// @inheritdoc IOutputAnchor
    function verifySignedOutput(
        Output calldata output,
        bytes calldata signature,
        bytes32 root,
        bytes32[] calldata proof
    ) external view returns (bool valid, uint64 anchoredAt, address signer) {
        // ECDSA.tryRecover rejects high-s (malleable) signatures and reports instead of reverting
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(outputDigest(output), signature);
        if (error != ECDSA.RecoverError.NoError) return (false, 0, address(0));

        (valid, anchoredAt) = verifyOutput(output, root, proof);
        if (!valid) return (false, 0, recovered);
        (address publisher, ) = _modelPublisher(output.modelId);
        if (!isValidSigner(publisher, recovered, output.timestamp) || !isValidSigner(publisher, recovered, anchoredAt)) {
            return (false, 0, recovered);
        }
        return (true, anchoredAt, recovered);
    }
}
