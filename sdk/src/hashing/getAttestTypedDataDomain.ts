import type { TypedDataDomain } from "viem";
import type { AttestDomain } from "../types/AttestDomain.js";
import { attestDomainName, attestDomainVersion } from "./outputTypes.js";

/**
 * The full EIP-712 domain of an AIAttest deployment: `{ name: "aiattest", version: "1", chainId,
 * verifyingContract }`. Binding chain and contract is what stops a signature being replayed elsewhere.
 *
 * @example
 * const domain = getAttestTypedDataDomain({ chainId: 1, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" })
 */
export function getAttestTypedDataDomain({ chainId, contract }: AttestDomain) {
  return {
    name: attestDomainName,
    version: attestDomainVersion,
    chainId,
    verifyingContract: contract,
  } as const satisfies TypedDataDomain;
}
