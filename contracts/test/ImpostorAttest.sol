// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev A contract that answers every view a verifier reads as AIAttest would, vouching for any key and batch
/// of `victim`. Verifiers must refuse it: only AIAttest's own code makes those answers trustworthy.
contract ImpostorAttest {
    struct Model {
        address publisher;
        uint64 registeredAt;
        uint64 retiredAt;
        bytes32 weightsDigest;
        bytes32 parentModelId;
        string name;
        string version;
        string metadataURI;
    }
    struct Key {
        address publisher;
        uint8 role;
        uint64 validFrom;
        uint64 validUntil;
    }
    struct Batch {
        address anchorer;
        uint64 anchoredAt;
        uint32 count;
    }
    struct Output {
        bytes32 modelId;
        bytes32 requestHash;
        bytes32 responseHash;
        uint64 timestamp;
    }

    event BatchAnchored(address indexed publisher, address indexed anchorer, bytes32 indexed root, uint32 count, string uri);

    address private immutable VICTIM;
    uint64 private _anchoredAt;

    constructor(address victim) {
        VICTIM = victim;
    }

    function eip712Domain()
        external
        view
        returns (bytes1, string memory, string memory, uint256, address, bytes32, uint256[] memory)
    {
        return (0x0f, "aiattest", "1", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    function getModel(bytes32) external view returns (Model memory model) {
        model.publisher = VICTIM;
        model.name = "atlas";
        model.version = "1.0";
    }

    function getKey(address) external view returns (Key memory key) {
        key.publisher = VICTIM;
        key.role = 2;
        key.validUntil = type(uint40).max;
    }

    function getBatch(address, bytes32) external view returns (Batch memory batch) {
        batch.anchorer = VICTIM;
        batch.anchoredAt = _anchoredAt;
        batch.count = 1;
    }

    function isValidAnchorer(address, address, uint64) external pure returns (bool) {
        return true;
    }

    function verifySignedOutput(Output calldata, bytes calldata, bytes32, bytes32[] calldata) external view returns (bool, uint64, address) {
        return (true, _anchoredAt, address(0));
    }

    function anchor(bytes32 root) external {
        _anchoredAt = uint64(block.timestamp);
        emit BatchAnchored(VICTIM, VICTIM, root, 1, "");
    }
}
