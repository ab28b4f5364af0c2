// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AIAttest} from "../AIAttest.sol";
import {AIAttestHandler} from "./AIAttestHandler.sol";
import {Assertions} from "./Assertions.sol";
import {VM} from "./Vm.sol";

/// @dev EDR's invariant fuzzer only knows the ABIs of contracts defined in `*.t.sol` files ("No contracts to
/// fuzz" otherwise), so the handler is targeted through this subclass.
contract InvariantHandler is AIAttestHandler {
    constructor(AIAttest attest_) AIAttestHandler(attest_) {}
}

/**
 * @dev Random sequences of authorize / revoke / anchor / retire / warp across two publishers and seven other
 * accounts. After every step: no unauthorized account anchored, no stored batch changed unless its anchor was
 * void (its anchorer revoked back to or before it), no window grew, no revoked key was authorized again, and every call succeeded or reverted exactly as the ghost model predicted.
 * Run twice: as a seeded fuzz sequence, and as a real invariant test with the handler as target.
 */
contract InvariantsTest is Assertions {
    uint256 private constant START = 1_700_000_000;
    uint256 private constant STEPS = 60;

    AIAttest private _attest;
    InvariantHandler private _handler;

    function setUp() public {
        VM.warp(START);
        _attest = new AIAttest();
        _handler = new InvariantHandler(_attest);
    }

    /// @dev The invariant fuzzer calls only the handler's steps.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 50
    function invariant_contractMatchesTheGhostModel() public view {
        _handler.assertInvariants();
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_randomSequence_keepsEveryInvariant(uint256 seed) public {
        for (uint256 i = 0; i < STEPS; ++i) {
            _step(uint256(keccak256(abi.encode(seed, i))));
            _handler.assertInvariants();
        }
    }

    function test_randomSequence_reachesEveryOutcome() public {
        for (uint256 i = 0; i < 400; ++i) {
            _step(uint256(keccak256(abi.encode("outcomes", i))));
            _handler.assertInvariants();
        }
        AIAttestHandler.Outcomes memory outcomes = _handler.outcomes();
        assertTrue(outcomes.authorizations > 0, "some keys authorized");
        assertTrue(outcomes.rejectedAuthorizations > 0, "some authorizations rejected");
        assertTrue(outcomes.rejectedReauthorizations > 0, "some revoked keys refused again");
        assertTrue(outcomes.revocations > 0, "some keys revoked");
        assertTrue(outcomes.rejectedRevocations > 0, "some revocations rejected");
        assertTrue(outcomes.anchors > 0, "some batches anchored");
        assertTrue(outcomes.reanchors > 0, "some void batches anchored again");
        assertTrue(outcomes.rejectedAnchors > 0, "some anchors rejected");
        assertTrue(outcomes.retirements > 0, "some models retired");
        assertEq(_handler.batchCount(), outcomes.anchors - outcomes.reanchors, "every anchored batch is tracked");
    }

    /// @dev One step chosen by `entropy`; anchoring and authorizing are drawn more often than the rest.
    function _step(uint256 entropy) private {
        uint256 op = entropy % 10;
        uint256 a = uint256(keccak256(abi.encode(entropy, "a")));
        uint256 b = uint256(keccak256(abi.encode(entropy, "b")));
        if (op < 3) _handler.authorizeKey(a, b, entropy & 0x100 != 0, uint8(entropy >> 16));
        else if (op < 5) _handler.revokeKey(a, b, uint256(keccak256(abi.encode(entropy, "c"))));
        else if (op < 8) _handler.anchor(a, b, uint8(entropy >> 24));
        else if (op < 9) _handler.retireModel(a, b);
        else _handler.warp(uint32(a));
    }
}
