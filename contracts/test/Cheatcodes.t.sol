// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Assertions} from "./Assertions.sol";
import {CheatcodeProbe} from "./CheatcodeProbe.sol";
import {VM, Vm} from "./Vm.sol";

/// @dev Pins that Hardhat 3's EDR implements every cheatcode declared in `Vm.sol` as the other tests assume.
/// The negative side of expectRevert/expectEmit (a mismatched error argument or event field fails the test)
/// cannot be asserted from inside a passing test; it was checked by hand with deliberately wrong expectations.
contract CheatcodesTest is Assertions {
    event Pinged(address indexed caller, uint256 value);

    CheatcodeProbe private _probe;

    function setUp() public {
        _probe = new CheatcodeProbe();
    }

    function test_defaultBlockTimestampIsOne() public view {
        assertEq(block.timestamp, 1, "default block.timestamp");
    }

    function test_prankAppliesToTheNextCallOnly() public {
        VM.prank(address(0xBEEF));
        assertEq(_probe.caller(), address(0xBEEF), "pranked caller");
        assertEq(_probe.caller(), address(this), "caller after prank");
    }

    function test_startPrankAppliesUntilStopPrank() public {
        VM.startPrank(address(0xCAFE));
        assertEq(_probe.caller(), address(0xCAFE), "first pranked call");
        assertEq(_probe.caller(), address(0xCAFE), "second pranked call");
        VM.stopPrank();
        assertEq(_probe.caller(), address(this), "caller after stopPrank");
    }

    function test_warpSetsBlockTimestampForCallees() public {
        VM.warp(1_700_000_000);
        assertEq(block.timestamp, 1_700_000_000, "own block.timestamp");
        assertEq(_probe.time(), 1_700_000_000, "callee block.timestamp");
    }

    function test_expectRevertMatchesCustomErrorWithArguments() public {
        VM.expectRevert(abi.encodeWithSelector(CheatcodeProbe.CheatcodeProbeFailed.selector, 7));
        _probe.fail(7);
    }

    function test_expectEmitMatchesTopicsAndData() public {
        VM.expectEmit(true, true, true, true, address(_probe));
        emit Pinged(address(this), 5);
        _probe.ping(5);
    }

    function test_signAndAddrAgreeWithEcrecover() public pure {
        uint256 privateKey = 0xA11CE;
        bytes32 digest = keccak256("aiattest");
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(privateKey, digest);
        assertEq(ecrecover(digest, v, r, s), VM.addr(privateKey), "recovered signer");
        // EDR signs low-s, as the verification tests of high-s signatures assume
        assertTrue(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "low s");
    }

    function test_recordLogsCapturesEmittedEvents() public {
        VM.recordLogs();
        _probe.ping(9);
        Vm.Log[] memory logs = VM.getRecordedLogs();
        assertEq(logs.length, 1, "log count");
        assertEq(logs[0].emitter, address(_probe), "emitter");
        assertEq(logs[0].topics[0], Pinged.selector, "event topic");
        assertEq(abi.decode(logs[0].data, (uint256)), 9, "event data");
    }

    function testFuzz_assumeDiscardsRejectedInputs(uint256 x) public pure {
        VM.assume(x % 2 == 0);
        assertEq(x % 2, 0, "assumed parity");
    }
}
