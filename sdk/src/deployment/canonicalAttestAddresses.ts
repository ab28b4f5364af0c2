import type { Address } from "viem";
import { aiAttestVersions } from "../abi/aiAttestBytecode.js";

/**
 * The canonical address of every shipped AIAttest version: the same on every chain (see
 * `getCanonicalAttestAddress`). A verifier trusts these, and no other contract unless told to.
 */
export const canonicalAttestAddresses: readonly Address[] = aiAttestVersions.map((version) => version.canonicalAddress);
