// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {AIAttestFixture} from "./AIAttestFixture.sol";
import {VM} from "./Vm.sol";

/// @dev anchor and getBatch: who may anchor, and batches keyed by (publisher, root) that change only when void.
contract OutputAnchorTest is AIAttestFixture {
    bytes32 private constant ROOT = keccak256("root");
    uint256 private constant SECOND_ANCHORER_PK = 0xA1C5;

    function setUp() public override {
        super.setUp();
        _registerModel(publisher, "llama");
        _authorize(publisher, ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        _authorize(publisher, SIGNER_PK, IModelRegistry.KeyRole.Signer);
        VM.warp(START + 1 hours);
    }

    function test_anchor_byThePublisher() public {
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(publisher, publisher, ROOT, 3, "ipfs://batch");
        _anchor(publisher, ROOT, 3);
        _assertBatch(publisher, ROOT, publisher, START + 1 hours, 3);
    }

    function test_anchor_byAnAnchorerKeyStoresTheBatchUnderItsPublisher() public {
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(publisher, anchorer, ROOT, 1000, "ipfs://batch");
        _anchor(anchorer, ROOT, 1000);
        _assertBatch(publisher, ROOT, anchorer, START + 1 hours, 1000);
        _assertBatch(anchorer, ROOT, address(0), 0, 0);
    }

    function test_anchor_theSameRootUnderTwoPublishers() public {
        // nobody can front-run a lab's root: another publisher anchoring it first blocks nothing
        _registerModel(otherPublisher, "mistral");
        _anchor(otherPublisher, ROOT, 1);
        VM.warp(START + 2 hours);
        _anchor(anchorer, ROOT, 2);
        _assertBatch(otherPublisher, ROOT, otherPublisher, START + 1 hours, 1);
        _assertBatch(publisher, ROOT, anchorer, START + 2 hours, 2);
    }

    function test_anchor_storesTheMaximumCount() public {
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(publisher, publisher, ROOT, type(uint32).max, "ipfs://batch");
        _anchor(publisher, ROOT, type(uint32).max);
        _assertBatch(publisher, ROOT, publisher, START + 1 hours, type(uint32).max);
    }

    function test_anchor_revertsOnZeroRoot() public {
        VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroRoot.selector));
        _anchor(publisher, bytes32(0), 1);
    }

    function test_anchor_revertsOnZeroCount() public {
        VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroCount.selector));
        _anchor(publisher, ROOT, 0);
    }

    function test_anchor_revertsOnARootThePublisherAlreadyAnchored() public {
        _anchor(publisher, ROOT, 3);
        VM.warp(START + 2 hours);
        _expectRootExists(publisher, ROOT);
        _anchor(publisher, ROOT, 4);
        // the anchorer key cannot overwrite it either
        _expectRootExists(publisher, ROOT);
        _anchor(anchorer, ROOT, 5);
        _assertBatch(publisher, ROOT, publisher, START + 1 hours, 3);
    }

    function test_anchor_revertsForAnUnknownAccount() public {
        _expectUnauthorized(stranger);
        _anchor(stranger, ROOT, 1);
        // anchoring never makes anyone a publisher
        _assertKey(stranger, address(0), IModelRegistry.KeyRole.None, 0, 0);
    }

    function test_anchor_revertsForASignerKey() public {
        _expectUnauthorized(signer);
        _anchor(signer, ROOT, 1);
    }

    function test_anchor_revertsForAnAnchorerRevokedNow() public {
        _revoke(anchorer, START + 1 hours);
        _expectUnauthorized(anchorer);
        _anchor(anchorer, ROOT, 1);
    }

    function test_anchor_revertsForAnAnchorerRevokedInThePast() public {
        _revoke(anchorer, START + 1);
        _expectUnauthorized(anchorer);
        _anchor(anchorer, ROOT, 1);
    }

    function test_anchor_followsAScheduledRevocation() public {
        _revoke(anchorer, START + 2 hours);
        VM.warp(START + 2 hours - 1);
        _anchor(anchorer, ROOT, 1);
        VM.warp(START + 2 hours);
        _expectUnauthorized(anchorer);
        _anchor(anchorer, keccak256("next root"), 1);
        // the publisher still anchors after all its keys are gone
        _revoke(signer, START + 2 hours);
        _anchor(publisher, keccak256("next root"), 1);
        _assertBatch(publisher, keccak256("next root"), publisher, START + 2 hours, 1);
    }

    function test_anchor_theRetiredModelsOfAPublisherDoNotStopIt() public {
        bytes32 modelId = attest.computeModelId(publisher, "llama", "1.0.0");
        VM.prank(publisher);
        attest.retireModel(modelId);
        _anchor(anchorer, ROOT, 1);
        _assertBatch(publisher, ROOT, anchorer, START + 1 hours, 1);
    }

    function test_anchor_overwritesABatchVoidedByItsAnchorersRevocation() public {
        // a stolen key front-runs the lab's anchor with the lab's root and another URI
        _anchorWithUri(anchorer, ROOT, 3, "ipfs://stolen");
        _revoke(anchorer, START + 1 hours);
        VM.warp(START + 2 hours);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(publisher, publisher, ROOT, 3, "ipfs://lab");
        _anchorWithUri(publisher, ROOT, 3, "ipfs://lab");
        _assertBatch(publisher, ROOT, publisher, START + 2 hours, 3);
        // the new anchor is valid, so it is final
        VM.warp(START + 3 hours);
        _expectRootExists(publisher, ROOT);
        _anchor(publisher, ROOT, 3);
    }

    function test_anchor_anotherAnchorerKeyOverwritesAVoidBatch() public {
        address second = _authorize(publisher, SECOND_ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        _anchorWithUri(anchorer, ROOT, 3, "ipfs://stolen");
        // revoked back to before the anchor: void as well
        _revoke(anchorer, START + 30 minutes);
        VM.warp(START + 2 hours);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(publisher, second, ROOT, 4, "ipfs://lab");
        _anchorWithUri(second, ROOT, 4, "ipfs://lab");
        _assertBatch(publisher, ROOT, second, START + 2 hours, 4);
    }

    function test_anchor_revertsOnARootWhoseAnchorerWasRevokedOnlyAfterIt() public {
        _anchor(anchorer, ROOT, 3);
        // effective one second after the anchor: the batch stays valid
        _revoke(anchorer, START + 1 hours + 1);
        VM.warp(START + 2 hours);
        _expectRootExists(publisher, ROOT);
        _anchor(publisher, ROOT, 3);
        _assertBatch(publisher, ROOT, anchorer, START + 1 hours, 3);
    }

    function test_anchor_theRevokedKeyCannotAnchorItsVoidBatchAgain() public {
        _anchor(anchorer, ROOT, 3);
        _revoke(anchorer, START + 1 hours);
        VM.warp(START + 2 hours);
        _expectUnauthorized(anchorer);
        _anchor(anchorer, ROOT, 3);
        _assertBatch(publisher, ROOT, anchorer, START + 1 hours, 3);
    }

    function test_anchor_aVoidBatchOfOnePublisherIsNoBatchOfAnother() public {
        _registerModel(otherPublisher, "mistral");
        _anchor(anchorer, ROOT, 3);
        _revoke(anchorer, START + 1 hours);
        VM.warp(START + 2 hours);
        // the other publisher's anchor lands under the other publisher and leaves the void batch as it was
        _anchor(otherPublisher, ROOT, 1);
        _assertBatch(otherPublisher, ROOT, otherPublisher, START + 2 hours, 1);
        _assertBatch(publisher, ROOT, anchorer, START + 1 hours, 3);
    }

    function test_verifyOutput_acceptsTheOutputsOfAVoidBatchOnceAnchoredAgain() public {
        IOutputAnchor.Output memory output = IOutputAnchor.Output({
            modelId: attest.computeModelId(publisher, "llama", "1.0.0"),
            requestHash: keccak256("request"),
            responseHash: keccak256("response"),
            timestamp: uint64(START + 30 minutes)
        });
        bytes32 root = _outputLeaf(output);
        bytes32[] memory proof = new bytes32[](0);
        _anchorWithUri(anchorer, root, 1, "ipfs://stolen");
        _assertVerify(output, root, proof, true, START + 1 hours);
        _revoke(anchorer, START + 1 hours);
        _assertVerify(output, root, proof, false, 0);
        VM.warp(START + 2 hours);
        _anchorWithUri(publisher, root, 1, "ipfs://lab");
        _assertVerify(output, root, proof, true, START + 2 hours);
    }

    function testFuzz_anchor_overwritesExactlyTheBatchesThatAreVoid(
        uint32 anchorAfter,
        uint32 effectiveAfter,
        uint32 laterBy,
        bool bySecondKey
    ) public {
        address second = _authorize(publisher, SECOND_ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        uint256 anchorAt = START + 1 hours + anchorAfter;
        // any revocation the registry accepts: effectiveAt in [validFrom, validUntil), past or future
        uint256 effectiveAt = START + effectiveAfter;
        VM.warp(anchorAt);
        _anchorWithUri(anchorer, ROOT, 3, "ipfs://stolen");
        _revoke(anchorer, effectiveAt);

        uint256 againAt = anchorAt + laterBy;
        VM.warp(againAt);
        address caller = bySecondKey ? second : publisher;
        bool isVoid = effectiveAt <= anchorAt;
        if (isVoid) {
            VM.expectEmit(true, true, true, true, address(attest));
            emit IOutputAnchor.BatchAnchored(publisher, caller, ROOT, 5, "ipfs://lab");
        } else {
            _expectRootExists(publisher, ROOT);
        }
        _anchorWithUri(caller, ROOT, 5, "ipfs://lab");
        if (isVoid) _assertBatch(publisher, ROOT, caller, againAt, 5);
        else _assertBatch(publisher, ROOT, anchorer, anchorAt, 3);
        IOutputAnchor.Batch memory stored = attest.getBatch(publisher, ROOT);
        assertTrue(attest.isValidAnchorer(publisher, stored.anchorer, stored.anchoredAt), "the stored anchor is valid");
    }

    function test_getBatch_isZeroForAnUnknownBatch() public view {
        _assertBatch(publisher, ROOT, address(0), 0, 0);
    }

    function testFuzz_anchor_storesAnyBatchAndKeepsItWhileValid(
        bytes32 root,
        uint32 count,
        string calldata uri,
        uint32 laterBy,
        bool byAnchorer
    ) public {
        address caller = byAnchorer ? anchorer : publisher;
        if (root == bytes32(0)) {
            VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroRoot.selector));
        } else if (count == 0) {
            VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorZeroCount.selector));
        } else {
            VM.expectEmit(true, true, true, true, address(attest));
            emit IOutputAnchor.BatchAnchored(publisher, caller, root, count, uri);
        }
        VM.prank(caller);
        attest.anchor(root, count, uri);
        if (root == bytes32(0) || count == 0) {
            _assertBatch(publisher, root, address(0), 0, 0);
            return;
        }
        _assertBatch(publisher, root, caller, START + 1 hours, count);

        VM.warp(START + 1 hours + laterBy);
        _expectRootExists(publisher, root);
        VM.prank(byAnchorer ? publisher : anchorer);
        attest.anchor(root, count == type(uint32).max ? 1 : count + 1, uri);
        _assertBatch(publisher, root, caller, START + 1 hours, count);
    }

    function testFuzz_anchor_revertsForAnyAccountThatIsNoAnchorer(address caller, bytes32 root) public {
        VM.assume(caller != publisher && caller != anchorer && root != bytes32(0));
        _expectUnauthorized(caller);
        VM.prank(caller);
        attest.anchor(root, 1, "");
    }

    function testFuzz_anchor_revokedAnchorerFailsFromEffectiveAt(uint32 effectiveAfter, uint32 anchorAfter) public {
        uint256 effectiveAt = START + effectiveAfter;
        uint256 anchorAt = START + anchorAfter;
        _revoke(anchorer, effectiveAt);
        VM.warp(anchorAt);
        if (anchorAt < effectiveAt) {
            _anchor(anchorer, ROOT, 1);
            _assertBatch(publisher, ROOT, anchorer, anchorAt, 1);
        } else {
            _expectUnauthorized(anchorer);
            _anchor(anchorer, ROOT, 1);
            _assertBatch(publisher, ROOT, address(0), 0, 0);
        }
    }

    // ---- helpers ----

    function _anchorWithUri(address caller, bytes32 root, uint32 count, string memory uri) private {
        VM.prank(caller);
        attest.anchor(root, count, uri);
    }

    function _assertVerify(
        IOutputAnchor.Output memory output,
        bytes32 root,
        bytes32[] memory proof,
        bool expectedValid,
        uint256 expectedAnchoredAt
    ) private view {
        (bool valid, uint64 anchoredAt) = attest.verifyOutput(output, root, proof);
        if (expectedValid) assertTrue(valid, "verifyOutput valid");
        else assertFalse(valid, "verifyOutput valid");
        assertEq(anchoredAt, expectedAnchoredAt, "verifyOutput anchoredAt");
    }

    function _revoke(address key, uint256 effectiveAt) private {
        VM.prank(publisher);
        attest.revokeKey(key, uint64(effectiveAt));
    }

    function _assertBatch(
        address publisher_,
        bytes32 root,
        address expectedAnchorer,
        uint256 expectedAnchoredAt,
        uint256 expectedCount
    ) private view {
        IOutputAnchor.Batch memory batch = attest.getBatch(publisher_, root);
        assertEq(batch.anchorer, expectedAnchorer, "batch anchorer");
        assertEq(batch.anchoredAt, expectedAnchoredAt, "batch anchoredAt");
        assertEq(batch.count, expectedCount, "batch count");
    }

    function _expectUnauthorized(address account) private {
        VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorUnauthorizedAnchorer.selector, account));
    }

    function _expectRootExists(address publisher_, bytes32 root) private {
        VM.expectRevert(abi.encodeWithSelector(IOutputAnchor.OutputAnchorRootExists.selector, publisher_, root));
    }
}
