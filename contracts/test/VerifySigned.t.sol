// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {BatchFixture} from "./BatchFixture.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";
import {VM} from "./Vm.sol";

/// @dev verifySignedOutput: the anchor, plus a low-s signature by a signer valid at the claim and the anchor.
contract VerifySignedTest is BatchFixture {
    uint256 private constant LATE_SIGNER_PK = 0x1A7E;

    IOutputAnchor.Output[] private _batch;
    bytes32[] private _batchTree;

    function setUp() public override {
        super.setUp();
        VM.warp(ANCHOR_TIME);
        IOutputAnchor.Output[] memory outputs = _outputs(42, 4, ANCHOR_TIME);
        for (uint256 i = 0; i < outputs.length; ++i) _batch.push(outputs[i]);
        _batchTree = _anchorOutputs(anchorer, outputs);
    }

    function test_verifySignedOutput_acceptsASignatureOfAValidSigner() public view {
        _assertSignedValid(_batch[1], _signOutput(SIGNER_PK, _batch[1]), 1, ANCHOR_TIME);
    }

    function test_verifySignedOutput_rejectsAHighSSignature() public view {
        bytes memory highS = _toHighS(_signOutput(SIGNER_PK, _batch[0]));
        (bytes32 r, bytes32 s, uint8 v) = _split(highS);
        assertEq(ecrecover(_outputDigest(_batch[0]), v, r, s), signer, "ecrecover accepts the malleated signature");
        _assertSignedInvalid(_batch[0], highS, 0, address(0));
    }

    function test_verifySignedOutput_rejectsMalformedSignatures() public view {
        bytes memory signature = _signOutput(SIGNER_PK, _batch[0]);
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        _assertSignedInvalid(_batch[0], "", 0, address(0));
        _assertSignedInvalid(_batch[0], abi.encodePacked(r, s), 0, address(0));
        _assertSignedInvalid(_batch[0], abi.encodePacked(signature, uint8(0)), 0, address(0));
        _assertSignedInvalid(_batch[0], abi.encodePacked(r, s, uint8(29)), 0, address(0));
        _assertSignedInvalid(_batch[0], new bytes(65), 0, address(0));
        _assertSignedInvalid(_batch[0], abi.encodePacked(bytes32(0), s, v), 0, address(0));
    }

    function test_verifySignedOutput_rejectsASignatureOverAnotherOutput() public view {
        bytes memory signature = _signOutput(SIGNER_PK, _batch[2]);
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        address recovered = ecrecover(_outputDigest(_batch[3]), v, r, s);
        assertTrue(recovered != signer, "recovers someone else");
        _assertSignedInvalid(_batch[3], signature, 3, recovered);
    }

    function test_verifySignedOutput_rejectsKeysThatAreNoSignerOfThePublisher() public {
        _authorize(otherPublisher, LATE_SIGNER_PK, IModelRegistry.KeyRole.Signer);
        address theirSigner = VM.addr(LATE_SIGNER_PK);
        _assertSignedInvalid(_batch[0], _signOutput(ANCHORER_PK, _batch[0]), 0, anchorer);
        _assertSignedInvalid(_batch[0], _signOutput(PUBLISHER_PK, _batch[0]), 0, publisher);
        _assertSignedInvalid(_batch[0], _signOutput(STRANGER_PK, _batch[0]), 0, stranger);
        _assertSignedInvalid(_batch[0], _signOutput(LATE_SIGNER_PK, _batch[0]), 0, theirSigner);
    }

    function test_verifySignedOutput_rejectsASignerAuthorizedAfterTheClaim() public {
        VM.warp(ANCHOR_TIME - 1 hours);
        IOutputAnchor.Output[] memory outputs = _outputs(7, 2, ANCHOR_TIME - 1 hours);
        outputs[0].timestamp = uint64(ANCHOR_TIME - 2 hours);
        outputs[1].timestamp = uint64(ANCHOR_TIME - 1 hours);
        address lateSigner = _authorize(publisher, LATE_SIGNER_PK, IModelRegistry.KeyRole.Signer);
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        _assertValid(outputs[0], tree, 0, ANCHOR_TIME - 1 hours);
        _assertSignedInvalidIn(outputs[0], _signOutput(LATE_SIGNER_PK, outputs[0]), tree, 0, lateSigner);
        (bool valid, , ) = attest.verifySignedOutput(
            outputs[1],
            _signOutput(LATE_SIGNER_PK, outputs[1]),
            tree[0],
            MerkleTreeBuilder.proof(tree, 1)
        );
        assertTrue(valid, "claimed at validFrom");
    }

    function test_verifySignedOutput_rejectsASignerRevokedBeforeTheAnchor() public {
        // a stolen key backdates an output into its window; revocation at the theft voids it
        VM.warp(ANCHOR_TIME + 1 days);
        IOutputAnchor.Output[] memory outputs = _outputs(8, 2, ANCHOR_TIME - 1);
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        bytes memory signature = _signOutput(SIGNER_PK, outputs[0]);
        _revoke(signer, ANCHOR_TIME + 1 days + 1);
        _assertSignedValidIn(outputs[0], signature, tree, 0, ANCHOR_TIME + 1 days);
        _revoke(signer, ANCHOR_TIME + 1 days);
        _assertSignedInvalidIn(outputs[0], signature, tree, 0, signer);
        (bool valid, ) = _verify(outputs[0], tree, 0);
        assertTrue(valid, "the anchor alone still verifies");
    }

    function test_verifySignedOutput_rejectsAValidSignatureOutsideAnyBatch() public view {
        IOutputAnchor.Output memory loose = _output(99, ANCHOR_TIME);
        bytes memory signature = _signOutput(SIGNER_PK, loose);
        (bool valid, uint64 anchoredAt, address recovered) = attest.verifySignedOutput(
            loose,
            signature,
            _batchTree[0],
            MerkleTreeBuilder.proof(_batchTree, 0)
        );
        assertFalse(valid, "valid");
        assertEq(anchoredAt, 0, "anchoredAt");
        assertEq(recovered, signer, "signer is still reported");
        // nor does its own leaf as a root nobody anchored
        (valid, anchoredAt, recovered) = attest.verifySignedOutput(loose, signature, _outputLeaf(loose), new bytes32[](0));
        assertFalse(valid, "unanchored valid");
        assertEq(anchoredAt, 0, "unanchored anchoredAt");
        assertEq(recovered, signer, "unanchored signer is still reported");
    }

    function test_verifySignedOutput_rejectsAnOutputOfAnotherPublishersModelInTheBatch() public {
        bytes32 theirModel = _registerModel(otherPublisher, "mistral");
        address theirSigner = _authorize(otherPublisher, LATE_SIGNER_PK, IModelRegistry.KeyRole.Signer);
        IOutputAnchor.Output[] memory outputs = _outputs(43, 4, ANCHOR_TIME);
        outputs[3].modelId = theirModel;
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        _assertValid(outputs[0], tree, 0, ANCHOR_TIME);
        _assertInvalid(outputs[3], tree, 3);
        // signed by that model's own publisher's signer: still looked up under the model's publisher
        _assertSignedInvalidIn(outputs[3], _signOutput(LATE_SIGNER_PK, outputs[3]), tree, 3, theirSigner);
    }

    function test_verifySignedOutput_rejectsAnOutputClaimedAfterTheAnchor() public {
        IOutputAnchor.Output[] memory outputs = _outputs(44, 2, ANCHOR_TIME);
        outputs[1].timestamp = uint64(ANCHOR_TIME + 1 hours);
        bytes32[] memory tree = _anchorOutputs(publisher, outputs);
        VM.warp(ANCHOR_TIME + 2 hours);
        _assertSignedValidIn(outputs[0], _signOutput(SIGNER_PK, outputs[0]), tree, 0, ANCHOR_TIME);
        _assertInvalid(outputs[1], tree, 1);
        _assertSignedInvalidIn(outputs[1], _signOutput(SIGNER_PK, outputs[1]), tree, 1, signer);
    }

    // ---- fuzz ----

    function testFuzz_verifySignedOutput_everyLeafOfATreeOfTwoToEight(uint256 seed, uint8 size) public {
        uint256 count = 2 + (size % 7);
        IOutputAnchor.Output[] memory outputs = _outputs(seed, count, ANCHOR_TIME);
        bytes32[] memory tree = _anchorOutputs(anchorer, outputs);
        for (uint256 i = 0; i < count; ++i) {
            _assertSignedValidIn(outputs[i], _signOutput(SIGNER_PK, outputs[i]), tree, i, ANCHOR_TIME);
            bytes memory highS = _toHighS(_signOutput(SIGNER_PK, outputs[i]));
            _assertSignedInvalidIn(outputs[i], highS, tree, i, address(0));
        }
    }

    function testFuzz_verifySignedOutput_signerMustBeValidAtClaimAndAnchor(
        uint32 authorizeAfter,
        uint32 claimAfter,
        uint32 anchorAfter,
        uint32 openFor
    ) public {
        uint256 validFrom = ANCHOR_TIME + (authorizeAfter % 30 days);
        uint256 claimedAt = ANCHOR_TIME + (claimAfter % 30 days);
        uint256 anchoredAt = ANCHOR_TIME + (anchorAfter % 30 days);
        uint256 validUntil = openFor % 4 == 0 ? NO_EXPIRY : validFrom + (openFor % 30 days);

        IOutputAnchor.Output[] memory outputs = _outputs(openFor, 2, ANCHOR_TIME);
        outputs[0].timestamp = uint64(claimedAt);
        bytes32[] memory tree = _tree(outputs);
        address lateSigner = VM.addr(LATE_SIGNER_PK);
        if (anchoredAt < validFrom) {
            VM.warp(anchoredAt);
            _anchor(publisher, tree[0], 2);
            VM.warp(validFrom);
            _authorize(publisher, LATE_SIGNER_PK, IModelRegistry.KeyRole.Signer);
        } else {
            VM.warp(validFrom);
            _authorize(publisher, LATE_SIGNER_PK, IModelRegistry.KeyRole.Signer);
            VM.warp(anchoredAt);
            _anchor(publisher, tree[0], 2);
        }
        if (validUntil != NO_EXPIRY) _revoke(lateSigner, validUntil);

        bool expected = claimedAt <= anchoredAt &&
            validFrom <= claimedAt && claimedAt < validUntil &&
            validFrom <= anchoredAt && anchoredAt < validUntil;
        bytes memory signature = _signOutput(LATE_SIGNER_PK, outputs[0]);
        if (expected) _assertSignedValidIn(outputs[0], signature, tree, 0, anchoredAt);
        else _assertSignedInvalidIn(outputs[0], signature, tree, 0, lateSigner);
    }

    function testFuzz_verifySignedOutput_neverRevertsOnGarbage(
        IOutputAnchor.Output calldata output,
        bytes calldata signature,
        bytes32 root,
        bytes32[] calldata proof
    ) public view {
        (bool valid, uint64 anchoredAt, ) = attest.verifySignedOutput(output, signature, root, proof);
        assertFalse(valid, "garbage verified");
        assertEq(anchoredAt, 0, "anchoredAt");
    }

    // ---- assertions ----

    function _assertSignedValid(
        IOutputAnchor.Output memory output,
        bytes memory signature,
        uint256 index,
        uint256 at
    ) private view {
        _assertSignedValidIn(output, signature, _batchTree, index, at);
    }

    function _assertSignedInvalid(
        IOutputAnchor.Output memory output,
        bytes memory signature,
        uint256 index,
        address expectedSigner
    ) private view {
        _assertSignedInvalidIn(output, signature, _batchTree, index, expectedSigner);
    }

    function _assertSignedValidIn(
        IOutputAnchor.Output memory output,
        bytes memory signature,
        bytes32[] memory tree,
        uint256 index,
        uint256 at
    ) private view {
        (bool valid, uint64 anchoredAt, address recovered) = attest.verifySignedOutput(
            output,
            signature,
            tree[0],
            MerkleTreeBuilder.proof(tree, index)
        );
        assertTrue(valid, "verifySignedOutput valid");
        assertEq(anchoredAt, at, "verifySignedOutput anchoredAt");
        assertTrue(attest.isValidSigner(publisher, recovered, output.timestamp), "signer reported");
    }

    function _assertSignedInvalidIn(
        IOutputAnchor.Output memory output,
        bytes memory signature,
        bytes32[] memory tree,
        uint256 index,
        address expectedSigner
    ) private view {
        (bool valid, uint64 anchoredAt, address recovered) = attest.verifySignedOutput(
            output,
            signature,
            tree[0],
            MerkleTreeBuilder.proof(tree, index)
        );
        assertFalse(valid, "verifySignedOutput valid");
        assertEq(anchoredAt, 0, "verifySignedOutput anchoredAt of an invalid output");
        assertEq(recovered, expectedSigner, "verifySignedOutput signer");
    }
}
