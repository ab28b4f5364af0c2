// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {AIAttestFixture} from "./AIAttestFixture.sol";
import {VM} from "./Vm.sol";

/// @dev revokeKey, getKey, isValidSigner, isValidAnchorer: half-open windows that only ever shrink.
contract KeyWindowsTest is AIAttestFixture {
    IModelRegistry.KeyRole private constant SIGNER = IModelRegistry.KeyRole.Signer;
    IModelRegistry.KeyRole private constant ANCHORER = IModelRegistry.KeyRole.Anchorer;

    /// @dev Both keys of `publisher` open at START; the clock then moves to NOW.
    uint256 private constant NOW = START + 30 days;

    function setUp() public override {
        super.setUp();
        _authorize(publisher, SIGNER_PK, SIGNER);
        _authorize(publisher, ANCHORER_PK, ANCHORER);
        VM.warp(NOW);
    }

    // ---- revokeKey ----

    function test_revokeKey_closesTheWindowNow() public {
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.KeyRevoked(publisher, signer, SIGNER, uint64(NOW));
        _revoke(signer, NOW);
        _assertKey(signer, publisher, SIGNER, START, NOW);
        assertTrue(attest.isValidSigner(publisher, signer, uint64(NOW - 1)), "valid before");
        assertFalse(attest.isValidSigner(publisher, signer, uint64(NOW)), "invalid from effectiveAt");
    }

    function test_revokeKey_canCloseTheWindowInThePast() public {
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.KeyRevoked(publisher, anchorer, ANCHORER, uint64(START + 1 days));
        _revoke(anchorer, START + 1 days);
        _assertKey(anchorer, publisher, ANCHORER, START, START + 1 days);
        assertTrue(attest.isValidAnchorer(publisher, anchorer, uint64(START + 1 days - 1)), "before compromise");
        assertFalse(attest.isValidAnchorer(publisher, anchorer, uint64(START + 1 days)), "after compromise");
    }

    function test_revokeKey_canCloseTheWindowAtValidFrom() public {
        _revoke(signer, START);
        _assertKey(signer, publisher, SIGNER, START, START);
        assertFalse(attest.isValidSigner(publisher, signer, uint64(START)), "empty window");
    }

    function test_revokeKey_canScheduleAFutureClose() public {
        _revoke(signer, NOW + 7 days);
        assertTrue(attest.isValidSigner(publisher, signer, uint64(NOW + 7 days - 1)), "until then");
        assertFalse(attest.isValidSigner(publisher, signer, uint64(NOW + 7 days)), "from then");
    }

    function test_revokeKey_canShrinkAClosedWindowFurther() public {
        _revoke(signer, NOW);
        _revoke(signer, START + 1);
        _assertKey(signer, publisher, SIGNER, START, START + 1);
    }

    function test_revokeKey_revertsBeforeValidFrom() public {
        _expectInvalidRevocation(signer, START - 1, START, NO_EXPIRY);
        _revoke(signer, START - 1);
    }

    function test_revokeKey_revertsWhenItWouldNotShrinkTheWindow() public {
        _revoke(signer, NOW);
        _expectInvalidRevocation(signer, NOW, START, NOW);
        _revoke(signer, NOW);
    }

    function test_revokeKey_revertsWhenItWouldWidenTheWindow() public {
        _revoke(signer, NOW);
        _expectInvalidRevocation(signer, NOW + 1, START, NOW);
        _revoke(signer, NOW + 1);
    }

    function test_revokeKey_revertsAtOrBeyondNoExpiry() public {
        _expectInvalidRevocation(signer, NO_EXPIRY, START, NO_EXPIRY);
        _revoke(signer, NO_EXPIRY);
        _expectInvalidRevocation(signer, type(uint64).max, START, NO_EXPIRY);
        _revoke(signer, type(uint64).max);
        _revoke(signer, NO_EXPIRY - 1);
        _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY - 1);
    }

    function test_revokeKey_revertsOnAnUnknownKey() public {
        _expectNotPublisherKey(publisher, stranger);
        _revoke(stranger, NOW);
    }

    function test_revokeKey_revertsOnAnotherPublishersKey() public {
        _registerModel(otherPublisher, "llama");
        _expectNotPublisherKey(otherPublisher, signer);
        VM.prank(otherPublisher);
        attest.revokeKey(signer, uint64(NOW));
    }

    function test_revokeKey_revertsOnThePublisherItself() public {
        _expectNotPublisherKey(publisher, publisher);
        _revoke(publisher, NOW);
    }

    function test_revokeKey_revertsWhenAKeyRevokesItself() public {
        _expectNotPublisherKey(signer, signer);
        VM.prank(signer);
        attest.revokeKey(signer, uint64(NOW));
    }

    function testFuzz_revokeKey_acceptsExactlyTheTimesInsideTheWindow(uint64 effectiveAt) public {
        if (effectiveAt < START || effectiveAt >= NO_EXPIRY) {
            _expectInvalidRevocation(signer, effectiveAt, START, NO_EXPIRY);
            _revoke(signer, effectiveAt);
            _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY);
        } else {
            VM.expectEmit(true, true, true, true, address(attest));
            emit IModelRegistry.KeyRevoked(publisher, signer, SIGNER, effectiveAt);
            _revoke(signer, effectiveAt);
            _assertKey(signer, publisher, SIGNER, START, effectiveAt);
        }
    }

    function testFuzz_revokeKey_windowsOnlyShrink(uint64 first, uint64 second) public {
        first = uint64(START + (first % (NO_EXPIRY - START)));
        _revoke(anchorer, first);
        if (second < START || second >= first) {
            _expectInvalidRevocation(anchorer, second, START, first);
            _revoke(anchorer, second);
            _assertKey(anchorer, publisher, ANCHORER, START, first);
        } else {
            _revoke(anchorer, second);
            _assertKey(anchorer, publisher, ANCHORER, START, second);
        }
    }

    // ---- isValidSigner / isValidAnchorer / getKey ----

    function testFuzz_isValidSigner_isTheHalfOpenWindow(uint64 effectiveAt, uint64 time) public {
        effectiveAt = uint64(START + (effectiveAt % (NO_EXPIRY - START)));
        _revoke(signer, effectiveAt);
        bool inside = START <= time && time < effectiveAt;
        assertEq(_toUint(attest.isValidSigner(publisher, signer, time)), _toUint(inside), "signer window");
        assertFalse(attest.isValidSigner(otherPublisher, signer, time), "not another publisher's signer");
        assertFalse(attest.isValidAnchorer(publisher, signer, time), "a signer is no anchorer");
    }

    function testFuzz_isValidAnchorer_isTheHalfOpenWindow(uint64 effectiveAt, uint64 time) public {
        effectiveAt = uint64(START + (effectiveAt % (NO_EXPIRY - START)));
        _revoke(anchorer, effectiveAt);
        bool inside = START <= time && time < effectiveAt;
        assertEq(_toUint(attest.isValidAnchorer(publisher, anchorer, time)), _toUint(inside), "anchorer window");
        assertFalse(attest.isValidAnchorer(otherPublisher, anchorer, time), "not another publisher's anchorer");
        assertFalse(attest.isValidSigner(publisher, anchorer, time), "an anchorer is no signer");
    }

    function testFuzz_isValidAnchorer_thePublisherAlwaysAnchorsForItself(uint64 time) public view {
        assertTrue(attest.isValidAnchorer(publisher, publisher, time), "publisher anchors for itself");
        assertFalse(attest.isValidSigner(publisher, publisher, time), "a publisher is no signer");
        assertFalse(attest.isValidAnchorer(stranger, stranger, time), "an unknown account is no publisher");
        assertFalse(attest.isValidAnchorer(signer, signer, time), "a key is no publisher");
        assertFalse(attest.isValidAnchorer(otherPublisher, publisher, time), "not another publisher's anchorer");
    }

    function test_getKey_isZeroForAnUnknownAccount() public view {
        _assertKey(stranger, address(0), IModelRegistry.KeyRole.None, 0, 0);
        assertFalse(attest.isValidSigner(address(0), stranger, uint64(NOW)), "unknown signer of nobody");
        assertFalse(attest.isValidAnchorer(address(0), stranger, uint64(NOW)), "unknown anchorer of nobody");
        assertFalse(attest.isValidAnchorer(address(0), address(0), uint64(NOW)), "zero address");
    }

    // ---- helpers ----

    function _revoke(address key, uint256 effectiveAt) private {
        VM.prank(publisher);
        attest.revokeKey(key, uint64(effectiveAt));
    }

    function _expectInvalidRevocation(address key, uint256 effectiveAt, uint256 from, uint256 until) private {
        VM.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.ModelRegistryInvalidRevocation.selector,
                key,
                uint64(effectiveAt),
                uint64(from),
                uint64(until)
            )
        );
    }

    function _expectNotPublisherKey(address caller, address key) private {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryNotPublisherKey.selector, caller, key));
    }

    function _toUint(bool value) private pure returns (uint256) {
        return value ? 1 : 0;
    }
}
