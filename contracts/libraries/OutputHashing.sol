// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";

/**
 * @title OutputHashing
 * @notice The EIP-712 struct hash of an `Output` and the Merkle leaf of a digest. The SDK's
 * `sdk/src/hashing/` has a twin of each function and a test pins them equal.
 */
library OutputHashing {
    /// @dev The EIP-712 type hash of `Output`.
    bytes32 internal constant OUTPUT_TYPEHASH =
        keccak256("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)");

    /**
     * @dev The EIP-712 `hashStruct` of `output`.
     */
    function hashStruct(IOutputAnchor.Output calldata output) internal pure returns (bytes32) {
        return
            keccak256(
                abi.encode(OUTPUT_TYPEHASH, output.modelId, output.requestHash, output.responseHash, output.timestamp)
            );
    }

    /**
     * @dev The Merkle leaf of an output digest: `keccak256(digest)`.
     *
     * IMPORTANT: a leaf hashes 32 bytes and an inner node 64 bytes, so no inner node can be passed off as a
     * leaf (second-preimage attack on Merkle trees).
     */
    function leaf(bytes32 digest) internal pure returns (bytes32) {
        return keccak256(abi.encode(digest));
    }
}
