// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Vm
 * @notice The Foundry-compatible cheatcodes our Solidity tests use, served by Hardhat 3's EDR at the standard
 * cheatcode address. forge-std is not available here, so they are declared by hand; `Cheatcodes.t.sol` checks
 * that each one behaves as declared.
 */
interface Vm {
    /// @notice One log captured by {recordLogs}.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Sets `msg.sender` of the next external call.
    function prank(address msgSender) external;

    /// @notice Sets `msg.sender` of every external call until {stopPrank}.
    function startPrank(address msgSender) external;

    /// @notice Ends {startPrank}.
    function stopPrank() external;

    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Expects the next external call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Expects the next call's next event to match the one emitted right after, on the checked parts.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;

    /// @notice Signs `digest` with `privateKey` (secp256k1; always low-s).
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice The address of `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Discards the current fuzz input unless `condition` holds.
    function assume(bool condition) external pure;

    /// @notice Starts capturing every emitted log.
    function recordLogs() external;

    /// @notice The logs captured since {recordLogs} or the previous call; clears them.
    function getRecordedLogs() external returns (Log[] memory logs);
}

/// @dev The standard cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
Vm constant VM = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
