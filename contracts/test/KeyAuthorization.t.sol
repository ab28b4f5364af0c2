// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {AIAttestFixture} from "./AIAttestFixture.sol";
import {ERC1271WalletMock} from "./ERC1271WalletMock.sol";
import {VM} from "./Vm.sol";

/// @dev authorizeKey: consent signatures, roles, one part per address forever.
contract KeyAuthorizationTest is AIAttestFixture {
    IModelRegistry.KeyRole private constant SIGNER = IModelRegistry.KeyRole.Signer;
    IModelRegistry.KeyRole private constant ANCHORER = IModelRegistry.KeyRole.Anchorer;

    function test_authorizeKey_opensAnEndlessWindowFromNow() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START + 1 hours);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.PublisherRegistered(publisher);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.KeyAuthorized(publisher, signer, SIGNER, uint64(START));
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START + 1 hours, signature);

        _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY);
        _assertKey(publisher, publisher, IModelRegistry.KeyRole.Publisher, START, NO_EXPIRY);
        assertEq(attest.KEY_NO_EXPIRY(), NO_EXPIRY, "KEY_NO_EXPIRY");
        assertEq(attest.nonces(signer), 1, "consent nonce used");
        assertTrue(attest.isValidSigner(publisher, signer, uint64(START)), "valid from now");
        assertFalse(attest.isValidSigner(publisher, signer, uint64(START - 1)), "not valid before");
        assertTrue(attest.isValidSigner(publisher, signer, NO_EXPIRY - 1), "valid until the end");
        assertFalse(attest.isValidSigner(publisher, signer, NO_EXPIRY), "window is half-open");
    }

    function test_authorizeKey_anchorerRole() public {
        VM.warp(START + 10);
        _authorize(publisher, ANCHORER_PK, ANCHORER);
        _assertKey(anchorer, publisher, ANCHORER, START + 10, NO_EXPIRY);
        assertTrue(attest.isValidAnchorer(publisher, anchorer, uint64(START + 10)), "valid anchorer");
        assertFalse(attest.isValidSigner(publisher, anchorer, uint64(START + 10)), "an anchorer is no signer");
    }

    function test_authorizeKey_acceptsADeadlineEqualToNow() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
        _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY);
    }

    function test_authorizeKey_acceptsAnERC1271Key() public {
        ERC1271WalletMock wallet = new ERC1271WalletMock(stranger);
        bytes32 digest = _keyAuthorizationDigest(publisher, address(wallet), ANCHORER, 0, START);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.KeyAuthorized(publisher, address(wallet), ANCHORER, uint64(START));
        VM.prank(publisher);
        attest.authorizeKey(address(wallet), ANCHORER, START, _sign(STRANGER_PK, digest));
        _assertKey(address(wallet), publisher, ANCHORER, START, NO_EXPIRY);
        assertTrue(attest.isValidAnchorer(publisher, address(wallet), uint64(START)), "a valid anchorer");
    }

    function test_authorizeKey_revertsWhenAnERC1271KeyRefuses() public {
        ERC1271WalletMock wallet = new ERC1271WalletMock(stranger);
        bytes32 digest = _keyAuthorizationDigest(publisher, address(wallet), ANCHORER, 0, START);
        _expectInvalidSignature(address(wallet));
        VM.prank(publisher);
        attest.authorizeKey(address(wallet), ANCHORER, START, _sign(SIGNER_PK, digest));
    }

    // ---- invalid key or role ----

    function test_authorizeKey_revertsOnZeroKey() public {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryInvalidKey.selector, address(0), SIGNER));
        VM.prank(publisher);
        attest.authorizeKey(address(0), SIGNER, START, "");
    }

    function test_authorizeKey_revertsOnRoleNone() public {
        IModelRegistry.KeyRole role = IModelRegistry.KeyRole.None;
        bytes memory signature = _consent(SIGNER_PK, publisher, role, START);
        _expectInvalidKey(signer, role);
        VM.prank(publisher);
        attest.authorizeKey(signer, role, START, signature);
    }

    function test_authorizeKey_revertsOnRolePublisher() public {
        IModelRegistry.KeyRole role = IModelRegistry.KeyRole.Publisher;
        bytes memory signature = _consent(SIGNER_PK, publisher, role, START);
        _expectInvalidKey(signer, role);
        VM.prank(publisher);
        attest.authorizeKey(signer, role, START, signature);
    }

    function test_authorizeKey_revertsOnARoleOutsideTheEnum() public {
        VM.prank(publisher);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returnData) = address(attest).call(
            abi.encodeWithSelector(attest.authorizeKey.selector, signer, uint8(4), START, "")
        );
        assertFalse(ok, "call succeeded");
        assertEq(returnData.length, 0, "ABI decoding reverts without data");
        _assertKey(signer, address(0), IModelRegistry.KeyRole.None, 0, 0);
    }

    // ---- deadline ----

    function test_authorizeKey_revertsAfterTheDeadline() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START - 1);
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryExpiredKeySignature.selector, START - 1));
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START - 1, signature);
    }

    // ---- accounts in use ----

    function test_authorizeKey_revertsWhenTheCallerIsAKey() public {
        _authorize(publisher, SIGNER_PK, SIGNER);
        bytes memory signature = _consent(ANCHORER_PK, signer, ANCHORER, START);
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(signer);
        attest.authorizeKey(anchorer, ANCHORER, START, signature);
    }

    function test_authorizeKey_revertsOnAKeyOfTheSamePublisher() public {
        _authorize(publisher, SIGNER_PK, SIGNER);
        bytes memory signature = _consent(SIGNER_PK, publisher, ANCHORER, START);
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(publisher);
        attest.authorizeKey(signer, ANCHORER, START, signature);
    }

    function test_authorizeKey_revertsOnAKeyOfAnotherPublisher() public {
        _authorize(publisher, SIGNER_PK, SIGNER);
        bytes memory signature = _consent(SIGNER_PK, otherPublisher, SIGNER, START);
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(otherPublisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
    }

    function test_authorizeKey_revertsOnARevokedKey() public {
        _authorize(publisher, SIGNER_PK, SIGNER);
        VM.prank(publisher);
        attest.revokeKey(signer, uint64(START));
        VM.warp(START + 1 days);
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START + 1 days);
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START + 1 days, signature);
        _assertKey(signer, publisher, SIGNER, START, START);
    }

    function test_authorizeKey_revertsOnAnotherPublisher() public {
        _registerModel(otherPublisher, "llama");
        bytes memory signature = _consent(OTHER_PUBLISHER_PK, publisher, SIGNER, START);
        _expectAccountInUse(otherPublisher, otherPublisher, IModelRegistry.KeyRole.Publisher);
        VM.prank(publisher);
        attest.authorizeKey(otherPublisher, SIGNER, START, signature);
    }

    function test_authorizeKey_revertsOnTheCallerItself() public {
        bytes memory signature = _consent(PUBLISHER_PK, publisher, SIGNER, START);
        _expectAccountInUse(publisher, publisher, IModelRegistry.KeyRole.Publisher);
        VM.prank(publisher);
        attest.authorizeKey(publisher, SIGNER, START, signature);
    }

    // ---- consent signature ----

    function test_authorizeKey_revertsOnASignatureByAnotherAccount() public {
        bytes32 digest = _keyAuthorizationDigest(publisher, signer, SIGNER, 0, START);
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, _sign(STRANGER_PK, digest));
        // the failed call left nothing behind
        _assertKey(publisher, address(0), IModelRegistry.KeyRole.None, 0, 0);
        assertEq(attest.nonces(signer), 0, "nonce");
    }

    function test_authorizeKey_revertsWhenAFrontRunnerReusesTheConsent() public {
        // the key consented to serve `publisher`; `stranger` copies the signature from the mempool
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START);
        _expectInvalidSignature(signer);
        VM.prank(stranger);
        attest.authorizeKey(signer, SIGNER, START, signature);
        // the consent still serves the publisher it was given to
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.KeyAuthorized(publisher, signer, SIGNER, uint64(START));
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
        _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY);
    }

    function test_authorizeKey_revertsWithoutTheKeysConsentAndLeavesTheKeyFree() public {
        // another publisher tries to bind the lab's key first, with no signature and with one of its own making
        bytes32 forged = _keyAuthorizationDigest(otherPublisher, signer, SIGNER, 0, START);
        _expectInvalidSignature(signer);
        VM.prank(otherPublisher);
        attest.authorizeKey(signer, SIGNER, START, "");
        _expectInvalidSignature(signer);
        VM.prank(otherPublisher);
        attest.authorizeKey(signer, SIGNER, START, _sign(OTHER_PUBLISHER_PK, forged));
        _authorize(publisher, SIGNER_PK, SIGNER);
        _assertKey(signer, publisher, SIGNER, START, NO_EXPIRY);
    }

    function test_authorizeKey_revertsWhenAConsentIsUsedTwice() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
        assertEq(attest.nonces(signer), 1, "nonce used");
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
        _expectAccountInUse(signer, publisher, SIGNER);
        VM.prank(otherPublisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
    }

    function test_authorizeKey_revertsOnConsentForAnotherRole() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, ANCHORER, START);
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, signature);
    }

    function test_authorizeKey_revertsOnConsentForAnotherDeadline() public {
        bytes memory signature = _consent(SIGNER_PK, publisher, SIGNER, START);
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START + 1, signature);
    }

    function test_authorizeKey_revertsOnConsentWithAnotherNonce() public {
        bytes32 digest = _keyAuthorizationDigest(publisher, signer, SIGNER, 1, START);
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, _sign(SIGNER_PK, digest));
    }

    function test_authorizeKey_revertsOnConsentForAnotherDeployment() public {
        bytes32 structHash = keccak256(abi.encode(KEY_AUTHORIZATION_TYPEHASH, publisher, signer, SIGNER, 0, START));
        bytes32 otherDomain = keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, keccak256("aiattest"), keccak256("1"), block.chainid, address(this))
        );
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", otherDomain, structHash));
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, _sign(SIGNER_PK, digest));
    }

    function test_authorizeKey_revertsOnConsentForAnotherChain() public {
        bytes32 structHash = keccak256(abi.encode(KEY_AUTHORIZATION_TYPEHASH, publisher, signer, SIGNER, 0, START));
        bytes32 otherDomain = keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, keccak256("aiattest"), keccak256("1"), block.chainid + 1, address(attest))
        );
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", otherDomain, structHash));
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, _sign(SIGNER_PK, digest));
    }

    function test_authorizeKey_revertsOnAHighSConsent() public {
        bytes memory highS = _toHighS(_consent(SIGNER_PK, publisher, SIGNER, START));
        (bytes32 r, bytes32 s, uint8 v) = _split(highS);
        bytes32 digest = _keyAuthorizationDigest(publisher, signer, SIGNER, 0, START);
        assertEq(ecrecover(digest, v, r, s), signer, "ecrecover accepts the malleated signature");
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, highS);
    }

    function test_authorizeKey_revertsOnAMalformedSignature() public {
        _expectInvalidSignature(signer);
        VM.prank(publisher);
        attest.authorizeKey(signer, SIGNER, START, hex"deadbeef");
    }

    // ---- fuzz ----

    function testFuzz_authorizeKey_anyKeyWithAnyDeadline(uint256 keySeed, bool asAnchorer, uint256 deadline) public {
        uint256 keyPk = _boundPrivateKey(keySeed);
        address key = VM.addr(keyPk);
        VM.assume(key != publisher);
        IModelRegistry.KeyRole role = asAnchorer ? ANCHORER : SIGNER;
        bytes memory signature = _consent(keyPk, publisher, role, deadline);
        if (deadline < START) {
            VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryExpiredKeySignature.selector, deadline));
        } else {
            VM.expectEmit(true, true, true, true, address(attest));
            emit IModelRegistry.KeyAuthorized(publisher, key, role, uint64(START));
        }
        VM.prank(publisher);
        attest.authorizeKey(key, role, deadline, signature);
        if (deadline >= START) {
            _assertKey(key, publisher, role, START, NO_EXPIRY);
        } else {
            _assertKey(key, address(0), IModelRegistry.KeyRole.None, 0, 0);
        }
    }

    function testFuzz_authorizeKey_rejectsConsentFromAnyOtherKey(uint256 keySeed, uint256 forgerSeed) public {
        uint256 keyPk = _boundPrivateKey(keySeed);
        uint256 forgerPk = _boundPrivateKey(forgerSeed);
        VM.assume(keyPk != forgerPk);
        address key = VM.addr(keyPk);
        VM.assume(key != publisher);
        bytes32 digest = _keyAuthorizationDigest(publisher, key, SIGNER, 0, START);
        _expectInvalidSignature(key);
        VM.prank(publisher);
        attest.authorizeKey(key, SIGNER, START, _sign(forgerPk, digest));
    }

    function testFuzz_authorizeKey_neverTwice(uint256 keySeed, uint256 laterBy, bool otherPublisherTries) public {
        uint256 keyPk = _boundPrivateKey(keySeed);
        address key = VM.addr(keyPk);
        VM.assume(key != publisher && key != otherPublisher);
        _authorize(publisher, keyPk, SIGNER);
        VM.warp(START + (laterBy % 3650 days));
        address second = otherPublisherTries ? otherPublisher : publisher;
        bytes memory signature = _consent(keyPk, second, ANCHORER, block.timestamp);
        _expectAccountInUse(key, publisher, SIGNER);
        VM.prank(second);
        attest.authorizeKey(key, ANCHORER, block.timestamp, signature);
    }

    // ---- expectations ----

    function _expectInvalidKey(address key, IModelRegistry.KeyRole role) private {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryInvalidKey.selector, key, role));
    }

    function _expectAccountInUse(address account, address owner, IModelRegistry.KeyRole role) private {
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryAccountInUse.selector, account, owner, role)
        );
    }

    function _expectInvalidSignature(address key) private {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryInvalidKeySignature.selector, key));
    }
}
