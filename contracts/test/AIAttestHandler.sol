// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AIAttest} from "../AIAttest.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {VM} from "./Vm.sol";

/**
 * @title AIAttestHandler
 * @notice Drives {AIAttest} through random authorize / revoke / anchor / retire / warp steps across two
 * publishers and seven other accounts, and checks each outcome against a ghost model written from the spec:
 * every call must succeed or revert exactly as the model predicts (same error, same arguments). The invariants
 * (see {assertInvariants}) then compare the contract's whole state with the model.
 * @dev Every step swallows the contract's revert and records a mismatch instead, so the handler can serve both
 * as an invariant-test target and as the engine of a seeded fuzz sequence.
 */
contract AIAttestHandler {
    /// @notice The contract did something the ghost model did not predict.
    error AIAttestHandlerViolation(string what, address account, bytes32 detail);

    /// @notice The contract's state drifted from the ghost model.
    error AIAttestHandlerStateMismatch(string what, address account, bytes32 detail);

    struct GhostKey {
        address publisher;
        IModelRegistry.KeyRole role;
        uint64 validFrom;
        uint64 validUntil;
        bool isRevoked;
    }

    /// @notice How many steps of each kind succeeded or were rejected, to show a sequence is not vacuous.
    struct Outcomes {
        uint256 authorizations;
        uint256 rejectedAuthorizations;
        uint256 rejectedReauthorizations;
        uint256 revocations;
        uint256 rejectedRevocations;
        uint256 anchors;
        /// @dev Anchors that overwrote a void batch of the same (publisher, root).
        uint256 reanchors;
        uint256 rejectedAnchors;
        uint256 retirements;
    }

    /// @dev The first step whose outcome the model did not predict.
    struct Violation {
        string what;
        address account;
        bytes32 detail;
    }

    struct GhostBatch {
        address publisher;
        bytes32 root;
        address anchorer;
        uint64 anchoredAt;
        uint32 count;
    }

    uint64 private constant NO_EXPIRY = type(uint40).max;
    uint256 private constant PUBLISHERS = 2;
    uint256 private constant ACCOUNTS = 9;
    uint256 private constant MODELS_PER_PUBLISHER = 2;

    AIAttest public immutable ATTEST;

    uint256[ACCOUNTS] private _pks;
    address[ACCOUNTS] private _accounts;
    bytes32[PUBLISHERS * MODELS_PER_PUBLISHER] private _models;

    mapping(address account => GhostKey) private _ghostKeys;
    mapping(bytes32 modelId => uint64) private _ghostRetiredAt;
    /// @dev When each account last anchored, so a revocation can aim at exactly that time (voiding the batch).
    mapping(address account => uint64) private _ghostLastAnchoredAt;
    /// @dev Roots of each publisher that a revocation voided (some may have been anchored again since).
    mapping(address publisher => bytes32[]) private _voidedRoots;
    /// @dev Index + 1 into `_ghostBatches` of each (publisher, root) anchored; zero when never anchored.
    mapping(bytes32 batchKey => uint256) private _ghostBatchSlot;
    GhostBatch[] private _ghostBatches;

    Outcomes private _outcomes;
    Violation private _violation;

    /// @param attest_ A fresh deployment; the handler registers both publishers' models on it.
    constructor(AIAttest attest_) {
        ATTEST = attest_;
        for (uint256 i = 0; i < ACCOUNTS; ++i) {
            _pks[i] = uint256(keccak256(abi.encode("aiattest handler account", i)));
            _accounts[i] = VM.addr(_pks[i]);
        }
        // accounts 0 and 1 are the publishers; the other seven start unknown
        for (uint256 p = 0; p < PUBLISHERS; ++p) {
            address publisher = _accounts[p];
            for (uint256 m = 0; m < MODELS_PER_PUBLISHER; ++m) {
                VM.prank(publisher);
                _models[p * MODELS_PER_PUBLISHER + m] = ATTEST.registerModel("model", _version(m), 0, "", 0);
            }
            _ghostKeys[publisher] = GhostKey(publisher, IModelRegistry.KeyRole.Publisher, _now(), NO_EXPIRY, false);
        }
    }

    // ---- steps ----

    /// @notice A publisher authorizes some account as a signer or anchorer, with a fresh consent signature.
    function authorizeKey(uint256 publisherSeed, uint256 keySeed, bool asAnchorer, uint8 deadlineSeed) external {
        address publisher = _accounts[publisherSeed % PUBLISHERS];
        uint256 keyIndex = keySeed % ACCOUNTS;
        address key = _accounts[keyIndex];
        IModelRegistry.KeyRole role = asAnchorer ? IModelRegistry.KeyRole.Anchorer : IModelRegistry.KeyRole.Signer;
        uint256 deadline = block.timestamp + (deadlineSeed % 3) - 1;
        bytes memory signature = _consent(keyIndex, publisher, role, deadline);

        GhostKey memory ghost = _ghostKeys[key];
        bytes memory expected;
        if (deadline < block.timestamp) {
            expected = abi.encodeWithSelector(IModelRegistry.ModelRegistryExpiredKeySignature.selector, deadline);
        } else if (ghost.role != IModelRegistry.KeyRole.None) {
            expected = abi.encodeWithSelector(
                IModelRegistry.ModelRegistryAccountInUse.selector,
                key,
                ghost.publisher,
                ghost.role
            );
        }

        KeysSnapshot memory before = _snapshotKeys();
        VM.prank(publisher);
        try ATTEST.authorizeKey(key, role, deadline, signature) {
            if (ghost.isRevoked) _flag("a revoked key was authorized again", key, 0);
            if (expected.length != 0) _flag("authorizeKey succeeded against the model", key, 0);
            _ghostKeys[key] = GhostKey(publisher, role, _now(), NO_EXPIRY, false);
            ++_outcomes.authorizations;
        } catch (bytes memory reason) {
            _expectReason(reason, expected, "authorizeKey reverted against the model", key);
            ++_outcomes.rejectedAuthorizations;
            if (ghost.isRevoked) ++_outcomes.rejectedReauthorizations;
        }
        _checkWindowsOnlyShrink(before);
    }

    /// @notice A publisher closes some account's window: now, in the past, before it opened, or not shrinking it.
    function revokeKey(uint256 publisherSeed, uint256 keySeed, uint256 effectiveSeed) external {
        address publisher = _accounts[publisherSeed % PUBLISHERS];
        address key = _accounts[keySeed % ACCOUNTS];
        GhostKey memory ghost = _ghostKeys[key];
        uint64 effectiveAt = _pickEffectiveAt(ghost, _ghostLastAnchoredAt[key], effectiveSeed);

        bytes memory expected;
        bool isKeyOfPublisher = ghost.publisher == publisher &&
            (ghost.role == IModelRegistry.KeyRole.Signer || ghost.role == IModelRegistry.KeyRole.Anchorer);
        if (!isKeyOfPublisher) {
            expected = abi.encodeWithSelector(IModelRegistry.ModelRegistryNotPublisherKey.selector, publisher, key);
        } else if (effectiveAt < ghost.validFrom || effectiveAt >= ghost.validUntil) {
            expected = abi.encodeWithSelector(
                IModelRegistry.ModelRegistryInvalidRevocation.selector,
                key,
                effectiveAt,
                ghost.validFrom,
                ghost.validUntil
            );
        }

        KeysSnapshot memory before = _snapshotKeys();
        VM.prank(publisher);
        try ATTEST.revokeKey(key, effectiveAt) {
            if (expected.length != 0) _flag("revokeKey succeeded against the model", key, bytes32(0));
            _ghostKeys[key].validUntil = effectiveAt;
            _ghostKeys[key].isRevoked = true;
            _recordVoidedRoots(publisher, key, effectiveAt);
            ++_outcomes.revocations;
        } catch (bytes memory reason) {
            _expectReason(reason, expected, "revokeKey reverted against the model", key);
            ++_outcomes.rejectedRevocations;
        }
        _checkWindowsOnlyShrink(before);
    }

    /**
     * @notice Any account anchors a new root, a root some publisher already anchored (validly, or by a key revoked
     * back to or before that anchor: void, so it may be overwritten), or a zero root/count.
     */
    function anchor(uint256 callerSeed, uint256 rootSeed, uint8 count) external {
        address caller = _accounts[callerSeed % ACCOUNTS];
        address publisher = _ghostAnchoringPublisher(caller, _now());
        bool isAuthorized = publisher != address(0);
        bytes32 root = _pickRoot(rootSeed, publisher);
        count %= 4;
        uint256 slot = _ghostBatchSlot[_batchKey(publisher, root)];
        bool isOverwrite = isAuthorized && slot != 0;
        bytes memory expected;
        if (root == bytes32(0)) {
            expected = abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroRoot.selector);
        } else if (count == 0) {
            expected = abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroCount.selector);
        } else if (!isAuthorized) {
            expected = abi.encodeWithSelector(IOutputAnchor.OutputAnchorUnauthorizedAnchorer.selector, caller);
        } else if (isOverwrite) {
            GhostBatch memory stored = _ghostBatches[slot - 1];
            if (_ghostAnchoringPublisher(stored.anchorer, stored.anchoredAt) == publisher) {
                expected = abi.encodeWithSelector(IOutputAnchor.OutputAnchorRootExists.selector, publisher, root);
            }
        }

        KeysSnapshot memory before = _snapshotKeys();
        VM.prank(caller);
        try ATTEST.anchor(root, count, "ipfs://batch") {
            if (!isAuthorized) _flag("an unauthorized account anchored", caller, root);
            if (expected.length != 0) _flag("anchor succeeded against the model", caller, root);
            GhostBatch memory batch = GhostBatch(publisher, root, caller, _now(), count);
            if (isOverwrite) {
                _ghostBatches[slot - 1] = batch;
                ++_outcomes.reanchors;
            } else {
                _ghostBatches.push(batch);
                _ghostBatchSlot[_batchKey(publisher, root)] = _ghostBatches.length;
            }
            _ghostLastAnchoredAt[caller] = _now();
            ++_outcomes.anchors;
        } catch (bytes memory reason) {
            _expectReason(reason, expected, "anchor reverted against the model", caller);
            ++_outcomes.rejectedAnchors;
        }
        _checkWindowsOnlyShrink(before);
    }

    /// @notice A publisher retires one of the four models (its own or not, retired or not).
    function retireModel(uint256 publisherSeed, uint256 modelSeed) external {
        uint256 publisherIndex = publisherSeed % PUBLISHERS;
        address publisher = _accounts[publisherIndex];
        uint256 modelIndex = modelSeed % _models.length;
        bytes32 modelId = _models[modelIndex];
        uint64 retiredAt = _ghostRetiredAt[modelId];

        bytes memory expected;
        if (modelIndex / MODELS_PER_PUBLISHER != publisherIndex) {
            expected = abi.encodeWithSelector(
                IModelRegistry.ModelRegistryNotModelPublisher.selector,
                modelId,
                publisher
            );
        } else if (retiredAt != 0) {
            expected = abi.encodeWithSelector(IModelRegistry.ModelRegistryModelRetired.selector, modelId, retiredAt);
        }

        VM.prank(publisher);
        try ATTEST.retireModel(modelId) {
            if (expected.length != 0) _flag("retireModel succeeded against the model", publisher, modelId);
            _ghostRetiredAt[modelId] = _now();
            ++_outcomes.retirements;
        } catch (bytes memory reason) {
            _expectReason(reason, expected, "retireModel reverted against the model", publisher);
        }
    }

    /// @notice Time moves forward by up to two days.
    function warp(uint32 seconds_) external {
        VM.warp(block.timestamp + (seconds_ % 2 days));
    }

    // ---- invariants ----

    /// @notice Reverts unless every step matched the model and the contract's state equals the model's.
    function assertInvariants() external view {
        if (bytes(_violation.what).length != 0) {
            revert AIAttestHandlerViolation(_violation.what, _violation.account, _violation.detail);
        }
        for (uint256 i = 0; i < ACCOUNTS; ++i) _assertKeyMatchesModel(_accounts[i]);
        for (uint256 i = 0; i < _ghostBatches.length; ++i) _assertBatchMatchesModel(_ghostBatches[i]);
        for (uint256 i = 0; i < _models.length; ++i) {
            uint64 retiredAt = ATTEST.getModel(_models[i]).retiredAt;
            if (retiredAt != _ghostRetiredAt[_models[i]]) {
                revert AIAttestHandlerStateMismatch("retiredAt", address(0), _models[i]);
            }
        }
    }

    /// @notice How many steps of each kind succeeded or were rejected so far.
    /// @return The counts.
    function outcomes() external view returns (Outcomes memory) {
        return _outcomes;
    }

    /// @notice How many distinct (publisher, root) batches were anchored.
    /// @return The number of anchored batches.
    function batchCount() external view returns (uint256) {
        return _ghostBatches.length;
    }

    // ---- internals ----

    struct KeysSnapshot {
        IModelRegistry.Key[ACCOUNTS] keys;
    }

    function _snapshotKeys() private view returns (KeysSnapshot memory snapshot) {
        for (uint256 i = 0; i < ACCOUNTS; ++i) snapshot.keys[i] = ATTEST.getKey(_accounts[i]);
    }

    /// @dev Once an account has a part, its publisher, part and validFrom never change and validUntil never grows.
    function _checkWindowsOnlyShrink(KeysSnapshot memory before) private {
        for (uint256 i = 0; i < ACCOUNTS; ++i) {
            IModelRegistry.Key memory old = before.keys[i];
            if (old.role == IModelRegistry.KeyRole.None) continue;
            IModelRegistry.Key memory current = ATTEST.getKey(_accounts[i]);
            if (
                current.publisher != old.publisher ||
                current.role != old.role ||
                current.validFrom != old.validFrom ||
                current.validUntil > old.validUntil
            ) _flag("a window grew or a part changed", _accounts[i], bytes32(uint256(current.validUntil)));
        }
    }

    function _assertKeyMatchesModel(address account) private view {
        IModelRegistry.Key memory actual = ATTEST.getKey(account);
        GhostKey memory ghost = _ghostKeys[account];
        if (
            actual.publisher != ghost.publisher ||
            actual.role != ghost.role ||
            actual.validFrom != ghost.validFrom ||
            actual.validUntil != ghost.validUntil
        ) revert AIAttestHandlerStateMismatch("key record", account, bytes32(uint256(actual.validUntil)));
    }

    /// @dev A stored batch changes only where the model overwrote a void one.
    function _assertBatchMatchesModel(GhostBatch memory ghost) private view {
        IOutputAnchor.Batch memory actual = ATTEST.getBatch(ghost.publisher, ghost.root);
        if (actual.anchorer != ghost.anchorer || actual.anchoredAt != ghost.anchoredAt || actual.count != ghost.count) {
            revert AIAttestHandlerStateMismatch("stored batch changed", ghost.publisher, ghost.root);
        }
    }

    /// @dev The spec's "who may anchor for whom at `time`", from the ghost keys.
    function _ghostAnchoringPublisher(address account, uint64 time) private view returns (address) {
        GhostKey memory ghost = _ghostKeys[account];
        if (ghost.role == IModelRegistry.KeyRole.Publisher) return account;
        if (ghost.role == IModelRegistry.KeyRole.Anchorer && ghost.validFrom <= time && time < ghost.validUntil) {
            return ghost.publisher;
        }
        return address(0);
    }

    /// @dev Notes the roots of `publisher` that revoking `key` back to `effectiveAt` made void.
    function _recordVoidedRoots(address publisher, address key, uint64 effectiveAt) private {
        for (uint256 i = 0; i < _ghostBatches.length; ++i) {
            GhostBatch memory batch = _ghostBatches[i];
            if (batch.anchorer == key && batch.anchoredAt >= effectiveAt) _voidedRoots[publisher].push(batch.root);
        }
    }

    function _pickEffectiveAt(GhostKey memory ghost, uint64 lastAnchoredAt, uint256 seed) private view returns (uint64) {
        uint256 mode = seed % 5;
        uint256 value = seed >> 8;
        if (mode == 0) return _now();
        // back to the key's last anchor: that batch becomes void, and may be anchored again
        if (mode == 4) return lastAnchoredAt == 0 ? _now() : lastAnchoredAt;
        if (mode == 1) return uint64(ghost.validFrom + (value % (block.timestamp - ghost.validFrom + 1)));
        if (mode == 2) return ghost.validFrom == 0 ? 0 : ghost.validFrom - 1;
        return ghost.validUntil == 0 ? uint64(value) : ghost.validUntil - uint64(value % 2);
    }

    /// @dev A zero root, a root of some batch, a root `publisher` had voided, or a fresh one.
    function _pickRoot(uint256 seed, address publisher) private view returns (bytes32) {
        if (seed % 17 == 0) return bytes32(0);
        bytes32[] storage voided = _voidedRoots[publisher];
        if (seed % 5 == 1 && voided.length != 0) return voided[(seed >> 8) % voided.length];
        if (seed % 3 == 0 && _ghostBatches.length != 0) return _ghostBatches[(seed >> 8) % _ghostBatches.length].root;
        return keccak256(abi.encode("root", seed));
    }

    function _consent(
        uint256 keyIndex,
        address publisher,
        IModelRegistry.KeyRole role,
        uint256 deadline
    ) private view returns (bytes memory) {
        address key = _accounts[keyIndex];
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("KeyAuthorization(address publisher,address key,uint8 role,uint256 nonce,uint256 deadline)"),
                publisher,
                key,
                role,
                ATTEST.nonces(key),
                deadline
            )
        );
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("aiattest"),
                keccak256("1"),
                block.chainid,
                address(ATTEST)
            )
        );
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", domain, structHash));
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(_pks[keyIndex], digest);
        return abi.encodePacked(r, s, v);
    }

    function _expectReason(bytes memory reason, bytes memory expected, string memory what, address account) private {
        if (expected.length == 0 || keccak256(reason) != keccak256(expected)) _flag(what, account, keccak256(reason));
    }

    function _flag(string memory what, address account, bytes32 detail) private {
        if (bytes(_violation.what).length != 0) return;
        _violation = Violation(what, account, detail);
    }

    function _batchKey(address publisher, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(publisher, root));
    }

    function _now() private view returns (uint64) {
        return uint64(block.timestamp);
    }

    function _version(uint256 index) private pure returns (string memory) {
        return index == 0 ? "1" : "2";
    }
}
