import type { Address } from "viem";
import { aiAttestFingerprints } from "../abi/aiAttestBytecode.js";

/**
 * The canonical address of every shipped AIAttest version: the same on every chain (see
 * `getCanonicalAttestAddress`). A verifier trusts these, and no other contract unless told to.
 */
export const canonicalAttestAddresses: readonly Address[] = aiAttestFingerprints.map((version) => version.canonicalAddress);
