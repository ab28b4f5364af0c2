// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOutputAnchor} from "../interfaces/IOutputAnchor.sol";
import {AIAttestFixture} from "./AIAttestFixture.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";
import {VM} from "./Vm.sol";

/**
 * @title BatchFixture
 * @notice {AIAttestFixture} with one model, a signer and an anchorer of `publisher` (all from START), and
 * helpers that make outputs, sign them, build their Merkle tree in Solidity and anchor its root.
 */
abstract contract BatchFixture is AIAttestFixture {
    /// @dev When the batches of a test are anchored, unless it says otherwise.
    uint256 internal constant ANCHOR_TIME = START + 1 days;

    bytes32 internal modelId;

    function setUp() public virtual override {
        super.setUp();
        modelId = _registerModel(publisher, "llama");
        _authorize(publisher, SIGNER_PK, IModelRegistry.KeyRole.Signer);
        _authorize(publisher, ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
    }

    /// @dev A pseudo-random output of `modelId` claimed at `timestamp`.
    function _output(uint256 seed, uint256 timestamp) internal view returns (IOutputAnchor.Output memory) {
        return
            IOutputAnchor.Output({
                modelId: modelId,
                requestHash: keccak256(abi.encode("request", seed)),
                responseHash: keccak256(abi.encode("response", seed)),
                timestamp: uint64(timestamp)
            });
    }

    /// @dev `count` distinct outputs, claimed at or before `latest` and after START.
    function _outputs(
        uint256 seed,
        uint256 count,
        uint256 latest
    ) internal view returns (IOutputAnchor.Output[] memory outputs) {
        outputs = new IOutputAnchor.Output[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 itemSeed = uint256(keccak256(abi.encode(seed, i)));
            outputs[i] = _output(itemSeed, latest - (itemSeed % (latest - START + 1)));
        }
    }

    function _tree(IOutputAnchor.Output[] memory outputs) internal view returns (bytes32[] memory) {
        bytes32[] memory leaves = new bytes32[](outputs.length);
        for (uint256 i = 0; i < outputs.length; ++i) leaves[i] = _outputLeaf(outputs[i]);
        return MerkleTreeBuilder.build(leaves);
    }

    /// @dev Builds the tree of `outputs`, anchors its root as `caller` at the current time, returns the tree.
    function _anchorOutputs(
        address caller,
        IOutputAnchor.Output[] memory outputs
    ) internal returns (bytes32[] memory tree) {
        tree = _tree(outputs);
        _anchor(caller, tree[0], uint32(outputs.length));
    }

    function _signOutput(
        uint256 privateKey,
        IOutputAnchor.Output memory output
    ) internal view returns (bytes memory) {
        return _sign(privateKey, _outputDigest(output));
    }

    function _verify(
        IOutputAnchor.Output memory output,
        bytes32[] memory tree,
        uint256 index
    ) internal view returns (bool valid, uint64 anchoredAt) {
        return attest.verifyOutput(output, tree[0], MerkleTreeBuilder.proof(tree, index));
    }

    function _assertValid(
        IOutputAnchor.Output memory output,
        bytes32[] memory tree,
        uint256 index,
        uint256 at
    ) internal view {
        (bool valid, uint64 anchoredAt) = _verify(output, tree, index);
        assertTrue(valid, "verifyOutput valid");
        assertEq(anchoredAt, at, "verifyOutput anchoredAt");
    }

    function _assertInvalid(
        IOutputAnchor.Output memory output,
        bytes32[] memory tree,
        uint256 index
    ) internal view {
        (bool valid, uint64 anchoredAt) = _verify(output, tree, index);
        assertFalse(valid, "verifyOutput valid");
        assertEq(anchoredAt, 0, "verifyOutput anchoredAt of an invalid output");
    }

    function _revoke(address key, uint256 effectiveAt) internal {
        VM.prank(publisher);
        attest.revokeKey(key, uint64(effectiveAt));
    }

    function _retire() internal {
        VM.prank(publisher);
        attest.retireModel(modelId);
    }
}
