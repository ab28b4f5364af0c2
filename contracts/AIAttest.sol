// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {OutputAnchor} from "./OutputAnchor.sol";

/**
 * @title AIAttest
 * @notice The deployed aiattest contract: the model registry, the output anchor and on-chain verification at
 * one immutable address, which is also the EIP-712 `verifyingContract` of every signed output.
 * @dev No proxy and no admin: nobody can change the rules under an anchored proof.
 */
contract AIAttest is OutputAnchor {
    /// @notice The EIP-712 domain name of every signed output.
    string public constant DOMAIN_NAME = "aiattest";

    /// @notice The EIP-712 domain version; bumped with any change to the signed types.
    string public constant DOMAIN_VERSION = "1";

    constructor() EIP712(DOMAIN_NAME, DOMAIN_VERSION) {}
}
