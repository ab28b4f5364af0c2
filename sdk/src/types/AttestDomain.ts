import type { Address } from "viem";

/** Where an output is attested: the chain and the AIAttest contract (the EIP-712 `verifyingContract`). */
export type AttestDomain = {
  chainId: number;
  contract: Address;
};
