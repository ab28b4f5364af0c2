// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {BatchFixture} from "./BatchFixture.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";
import {VM} from "./Vm.sol";

/// @dev verifyOutput: every check of the anchor, with trees built in Solidity.
contract VerifyTest is BatchFixture {
    uint256 private constant THEIR_ANCHORER_PK = 0xA1C6;

    function setUp() public override {
        super.setUp();
        VM.warp(ANCHOR_TIME);
    }

    function test_verifyOutput_acceptsEveryLeafOfAnAnchoredBatch() public {
        IOutputAnchor.Output[] memory outputs = _outputs(1, 5, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        VM.warp(ANCHOR_TIME + 365 days);
        for (uint256 i = 0; i < outputs.length; ++i) _assertValid(outputs[i], tree, i, ANCHOR_TIME);
    }

    function test_verifyOutput_acceptsABatchOfOneWithAnEmptyProof() public {
        IOutputAnchor.Output[] memory outputs = _outputs(2, 1, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        assertEq(tree[0], attest.outputLeaf(outputs[0]), "root is the leaf");
        (bool valid, uint64 anchoredAt) = attest.verifyOutput(outputs[0], tree[0], new bytes32[](0));
        assertTrue(valid, "valid");
        assertEq(anchoredAt, ANCHOR_TIME, "anchoredAt");
    }

    function test_verifyOutput_acceptsAnOutputClaimedAtAnchoredAt() public {
        IOutputAnchor.Output[] memory outputs = _outputs(3, 2, ANCHOR_TIME);
        outputs[1].timestamp = uint64(ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        _assertValid(outputs[1], tree, 1, ANCHOR_TIME);
    }

    function test_verifyOutput_rejectsAnOutputClaimedAfterAnchoredAt() public {
        IOutputAnchor.Output[] memory outputs = _outputs(4, 2, ANCHOR_TIME);
        outputs[1].timestamp = uint64(ANCHOR_TIME + 1);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        _assertInvalid(outputs[1], tree, 1);
        _assertValid(outputs[0], tree, 0, ANCHOR_TIME);
    }

    function test_verifyOutput_rejectsAnUnknownModel() public {
        IOutputAnchor.Output[] memory outputs = _outputs(5, 2, ANCHOR_TIME);
        outputs[0].modelId = keccak256("unregistered");
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        _assertInvalid(outputs[0], tree, 0);
    }

    function test_verifyOutput_rejectsAnUnanchoredRoot() public view {
        IOutputAnchor.Output[] memory outputs = _outputs(6, 3, ANCHOR_TIME);
        _assertInvalid(outputs[0], _tree(outputs), 0);
    }

    function test_verifyOutput_rejectsARootAnchoredOnlyByAnotherPublisher() public {
        // a batch counts only if the model's own publisher anchored it
        _registerModel(otherPublisher, "mistral");
        IOutputAnchor.Output[] memory outputs = _outputs(7, 3, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(otherPublisher, outputs);
        _assertInvalid(outputs[0], tree, 0);
        _anchor(publisher, tree[0], 3);
        _assertValid(outputs[0], tree, 0, ANCHOR_TIME);
    }

    function test_verifyOutput_rejectsTheRootOfTheLabAnchoredByAnotherPublishersAnchorer() public {
        _registerModel(otherPublisher, "mistral");
        address theirAnchorer = _authorize(otherPublisher, THEIR_ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        IOutputAnchor.Output[] memory outputs = _outputs(15, 8, ANCHOR_TIME);
        bytes32[] memory tree = _tree(outputs);
        // the anchor lands under the anchorer's own publisher, never under the lab
        VM.expectEmit(true, true, true, true, address(attest));
        emit IOutputAnchor.BatchAnchored(otherPublisher, theirAnchorer, tree[0], 8, "ipfs://batch");
        _anchor(theirAnchorer, tree[0], 8);
        IOutputAnchor.Batch memory theirs = attest.getBatch(otherPublisher, tree[0]);
        assertEq(theirs.anchorer, theirAnchorer, "their batch anchorer");
        assertEq(theirs.anchoredAt, ANCHOR_TIME, "their batch anchoredAt");
        assertEq(theirs.count, 8, "their batch count");
        IOutputAnchor.Batch memory ours = attest.getBatch(publisher, tree[0]);
        assertEq(ours.anchorer, address(0), "lab batch anchorer");
        assertEq(ours.anchoredAt, 0, "lab batch anchoredAt");
        assertEq(ours.count, 0, "lab batch count");
        for (uint256 i = 0; i < outputs.length; ++i) _assertInvalid(outputs[i], tree, i);
    }

    function test_verifyOutput_anAnchorerRevokedInThePastVoidsOnlyTheBatchesSince() public {
        IOutputAnchor.Output[] memory early = _outputs(16, 5, ANCHOR_TIME);
        bytes32[] memory earlyTree = _anchorOutputs(anchorer, early);
        VM.warp(ANCHOR_TIME + 100);
        IOutputAnchor.Output[] memory late = _outputs(17, 5, ANCHOR_TIME);
        bytes32[] memory lateTree = _anchorOutputs(anchorer, late);
        // the key was compromised between the two anchors; the lab finds out later
        VM.warp(ANCHOR_TIME + 1100);
        _revoke(anchorer, ANCHOR_TIME + 50);
        _assertValid(early[0], earlyTree, 0, ANCHOR_TIME);
        _assertInvalid(late[0], lateTree, 0);
    }

    function test_verifyOutput_rejectsBatchesOfAnAnchorerRevokedAtOrBeforeAnchoredAt() public {
        IOutputAnchor.Output[] memory outputs = _outputs(8, 4, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        VM.warp(ANCHOR_TIME + 7 days);
        _revoke(anchorer, ANCHOR_TIME + 1);
        _assertValid(outputs[2], tree, 2, ANCHOR_TIME);
        _revoke(anchorer, ANCHOR_TIME);
        _assertInvalid(outputs[2], tree, 2);
    }

    function test_verifyOutput_publisherBatchesSurviveKeyRevocations() public {
        IOutputAnchor.Output[] memory outputs = _outputs(9, 3, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        _revoke(anchorer, START);
        _revoke(signer, START);
        _assertValid(outputs[1], tree, 1, ANCHOR_TIME);
    }

    function test_verifyOutput_rejectsOutputsClaimedAtOrAfterRetirement() public {
        IOutputAnchor.Output[] memory outputs = _outputs(10, 3, ANCHOR_TIME);
        outputs[0].timestamp = uint64(ANCHOR_TIME - 1);
        outputs[1].timestamp = uint64(ANCHOR_TIME);
        outputs[2].timestamp = uint64(ANCHOR_TIME + 10);
        _retire();
        VM.warp(ANCHOR_TIME + 10);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        _assertValid(outputs[0], tree, 0, ANCHOR_TIME + 10);
        _assertInvalid(outputs[1], tree, 1);
        _assertInvalid(outputs[2], tree, 2);
    }

    function test_verifyOutput_retirementDoesNotVoidEarlierOutputs() public {
        IOutputAnchor.Output[] memory outputs = _outputs(11, 3, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        VM.warp(ANCHOR_TIME + 1);
        _retire();
        for (uint256 i = 0; i < outputs.length; ++i) _assertValid(outputs[i], tree, i, ANCHOR_TIME);
    }

    function test_verifyOutput_rejectsAnyAlteredField() public {
        IOutputAnchor.Output[] memory outputs = _outputs(12, 4, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        bytes32 otherModel = _registerModel(publisher, "other");
        for (uint256 field = 0; field < 4; ++field) {
            IOutputAnchor.Output memory altered = _copy(outputs[field]);
            if (field == 0) altered.modelId = otherModel;
            if (field == 1) altered.requestHash ^= bytes32(uint256(1));
            if (field == 2) altered.responseHash ^= bytes32(uint256(1));
            if (field == 3) --altered.timestamp;
            _assertInvalid(altered, tree, field);
            _assertValid(outputs[field], tree, field, ANCHOR_TIME);
        }
    }

    function test_outputDigestAndLeafMatchTheSpec() public view {
        IOutputAnchor.Output memory output = _output(13, ANCHOR_TIME);
        assertEq(attest.outputDigest(output), _outputDigest(output), "digest");
        assertEq(attest.outputLeaf(output), keccak256(abi.encode(_outputDigest(output))), "leaf");
    }

    function test_outputDigest_changesWithEachField() public view {
        IOutputAnchor.Output memory base = _output(14, ANCHOR_TIME);
        bytes32[] memory digests = new bytes32[](5);
        digests[0] = attest.outputDigest(base);
        for (uint256 field = 0; field < 4; ++field) {
            IOutputAnchor.Output memory altered = _copy(base);
            if (field == 0) altered.modelId ^= bytes32(uint256(1));
            if (field == 1) altered.requestHash ^= bytes32(uint256(1));
            if (field == 2) altered.responseHash ^= bytes32(uint256(1));
            if (field == 3) ++altered.timestamp;
            digests[field + 1] = attest.outputDigest(altered);
        }
        for (uint256 i = 0; i < digests.length; ++i) {
            for (uint256 j = i + 1; j < digests.length; ++j) assertNotEq(digests[i], digests[j], "distinct digests");
        }
    }

    // ---- fuzz ----

    function testFuzz_verifyOutput_everyLeafOfATreeOfTwoToEight(uint256 seed, uint8 size) public {
        uint256 count = 2 + (size % 7);
        IOutputAnchor.Output[] memory outputs = _outputs(seed, count, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        for (uint256 i = 0; i < count; ++i) _assertValid(outputs[i], tree, i, ANCHOR_TIME);
    }

    function testFuzz_verifyOutput_alteredProofsFail(uint256 seed, uint8 size, uint8 index, uint256 flip) public {
        uint256 count = 2 + (size % 7);
        index = uint8(index % count);
        IOutputAnchor.Output[] memory outputs = _outputs(seed, count, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        bytes32[] memory proof = MerkleTreeBuilder.proof(tree, index);
        _assertValid(outputs[index], tree, index, ANCHOR_TIME);

        // one flipped bit in one sibling
        uint256 at = flip % proof.length;
        proof[at] ^= bytes32(uint256(1) << ((flip >> 8) % 256));
        (bool valid, ) = attest.verifyOutput(outputs[index], tree[0], proof);
        assertFalse(valid, "flipped sibling");

        // a dropped sibling, an extra sibling, another leaf's proof
        proof = MerkleTreeBuilder.proof(tree, index);
        (valid, ) = attest.verifyOutput(outputs[index], tree[0], _withoutLast(proof));
        assertFalse(valid, "dropped sibling");
        (valid, ) = attest.verifyOutput(outputs[index], tree[0], _withExtra(proof, bytes32(flip)));
        assertFalse(valid, "extra sibling");
        uint256 other = (index + 1 + (flip % (count - 1))) % count;
        (valid, ) = attest.verifyOutput(outputs[index], tree[0], MerkleTreeBuilder.proof(tree, other));
        assertFalse(valid, "another leaf's proof");
    }

    function testFuzz_verifyOutput_timestampsAfterTheAnchorFail(uint256 seed, uint8 size, uint32 lateBy) public {
        uint256 count = 2 + (size % 7);
        IOutputAnchor.Output[] memory outputs = _outputs(seed, count, ANCHOR_TIME);
        uint256 late = seed % count;
        outputs[late].timestamp = uint64(ANCHOR_TIME + 1 + uint256(lateBy));
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        for (uint256 i = 0; i < count; ++i) {
            if (i == late) _assertInvalid(outputs[i], tree, i);
            else _assertValid(outputs[i], tree, i, ANCHOR_TIME);
        }
    }

    function testFuzz_verifyOutput_retiredModelsFail(uint256 seed, uint32 retireAfter, uint32 anchorAfter) public {
        uint256 retiredAt = ANCHOR_TIME + (retireAfter % 30 days);
        uint256 anchoredAt = retiredAt + (anchorAfter % 30 days);
        IOutputAnchor.Output[] memory outputs = _outputs(seed, 8, anchoredAt);
        VM.warp(retiredAt);
        _retire();
        VM.warp(anchoredAt);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        for (uint256 i = 0; i < outputs.length; ++i) {
            if (outputs[i].timestamp < retiredAt) _assertValid(outputs[i], tree, i, anchoredAt);
            else _assertInvalid(outputs[i], tree, i);
        }
    }

    function testFuzz_verifyOutput_revokedAnchorerWithAPastEffectiveAtFails(
        uint256 seed,
        uint32 effectiveAfter
    ) public {
        IOutputAnchor.Output[] memory outputs = _outputs(seed, 3, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        uint256 revokedAt = ANCHOR_TIME + 10 days;
        VM.warp(revokedAt);
        uint256 effectiveAt = START + (effectiveAfter % (revokedAt - START));
        _revoke(anchorer, effectiveAt);
        if (ANCHOR_TIME < effectiveAt) _assertValid(outputs[0], tree, 0, ANCHOR_TIME);
        else _assertInvalid(outputs[0], tree, 0);
    }

    function testFuzz_verifyOutput_neverRevertsOnGarbage(
        IOutputAnchor.Output memory output,
        bytes32 root,
        bytes32[] calldata proof,
        bool ofKnownModel,
        bool rootAnchored
    ) public {
        if (ofKnownModel) output.modelId = modelId;
        if (rootAnchored && root != bytes32(0)) _anchor(anchorer, root, 1);
        (bool valid, uint64 anchoredAt) = attest.verifyOutput(output, root, proof);
        assertFalse(valid, "garbage verified");
        assertEq(anchoredAt, 0, "anchoredAt");
    }

    function testFuzz_outputDigestAndLeafMatchTheSpec(IOutputAnchor.Output calldata output) public view {
        assertEq(attest.outputDigest(output), _outputDigest(output), "digest");
        assertEq(attest.outputLeaf(output), keccak256(abi.encode(_outputDigest(output))), "leaf");
    }

    // ---- helpers ----

    function _copy(IOutputAnchor.Output memory output) private pure returns (IOutputAnchor.Output memory) {
        return
            IOutputAnchor.Output({
                modelId: output.modelId,
                requestHash: output.requestHash,
                responseHash: output.responseHash,
                timestamp: output.timestamp
            });
    }

    function _withoutLast(bytes32[] memory proof) private pure returns (bytes32[] memory shorter) {
        shorter = new bytes32[](proof.length - 1);
        for (uint256 i = 0; i < shorter.length; ++i) shorter[i] = proof[i];
    }

    function _withExtra(bytes32[] memory proof, bytes32 extra) private pure returns (bytes32[] memory longer) {
        longer = new bytes32[](proof.length + 1);
        for (uint256 i = 0; i < proof.length; ++i) longer[i] = proof[i];
        longer[proof.length] = extra;
    }
}
