import { type Hex, hexToBytes } from "viem";
import { aiAttestVersions } from "../abi/aiAttestBytecode.js";

const shipped = aiAttestVersions.map(({ runtimeCode, immutableRanges }) => ({ code: hexToBytes(runtimeCode), immutableRanges }));

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
  return shipped.some(({ code: expected, immutableRanges }) => {
    if (actual.length !== expected.length) return false;
    let next = 0;
    for (let i = 0; i < expected.length; i++) {
      const range = immutableRanges[next];
      if (range && i >= range[0]) {
        if (i < range[0] + range[1]) continue;
        next++;
      }
      if (actual[i] !== expected[i]) return false;
    }
    return true;
  });
}
