// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IModelRegistry
 * @notice Registry of AI model identities and of the keys that act for their publishers.
 *
 * Every address plays at most one part, for exactly one publisher, forever:
 * - `Publisher`: an account (ideally a multisig) that registers models and authorizes keys. It becomes a
 *   publisher on its first `registerModel` or `authorizeKey`.
 * - `Signer`: a hot key inside an inference server that signs every output (EIP-712 `Output`).
 * - `Anchorer`: the cron wallet that pays gas to anchor batch roots.
 *
 * A key is valid in the half-open window `[validFrom, validUntil)`. Authorizing opens the window at the
 * current block time with no end (`validUntil == KEY_NO_EXPIRY`); revoking closes it at `effectiveAt`, which
 * may lie in the past (key compromise). Windows only ever shrink and a key is never authorized twice, so the
 * window that was in force when any output was signed or anchored stays readable forever.
 *
 * All times are unix seconds.
 */
interface IModelRegistry {
    /// @notice The part an address plays. `None` means the address is unknown to the registry.
    enum KeyRole {
        None,
        Publisher,
        Signer,
        Anchorer
    }

    /// @notice A registered model, as returned by {getModel}.
    struct Model {
        address publisher;
        uint64 registeredAt;
        /// @dev 0 while the model is active; otherwise outputs claimed at or after this time are invalid.
        uint64 retiredAt;
        bytes32 weightsDigest;
        /// @dev The model this one derives from (lineage), or zero for none. May belong to another publisher.
        bytes32 parentModelId;
        string name;
        string version;
        string metadataURI;
    }

    /// @notice What the registry knows about an address, as returned by {getKey}.
    struct Key {
        address publisher;
        KeyRole role;
        uint64 validFrom;
        uint64 validUntil;
    }

    /**
     * @notice An account became a publisher.
     * @param publisher The account.
     */
    event PublisherRegistered(address indexed publisher);

    /**
     * @notice `publisher` registered a model.
     * @param modelId `keccak256(abi.encode(publisher, name, version))`.
     * @param publisher The model's publisher.
     * @param name The model name.
     * @param version The model version.
     * @param weightsDigest Digest of the weights.
     * @param metadataURI Model card or metadata URI.
     * @param parentModelId The model it derives from, or zero.
     */
    event ModelRegistered(
        bytes32 indexed modelId,
        address indexed publisher,
        string name,
        string version,
        bytes32 weightsDigest,
        string metadataURI,
        bytes32 indexed parentModelId
    );

    /**
     * @notice The publisher of a model replaced its metadata URI.
     * @param modelId The model.
     * @param metadataURI The new URI.
     */
    event ModelMetadataUpdated(bytes32 indexed modelId, string metadataURI);

    /**
     * @notice The publisher of a model retired it.
     * @param modelId The model.
     * @param retiredAt Outputs claimed at or after this time are invalid.
     */
    event ModelRetired(bytes32 indexed modelId, uint64 retiredAt);

    /**
     * @notice A publisher authorized a key, valid from `validFrom` with no end.
     * @param publisher The publisher.
     * @param key The key.
     * @param role `Signer` or `Anchorer`.
     * @param validFrom The start of the key's window.
     */
    event KeyAuthorized(address indexed publisher, address indexed key, KeyRole role, uint64 validFrom);

    /**
     * @notice A publisher closed the window of one of its keys.
     * @param publisher The publisher.
     * @param key The key.
     * @param role The key's role.
     * @param validUntil The first time at which the key is no longer valid (may be in the past).
     */
    event KeyRevoked(address indexed publisher, address indexed key, KeyRole role, uint64 validUntil);

    /// @notice A model name or version is empty.
    error ModelRegistryEmptyField(string field);

    /// @notice `modelId` is already registered.
    error ModelRegistryModelExists(bytes32 modelId);

    /// @notice No model is registered under `modelId`.
    error ModelRegistryUnknownModel(bytes32 modelId);

    /// @notice `account` is not the publisher of `modelId`.
    error ModelRegistryNotModelPublisher(bytes32 modelId, address account);

    /// @notice `modelId` was already retired at `retiredAt`.
    error ModelRegistryModelRetired(bytes32 modelId, uint64 retiredAt);

    /// @notice `account` already plays `role` for `publisher`, so it cannot take the part that was asked.
    error ModelRegistryAccountInUse(address account, address publisher, KeyRole role);

    /// @notice `role` is not a key role (only `Signer` and `Anchorer` are), or `key` is the zero address.
    error ModelRegistryInvalidKey(address key, KeyRole role);

    /// @notice `key` is not a key of `publisher`.
    error ModelRegistryNotPublisherKey(address publisher, address key);

