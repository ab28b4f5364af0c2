// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AIAttestFixture} from "./AIAttestFixture.sol";

/// @dev The EIP-712 domain and type hashes every signature depends on, pinned to the spec's strings.
contract Eip712DomainTest is AIAttestFixture {
    function test_eip712Domain_isNameVersionChainIdAndThisContract() public view {
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        ) = attest.eip712Domain();
        assertEq(uint256(uint8(fields)), 0x0f, "fields: name, version, chainId, verifyingContract");
        assertEq(name, "aiattest", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chainId");
        assertEq(verifyingContract, address(attest), "verifyingContract");
        assertEq(salt, bytes32(0), "salt");
        assertEq(extensions.length, 0, "extensions");
        assertEq(attest.DOMAIN_NAME(), "aiattest", "DOMAIN_NAME");
        assertEq(attest.DOMAIN_VERSION(), "1", "DOMAIN_VERSION");
    }

    function test_keyAuthorizationTypehash_isTheSpecType() public view {
        assertEq(attest.KEY_AUTHORIZATION_TYPEHASH(), KEY_AUTHORIZATION_TYPEHASH, "KEY_AUTHORIZATION_TYPEHASH");
    }

    function test_nonces_startAtZero() public view {
        assertEq(attest.nonces(signer), 0, "nonce of a fresh key");
    }
}
