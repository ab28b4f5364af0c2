// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AIAttest} from "../AIAttest.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {Assertions} from "./Assertions.sol";
import {VM} from "./Vm.sol";

/**
 * @title AIAttestFixture
 * @notice A fresh {AIAttest} with named actors, and the EIP-712 digests and signatures the contract checks,
 * computed here from the spec (type strings and domain) rather than read from the contract.
 */
abstract contract AIAttestFixture is Assertions {
    /// @dev The secp256k1 group order.
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    /// @dev `validUntil` of an open window (`type(uint40).max`), as the spec fixes it.
    uint64 internal constant NO_EXPIRY = type(uint40).max;

    /// @dev A realistic start time, so tests can revoke "in the past".
    uint256 internal constant START = 1_700_000_000;

    bytes32 internal constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant KEY_AUTHORIZATION_TYPEHASH =
        keccak256("KeyAuthorization(address publisher,address key,uint8 role,uint256 nonce,uint256 deadline)");
    bytes32 internal constant OUTPUT_TYPEHASH =
        keccak256("Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)");

    uint256 internal constant PUBLISHER_PK = 0xB0B;
    uint256 internal constant OTHER_PUBLISHER_PK = 0xCA7;
    uint256 internal constant SIGNER_PK = 0x51611;
    uint256 internal constant ANCHORER_PK = 0xA1C4;
    uint256 internal constant STRANGER_PK = 0x5772;

    AIAttest internal attest;
    address internal publisher;
    address internal otherPublisher;
    address internal signer;
    address internal anchorer;
    address internal stranger;

    function setUp() public virtual {
        VM.warp(START);
        attest = new AIAttest();
        publisher = VM.addr(PUBLISHER_PK);
        otherPublisher = VM.addr(OTHER_PUBLISHER_PK);
        signer = VM.addr(SIGNER_PK);
        anchorer = VM.addr(ANCHORER_PK);
        stranger = VM.addr(STRANGER_PK);
    }

    // ---- EIP-712, computed from the spec ----

    function _domainSeparator() internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    EIP712_DOMAIN_TYPEHASH,
                    keccak256("aiattest"),
                    keccak256("1"),
                    block.chainid,
                    address(attest)
                )
            );
    }

    function _typedDigest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash));
    }

    function _keyAuthorizationDigest(
        address publisher_,
        address key,
        IModelRegistry.KeyRole role,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        return
            _typedDigest(
                keccak256(abi.encode(KEY_AUTHORIZATION_TYPEHASH, publisher_, key, uint8(role), nonce, deadline))
            );
    }

    function _outputDigest(IOutputAnchor.Output memory output) internal view returns (bytes32) {
        return
            _typedDigest(
                keccak256(
                    abi.encode(
                        OUTPUT_TYPEHASH,
                        output.modelId,
                        output.requestHash,
                        output.responseHash,
                        output.timestamp
                    )
                )
            );
    }

    /// @dev A leaf hashes the 32-byte digest, never 64 bytes.
    function _outputLeaf(IOutputAnchor.Output memory output) internal view returns (bytes32) {
        return keccak256(abi.encodePacked(_outputDigest(output)));
    }

    // ---- signatures ----

    function _sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev The same signature with `s' = n - s` and the other `v`: `ecrecover` accepts it, EIP-2 forbids it.
    function _toHighS(bytes memory signature) internal pure returns (bytes memory) {
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        return abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }

    function _split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assertEq(signature.length, 65, "signature length");
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }

    /// @dev The key's consent to serve `publisher_` in `role`, with its current nonce.
    function _consent(
        uint256 keyPk,
        address publisher_,
        IModelRegistry.KeyRole role,
        uint256 deadline
    ) internal view returns (bytes memory) {
        address key = VM.addr(keyPk);
        return _sign(keyPk, _keyAuthorizationDigest(publisher_, key, role, attest.nonces(key), deadline));
    }

    // ---- actions ----

    function _authorize(address publisher_, uint256 keyPk, IModelRegistry.KeyRole role) internal returns (address key) {
        key = VM.addr(keyPk);
        bytes memory signature = _consent(keyPk, publisher_, role, block.timestamp);
        VM.prank(publisher_);
        attest.authorizeKey(key, role, block.timestamp, signature);
    }

    function _registerModel(address publisher_, string memory name) internal returns (bytes32 modelId) {
        VM.prank(publisher_);
        modelId = attest.registerModel(name, "1.0.0", keccak256(bytes(name)), "ipfs://card", bytes32(0));
    }

    function _anchor(address caller, bytes32 root, uint32 count) internal {
        VM.prank(caller);
        attest.anchor(root, count, "ipfs://batch");
    }

    function _assertKey(
        address key,
        address expectedPublisher,
        IModelRegistry.KeyRole expectedRole,
        uint256 expectedValidFrom,
        uint256 expectedValidUntil
    ) internal view {
        IModelRegistry.Key memory record = attest.getKey(key);
        assertEq(record.publisher, expectedPublisher, "key publisher");
        assertEq(uint256(record.role), uint256(expectedRole), "key role");
        assertEq(record.validFrom, expectedValidFrom, "key validFrom");
        assertEq(record.validUntil, expectedValidUntil, "key validUntil");
    }

    /// @dev A private key in `[1, n - 1]` derived from any fuzz input.
    function _boundPrivateKey(uint256 seed) internal pure returns (uint256) {
        return 1 + (seed % (SECP256K1_N - 1));
    }
}
