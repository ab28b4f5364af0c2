import { type Hex, bytesToHex, hexToBytes } from "viem";
import { aiAttestFingerprints } from "../abi/aiAttestBytecode.js";
import { getMerkleHasher } from "../hashing/loadMerkleHasher.js";

/**
 * Whether `code` (what `eth_getCode` returns) is the runtime code of a shipped AIAttest version, byte for byte
 * except the EIP-712 immutables its constructor fills in. This is a second line of defence only: code says
 * nothing about how a contract's storage was written (a constructor may seed any state and then return a copy of
 * AIAttest's code), so identity comes from the address (`getCanonicalAttestAddress`) or explicit trust.
 *
 * @example
 * if (!isAttestRuntimeCode(await getCode(client, { address: contract }))) console.log("not AIAttest's code")
 */
export function isAttestRuntimeCode(code: Hex | undefined): boolean {
  if (!code || code === "0x") return false;
  const actual = hexToBytes(code);
  // byte for byte through keccak256 (equal hashes mean equal bytes), so a browser need not carry 11 KB of code
  return aiAttestFingerprints.some(({ runtimeCodeSize, immutableRanges, maskedRuntimeCodeHash }) => {
    if (actual.length !== runtimeCodeSize) return false;
    const masked = actual.slice();
    for (const [start, length] of immutableRanges) masked.fill(0, start, start + length);
    return bytesToHex(getMerkleHasher()(masked)) === maskedRuntimeCodeHash;
  });
}
