import type { Address } from "viem";
import { canonicalAttestAddresses } from "../deployment/canonicalAttestAddresses.js";

export type CheckContractTrustParameters = {
  /** The contract a bundle or a manifest names. Untrusted. */
  contract: Address;
  /** When given, exactly these contracts are trusted; otherwise the canonical addresses of shipped versions. */
  trustedContracts: readonly Address[] | undefined;
};

/**
 * The trust root (PROTOCOL §6), shared by `verifyOutput` and `auditManifest` so both trust exactly the same
 * contracts: the canonical address of every shipped version, or, when the caller names trusted contracts, exactly
 * those. `what` names the document in the message ("bundle", "manifest").
 *
 * @example
 * const trust = checkContractTrust({ contract: manifest.contract, trustedContracts: undefined }, "manifest")
 * if (!trust.isTrusted) console.log(trust.message)
 */
export function checkContractTrust({ contract, trustedContracts }: CheckContractTrustParameters, what: string): { isTrusted: boolean; message: string } {
  if (trustedContracts !== undefined) {
    return trustedContracts.some((trusted) => trusted.toLowerCase() === contract.toLowerCase())
      ? { isTrusted: true, message: `${contract} is a contract you trust.` }
      : { isTrusted: false, message: `untrusted contract: the ${what} names ${contract}, which is not a contract you trust (${trustedContracts.join(", ") || "none"}).` };
  }
  return canonicalAttestAddresses.includes(contract)
    ? { isTrusted: true, message: `${contract} is the canonical AIAttest address (derived from its creation code).` }
    : {
        isTrusted: false,
        message: `untrusted contract: the ${what} names ${contract}, not the canonical AIAttest address (${canonicalAttestAddresses.join(", ")}). A contract elsewhere proves nothing by its code or its answers; if you deployed it yourself, trust it explicitly.`,
      };
}
