import { type Address, type Client, ContractFunctionRevertedError, type ContractFunctionName, type ContractFunctionArgs, type ContractFunctionReturnType } from "viem";
import { readContract } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { ChainReadError } from "../errors/ChainReadError.js";

type ViewName = ContractFunctionName<typeof aiAttestAbi, "view" | "pure">;

export type ReadAttestParameters<name extends ViewName> = {
  contract: Address;
  functionName: name;
  args: ContractFunctionArgs<typeof aiAttestAbi, "view" | "pure", name>;
  /** Read at this block, so that every read of one verification sees the same state. */
  blockNumber?: bigint | undefined;
};

export type ReadAttestReturnType<name extends ViewName> =
  | { ok: true; value: ContractFunctionReturnType<typeof aiAttestAbi, "view" | "pure", name> }
  | { ok: false; errorName: string; args: readonly unknown[] };

/**
 * Calls a view of the AIAttest contract. A revert decoded against our ABI is returned as a value (the
 * contract's custom error name and arguments); anything else is a transport failure.
 *
 * @throws {ChainReadError} when the RPC fails or is unreachable.
 * @example
 * const read = await readAttest(client, { contract, functionName: "getBatch", args: [publisher, root] })
 */
export async function readAttest<name extends ViewName>(
  client: Client,
  { contract, functionName, args, blockNumber }: ReadAttestParameters<name>,
): Promise<ReadAttestReturnType<name>> {
  try {
    const value = await readContract(client, {
      address: contract,
      abi: aiAttestAbi,
      functionName,
      args,
      blockNumber,
    } as Parameters<typeof readContract>[1]);
    return { ok: true, value: value as ContractFunctionReturnType<typeof aiAttestAbi, "view" | "pure", name> };
  } catch (error) {
    const revert = error instanceof Error && "walk" in error && typeof error.walk === "function"
      ? (error.walk((cause: unknown) => cause instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null)
      : null;
    if (revert?.data?.errorName) return { ok: false, errorName: revert.data.errorName, args: revert.data.args ?? [] };
    throw new ChainReadError({ action: functionName, cause: error });
  }
}
