import { type Hex, hexToBytes } from "viem";
import { aiAttestRuntimeCodes } from "../abi/aiAttestBytecode.js";

const shipped = aiAttestRuntimeCodes.map(({ code, immutableRanges }) => ({ code: hexToBytes(code), immutableRanges }));

/**
 * Whether `code` (what `eth_getCode` returns) is the runtime code of a shipped AIAttest version, byte for byte
 * except the EIP-712 immutables its constructor fills in. A contract that merely answers like AIAttest (same
 * name, same views) is not one: it could vouch for any publisher's keys and batches.
 *
 * @example
 * if (!isAttestRuntimeCode(await getCode(client, { address: contract }))) console.log("not an aiattest deployment")
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
