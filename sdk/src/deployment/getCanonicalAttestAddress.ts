import { type Address, type Hash, type Hex, getContractAddress, keccak256, zeroHash } from "viem";
import { aiAttestBytecode } from "../abi/aiAttestBytecode.js";
import { deterministicDeploymentProxy } from "./deterministicDeploymentProxy.js";

/** The CREATE2 salt of every canonical AIAttest deployment: 32 zero bytes. */
export const canonicalAttestSalt: Hash = zeroHash;

/**
 * The canonical address of an AIAttest creation code: where the deterministic deployment proxy deploys it with
 * {@link canonicalAttestSalt}, the same on every chain. `create2(proxy, salt, keccak256(creationCode))`.
 *
 * Identity by derivation: the only way to put code at this address is to have the proxy run exactly this
 * creation code, so whatever storage the contract there holds was written by AIAttest's own functions. A
 * contract at any other address proves nothing by looking like AIAttest (its constructor may have written
 * any storage and emitted any event).
 *
 * @example
 * getCanonicalAttestAddress() // the address of the version this SDK ships
 */
export function getCanonicalAttestAddress({ bytecode = aiAttestBytecode }: { bytecode?: Hex | undefined } = {}): Address {
  return getContractAddress({ opcode: "CREATE2", from: deterministicDeploymentProxy.address, salt: canonicalAttestSalt, bytecodeHash: keccak256(bytecode) });
}
