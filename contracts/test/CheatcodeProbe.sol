// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title CheatcodeProbe
/// @notice A target for `Cheatcodes.t.sol`: reports the caller and time it sees, emits and reverts on demand.
contract CheatcodeProbe {
    /// @notice `caller` pinged with `value`.
    /// @param caller The caller.
    /// @param value The value.
    event Pinged(address indexed caller, uint256 value);

    /// @notice Always thrown by {fail}.
    /// @param value The value passed to {fail}.
    error CheatcodeProbeFailed(uint256 value);

    /// @notice Emits {Pinged}.
    /// @param value The value to emit.
    function ping(uint256 value) external {
        emit Pinged(msg.sender, value);
    }

    /// @notice Reverts with {CheatcodeProbeFailed}.
    /// @param value The value to revert with.
    function fail(uint256 value) external pure {
        revert CheatcodeProbeFailed(value);
    }

    /// @notice The caller as this contract sees it.
    /// @return The caller.
    function caller() external view returns (address) {
        return msg.sender;
    }

    /// @notice The block time as this contract sees it.
    /// @return The block time.
    function time() external view returns (uint256) {
        return block.timestamp;
    }
}
