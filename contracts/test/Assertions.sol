// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Assertions
 * @notice Equality assertions for tests without forge-std. Each failure reverts with an error that carries what
 * was checked, the expected value and the actual value, so the test report shows them decoded.
 */
abstract contract Assertions {
    /// @notice `what` was `actual`, expected `expected`.
    error AssertionFailedUint(string what, uint256 expected, uint256 actual);

    /// @notice `what` was `actual`, expected `expected`.
    error AssertionFailedAddress(string what, address expected, address actual);

    /// @notice `what` was `actual`, expected `expected`.
    error AssertionFailedBytes32(string what, bytes32 expected, bytes32 actual);

    /// @notice `what` was `actual`, expected `expected`.
    error AssertionFailedString(string what, string expected, string actual);

    /// @notice `what` was `!expected`.
    error AssertionFailedBool(string what, bool expected);

    /// @notice `what` was `value`, which it must not be.
    error AssertionFailedNotEq(string what, bytes32 value);

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedUint(what, expected, actual);
    }

    function assertEq(address actual, address expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedAddress(what, expected, actual);
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedBytes32(what, expected, actual);
    }

    function assertEq(string memory actual, string memory expected, string memory what) internal pure {
        if (keccak256(bytes(actual)) != keccak256(bytes(expected))) {
            revert AssertionFailedString(what, expected, actual);
        }
    }

    function assertNotEq(bytes32 actual, bytes32 unexpected, string memory what) internal pure {
        if (actual == unexpected) revert AssertionFailedNotEq(what, actual);
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailedBool(what, true);
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert AssertionFailedBool(what, false);
    }
}
