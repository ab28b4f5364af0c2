// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title MerkleTreeBuilder
 * @notice Builds sorted-pair keccak Merkle trees in OpenZeppelin's array layout (`@openzeppelin/merkle-tree`
 * `makeMerkleTree`): node `i` hashes nodes `2i+1` and `2i+2`, the root is node 0 and leaf `j` sits at
 * `length - 1 - j`. Written without `MerkleProof` so the tests check the contract against an independent twin.
 */
library MerkleTreeBuilder {
    /// @notice A tree needs at least one leaf.
    error MerkleTreeBuilderEmpty();

    /// @notice `index` is not a leaf of a tree with `leafCount` leaves.
    error MerkleTreeBuilderLeafOutOfRange(uint256 index, uint256 leafCount);

    /// @notice Hashes a sorted pair, as `Hashes.commutativeKeccak256` does.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    /// @notice The whole tree over `leaves`, in array layout.
    function build(bytes32[] memory leaves) internal pure returns (bytes32[] memory tree) {
        uint256 leafCount = leaves.length;
        if (leafCount == 0) revert MerkleTreeBuilderEmpty();
        tree = new bytes32[](2 * leafCount - 1);
        for (uint256 j = 0; j < leafCount; ++j) {
            tree[tree.length - 1 - j] = leaves[j];
        }
        for (uint256 i = tree.length - leafCount; i > 0; --i) {
            tree[i - 1] = hashPair(tree[2 * i - 1], tree[2 * i]);
        }
    }

    /// @notice The sibling hashes from leaf `leafIndex` up to the root of `tree`.
    function proof(bytes32[] memory tree, uint256 leafIndex) internal pure returns (bytes32[] memory siblings) {
        uint256 leafCount = (tree.length + 1) / 2;
        if (leafIndex >= leafCount) revert MerkleTreeBuilderLeafOutOfRange(leafIndex, leafCount);
        uint256 start = tree.length - 1 - leafIndex;
        uint256 depth = 0;
        for (uint256 i = start; i > 0; i = (i - 1) / 2) ++depth;
        siblings = new bytes32[](depth);
        uint256 node = start;
        for (uint256 k = 0; k < depth; ++k) {
            siblings[k] = tree[node % 2 == 1 ? node + 1 : node - 1];
            node = (node - 1) / 2;
        }
    }

    /// @notice Folds `leaf` up through `siblings`, as `MerkleProof.processProof` does.
    function processProof(bytes32[] memory siblings, bytes32 leaf) internal pure returns (bytes32 node) {
        node = leaf;
        for (uint256 k = 0; k < siblings.length; ++k) node = hashPair(node, siblings[k]);
    }
}
