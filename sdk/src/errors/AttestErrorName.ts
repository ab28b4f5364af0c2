import type { ContractErrorName } from "viem";
import type { aiAttestAbi } from "../abi/aiAttestAbi.js";

/** A custom error the AIAttest contract can revert with, by name (from the generated ABI). */
export type AttestErrorName = ContractErrorName<typeof aiAttestAbi>;
