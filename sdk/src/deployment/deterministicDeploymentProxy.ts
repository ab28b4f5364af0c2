import type { Address, Hex } from "viem";

/**
 * The deterministic deployment proxy (Arachnid's CREATE2 factory), present at the same address on most EVM
 * chains. It takes `salt ‖ creationCode` as calldata and deploys with CREATE2, so a contract's address is a pure
 * function of its creation code: `keccak256(0xff ‖ proxy ‖ salt ‖ keccak256(creationCode))[12:]`.
 *
 * It was installed on every chain by one presigned pre-EIP-155 transaction whose signature nobody holds a key
 * for (r = s = 0x22…22): only that transaction can put code at `address`, and only this code.
 */
export const deterministicDeploymentProxy = {
  /** Where the proxy lives on every chain that has it. */
  address: "0x4e59b44847b379578588920cA78FbF26c0B4956C",
  /** Its runtime code (69 bytes): anything else at `address` is not the proxy. */
  runtimeCode:
    "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3",
  /** The one-time account that signed the installing transaction (recovered from its fixed signature). */
  signer: "0x3fab184622dc19b6109349b94811493bf2a45362",
  /** What the signer must hold for the installing transaction: 100,000 gas at 100 gwei. */
  funding: 10_000_000_000_000_000n,
  /** The installing transaction, pre-EIP-155 (valid on every chain id), nonce 0. */
  installTransaction:
    "0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222",
} as const satisfies { address: Address; runtimeCode: Hex; signer: Address; funding: bigint; installTransaction: Hex };
