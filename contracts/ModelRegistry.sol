// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";

/**
 * @title ModelRegistry
 * @notice Publishers' models, and their signer and anchorer keys with validity windows.
 * @dev Abstract: deployed as part of {AIAttest}, whose EIP-712 domain it shares.
 */
abstract contract ModelRegistry is IModelRegistry, EIP712, Nonces {
    /// @notice `validUntil` of a window that has not been closed (year 36812).
    uint64 public constant KEY_NO_EXPIRY = _NO_EXPIRY;

    uint40 private constant _NO_EXPIRY = type(uint40).max;

    /// @notice The EIP-712 type hash a key signs to consent to {authorizeKey}.
    bytes32 public constant KEY_AUTHORIZATION_TYPEHASH =
        keccak256("KeyAuthorization(address publisher,address key,uint8 role,uint256 nonce,uint256 deadline)");

    /// @dev The first slot packs publisher and both times, so a verification reads one slot per model.
    struct ModelRecord {
        address publisher;
        uint40 registeredAt;
        uint40 retiredAt;
        bytes32 weightsDigest;
        bytes32 parentModelId;
        string name;
        string version;
        string metadataURI;
    }

    /// @dev One slot per address: the publisher it serves, its part and its window.
    struct KeyRecord {
        address publisher;
        KeyRole role;
        uint40 validFrom;
        uint40 validUntil;
    }

    mapping(bytes32 modelId => ModelRecord) private _models;
    mapping(address account => KeyRecord) private _keys;

    /// @dev Restricts a function to the publisher of `modelId`.
    modifier onlyModelPublisher(bytes32 modelId) {
        _checkModelPublisher(modelId);
        _;
    }

    /// @inheritdoc IModelRegistry
    function registerModel(
        string calldata name,
        string calldata version,
        bytes32 weightsDigest,
        string calldata metadataURI,
        bytes32 parentModelId
    ) external returns (bytes32 modelId) {
        if (bytes(name).length == 0) revert ModelRegistryEmptyField("name");
        if (bytes(version).length == 0) revert ModelRegistryEmptyField("version");
        if (parentModelId != bytes32(0) && _models[parentModelId].publisher == address(0)) {
            revert ModelRegistryUnknownModel(parentModelId);
        }
        _registerPublisher(msg.sender);

        modelId = _computeModelId(msg.sender, name, version);
        ModelRecord storage model = _models[modelId];
        if (model.publisher != address(0)) revert ModelRegistryModelExists(modelId);

        model.publisher = msg.sender;
        model.registeredAt = _now();
        model.weightsDigest = weightsDigest;
        model.parentModelId = parentModelId;
        model.name = name;
        model.version = version;
        model.metadataURI = metadataURI;
        emit ModelRegistered(modelId, msg.sender, name, version, weightsDigest, metadataURI, parentModelId);
    }

    /// @inheritdoc IModelRegistry
    function updateModelMetadata(
        bytes32 modelId,
        string calldata metadataURI
    ) external onlyModelPublisher(modelId) {
        _models[modelId].metadataURI = metadataURI;
        emit ModelMetadataUpdated(modelId, metadataURI);
    }

    /// @inheritdoc IModelRegistry
    function retireModel(bytes32 modelId) external onlyModelPublisher(modelId) {
        ModelRecord storage model = _models[modelId];
        if (model.retiredAt != 0) revert ModelRegistryModelRetired(modelId, model.retiredAt);
        uint40 retiredAt = _now();
        model.retiredAt = retiredAt;
        emit ModelRetired(modelId, retiredAt);
    }

    /// @inheritdoc IModelRegistry
    function authorizeKey(address key, KeyRole role, uint256 deadline, bytes calldata signature) external {
        if (key == address(0) || (role != KeyRole.Signer && role != KeyRole.Anchorer)) {
            revert ModelRegistryInvalidKey(key, role);
        }
        if (block.timestamp > deadline) revert ModelRegistryExpiredKeySignature(deadline);
        _registerPublisher(msg.sender);
        KeyRecord storage record = _keys[key];
        if (record.role != KeyRole.None) revert ModelRegistryAccountInUse(key, record.publisher, record.role);

        // the key consents to serve this publisher in this role (see the interface for why)
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(KEY_AUTHORIZATION_TYPEHASH, msg.sender, key, role, _useNonce(key), deadline))
        );
        if (!SignatureChecker.isValidSignatureNow(key, digest, signature)) {
            revert ModelRegistryInvalidKeySignature(key);
        }

        uint40 validFrom = _now();
        _keys[key] = KeyRecord({publisher: msg.sender, role: role, validFrom: validFrom, validUntil: _NO_EXPIRY});
        emit KeyAuthorized(msg.sender, key, role, validFrom);
    }

    /// @inheritdoc IModelRegistry
    function revokeKey(address key, uint64 effectiveAt) external {
        KeyRecord storage record = _keys[key];
        if (record.publisher != msg.sender || record.role == KeyRole.Publisher) {
            revert ModelRegistryNotPublisherKey(msg.sender, key);
        }
        if (effectiveAt < record.validFrom || effectiveAt >= record.validUntil) {
            revert ModelRegistryInvalidRevocation(key, effectiveAt, record.validFrom, record.validUntil);
        }
        // effectiveAt < validUntil <= type(uint40).max, so the cast is exact
        record.validUntil = uint40(effectiveAt);
        emit KeyRevoked(msg.sender, key, record.role, effectiveAt);
    }

    /// @inheritdoc IModelRegistry
    function getModel(bytes32 modelId) external view returns (Model memory) {
        ModelRecord storage model = _models[modelId];
        if (model.publisher == address(0)) revert ModelRegistryUnknownModel(modelId);
        return
            Model({
                publisher: model.publisher,
                registeredAt: model.registeredAt,
                retiredAt: model.retiredAt,
                weightsDigest: model.weightsDigest,
                parentModelId: model.parentModelId,
                name: model.name,
                version: model.version,
                metadataURI: model.metadataURI
            });
    }

    /// @inheritdoc IModelRegistry
    function getKey(address account) external view returns (Key memory) {
        KeyRecord memory record = _keys[account];
        return
            Key({
                publisher: record.publisher,
                role: record.role,
                validFrom: record.validFrom,
                validUntil: record.validUntil
            });
    }

    /// @inheritdoc IModelRegistry
    function computeModelId(
        address publisher,
        string calldata name,
        string calldata version
    ) external pure returns (bytes32) {
        return _computeModelId(publisher, name, version);
    }

    /// @inheritdoc IModelRegistry
    function isValidSigner(address publisher, address key, uint64 time) public view returns (bool) {
        return _isValidKey(publisher, key, KeyRole.Signer, time);
    }

    /// @inheritdoc IModelRegistry
    function isValidAnchorer(address publisher, address key, uint64 time) public view returns (bool) {
        return publisher != address(0) && _anchoringPublisher(key, time) == publisher;
    }

    /// @dev The publisher and retirement time of `modelId` (zero publisher when unknown), from one slot.
    function _modelPublisher(bytes32 modelId) internal view returns (address publisher, uint64 retiredAt) {
        ModelRecord storage model = _models[modelId];
        return (model.publisher, model.retiredAt);
    }

    /**
     * @dev The publisher `account` may anchor for at `time`: itself if it is a publisher, its publisher if it is
     * an anchorer key valid at `time`, else zero. Reads one storage slot.
     */
    function _anchoringPublisher(address account, uint64 time) internal view returns (address) {
        KeyRecord storage record = _keys[account];
        KeyRole role = record.role;
        if (role == KeyRole.Publisher) return account;
        if (role == KeyRole.Anchorer && record.validFrom <= time && time < record.validUntil) return record.publisher;
        return address(0);
    }

    /// @dev The current block time, in the registry's storage width.
    function _now() internal view returns (uint40) {
        return SafeCast.toUint40(block.timestamp);
    }

    /// @dev Makes `account` a publisher unless it is one; reverts if it is a key.
    function _registerPublisher(address account) private {
        KeyRecord storage record = _keys[account];
        if (record.role == KeyRole.Publisher) return;
        if (record.role != KeyRole.None) revert ModelRegistryAccountInUse(account, record.publisher, record.role);
        _keys[account] = KeyRecord({
            publisher: account,
            role: KeyRole.Publisher,
            validFrom: _now(),
            validUntil: _NO_EXPIRY
        });
        emit PublisherRegistered(account);
    }

    function _checkModelPublisher(bytes32 modelId) private view {
        address publisher = _models[modelId].publisher;
        if (publisher == address(0)) revert ModelRegistryUnknownModel(modelId);
        if (publisher != msg.sender) revert ModelRegistryNotModelPublisher(modelId, msg.sender);
    }

    function _isValidKey(address publisher, address key, KeyRole role, uint64 time) private view returns (bool) {
        KeyRecord memory record = _keys[key];
        return
            record.role == role &&
            record.publisher == publisher &&
            record.validFrom <= time &&
            time < record.validUntil;
    }

    function _computeModelId(
        address publisher,
        string calldata name,
        string calldata version
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(publisher, name, version));
    }
}
