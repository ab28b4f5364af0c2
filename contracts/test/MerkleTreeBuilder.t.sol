// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Assertions} from "./Assertions.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";

/// @dev The test helper itself: its trees are OpenZeppelin's layout and its proofs pass `MerkleProof`.
contract MerkleTreeBuilderTest is Assertions {
    function test_build_twoLeavesHashTheSortedPair() public pure {
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = bytes32(uint256(2));
        leaves[1] = bytes32(uint256(1));
        bytes32[] memory tree = MerkleTreeBuilder.build(leaves);
        assertEq(tree.length, 3, "node count");
        assertEq(tree[0], keccak256(abi.encodePacked(leaves[1], leaves[0])), "root hashes the sorted pair");
        assertEq(tree[2], leaves[0], "leaf 0 sits last");
        assertEq(tree[1], leaves[1], "leaf 1 sits before it");
    }

    function test_build_threeLeavesFollowOpenZeppelinsLayout() public pure {
        bytes32[] memory leaves = new bytes32[](3);
        for (uint256 i = 0; i < 3; ++i) leaves[i] = keccak256(abi.encode(i));
        bytes32[] memory tree = MerkleTreeBuilder.build(leaves);
        // [root, node(3, 4), leaf 2, leaf 1, leaf 0]
        bytes32 inner = MerkleTreeBuilder.hashPair(leaves[1], leaves[0]);
        assertEq(tree[1], inner, "inner node");
        assertEq(tree[0], MerkleTreeBuilder.hashPair(inner, leaves[2]), "root");
        assertEq(MerkleTreeBuilder.proof(tree, 2).length, 1, "leaf 2 sits one level below the root");
        assertEq(MerkleTreeBuilder.proof(tree, 0).length, 2, "leaf 0 sits two levels below");
    }

    function testFuzz_proof_passesOpenZeppelinsMerkleProof(uint256 seed, uint8 size) public pure {
        uint256 count = 1 + (size % 16);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) leaves[i] = keccak256(abi.encode(seed, i));
        bytes32[] memory tree = MerkleTreeBuilder.build(leaves);
        for (uint256 i = 0; i < count; ++i) {
            bytes32[] memory siblings = MerkleTreeBuilder.proof(tree, i);
            assertTrue(MerkleProof.verify(siblings, tree[0], leaves[i]), "MerkleProof.verify");
            assertEq(MerkleTreeBuilder.processProof(siblings, leaves[i]), tree[0], "processProof");
        }
    }
}
