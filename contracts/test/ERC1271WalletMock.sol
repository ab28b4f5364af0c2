// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ERC1271WalletMock
/// @notice A contract account whose signatures are its owner's ECDSA signatures (ERC-1271).
contract ERC1271WalletMock is IERC1271 {
    /// @notice The EOA whose signatures this wallet accepts.
    address public immutable OWNER;

    /// @param owner_ The EOA whose signatures this wallet accepts.
    constructor(address owner_) {
        OWNER = owner_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        bool isOwner = error == ECDSA.RecoverError.NoError && recovered == OWNER;
        return isOwner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