    /// @notice The key's consent signature for {authorizeKey} is not valid for `key`.
    error ModelRegistryInvalidKeySignature(address key);

    /// @notice The key's consent signature expired at `deadline`.
    error ModelRegistryExpiredKeySignature(uint256 deadline);

    /// @notice A revocation must close the window of `key` at a time in `[validFrom, validUntil)`.
    error ModelRegistryInvalidRevocation(address key, uint64 effectiveAt, uint64 validFrom, uint64 validUntil);

    /**
     * @notice Registers a model under the caller as publisher.
     * @dev The id is `keccak256(abi.encode(publisher, name, version))`: namespaced by publisher, so no other
     * account can squat a lab's model names, and anyone can compute ids offline. Makes the caller a publisher
     * if it is not one yet (it must not be a key of any publisher).
     * @param name Human-readable model name; must not be empty.
     * @param version Model version; must not be empty.
     * @param weightsDigest Digest of the weights (format chosen by the publisher; may be zero).
     * @param metadataURI Model card or metadata URI (may be empty).
     * @param parentModelId A registered model this one derives from, or zero for none.
     * @return modelId The new model's id.
     */
    function registerModel(
        string calldata name,
        string calldata version,
        bytes32 weightsDigest,
        string calldata metadataURI,
        bytes32 parentModelId
    ) external returns (bytes32 modelId);

    /**
     * @notice Replaces the metadata URI of one of the caller's models.
     * @param modelId A model the caller published.
     * @param metadataURI The new URI.
     */
    function updateModelMetadata(bytes32 modelId, string calldata metadataURI) external;

    /**
     * @notice Retires one of the caller's models now: outputs claimed at or after this block time are invalid.
     * @param modelId A model the caller published and has not retired.
     */
    function retireModel(bytes32 modelId) external;

    /**
     * @notice Authorizes `key` as the caller's signer or anchorer, valid from now with no end.
     * @dev The key consents by signing the EIP-712 struct
     * `KeyAuthorization(address publisher,address key,uint8 role,uint256 nonce,uint256 deadline)` with the
     * registry's domain; `nonce` is {nonces}`(key)`. Without consent anyone could bind a lab's key to
     * themselves first and lock the lab out (a key serves exactly one publisher). ERC-1271 keys are accepted.
     * A key that ever served anyone, or a publisher, can never be authorized (again).
     * @param key The key's address.
     * @param role `KeyRole.Signer` or `KeyRole.Anchorer`.
     * @param deadline Last block time at which the consent signature is accepted.
     * @param signature The key's signature over its `KeyAuthorization`.
     */
    function authorizeKey(address key, KeyRole role, uint256 deadline, bytes calldata signature) external;

    /**
     * @notice Closes the window of one of the caller's keys at `effectiveAt`.
     * @dev WARNING: `effectiveAt` may lie in the past, to void what a stolen key signed or anchored since it
     * was compromised. A window can only shrink: `effectiveAt` must lie in `[validFrom, validUntil)`.
     * @param key A key the caller authorized.
     * @param effectiveAt The first time at which the key is no longer valid.
     */
    function revokeKey(address key, uint64 effectiveAt) external;

    /**
     * @notice Reads a model.
     * @param modelId The model's id.
     * @return The model; reverts with {ModelRegistryUnknownModel} if there is none.
     */
    function getModel(bytes32 modelId) external view returns (Model memory);

    /**
     * @notice Reads the part an address plays and its validity window.
     * @param account Any address.
     * @return Its record; `role == KeyRole.None` and zeros for an unknown address.
     */
    function getKey(address account) external view returns (Key memory);

    /**
     * @notice Computes a model id offline: `keccak256(abi.encode(publisher, name, version))`.
     * @param publisher The publisher's address.
     * @param name The model name.
     * @param version The model version.
     * @return The model id.
     */
    function computeModelId(
        address publisher,
        string calldata name,
        string calldata version
    ) external pure returns (bytes32);

    /**
     * @notice Whether `key` was a valid signer of `publisher` at `time`.
     * @param publisher The publisher.
     * @param key The key.
     * @param time A unix time.
     * @return True if `key` is a signer of `publisher` and `validFrom <= time < validUntil`.
     */
    function isValidSigner(address publisher, address key, uint64 time) external view returns (bool);

    /**
     * @notice Whether `key` could anchor for `publisher` at `time`.
     * @dev The publisher itself is always a valid anchorer of its own batches.
     * @param publisher The publisher.
     * @param key The key.
     * @param time A unix time.
     * @return True if `key` is `publisher`, or an anchorer of `publisher` with `validFrom <= time < validUntil`.
     */
    function isValidAnchorer(address publisher, address key, uint64 time) external view returns (bool);
}
