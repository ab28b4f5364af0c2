import {
  type Address,
  type Client,
  type ContractFunctionName,
  type ContractFunctionArgs,
  type ContractFunctionReturnType,
  decodeFunctionResult,
  encodeFunctionData,
  getContractError,
  type Hex,
  numberToHex,
} from "viem";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import type { AttestErrorName } from "../errors/AttestErrorName.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { decodeAttestRevert } from "./internal/decodeAttestRevert.js";

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
  | { ok: false; errorName: AttestErrorName; args: readonly unknown[] };

export type ReadAttestErrorType = ChainReadError;

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
  const parameters = { abi: aiAttestAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0];
  const calldata = encodeFunctionData(parameters);
  try {
    // viem's readContract less its `call` machinery (multicall batching, CCIP-Read, deployless calls), which a view
    // of our own contract never needs and which doubled the browser verifier's size: the same eth_call, decoded alike
    const data = (await client.request({
      method: "eth_call",
      params: [
        { ...(client.account ? { from: client.account.address } : {}), data: calldata, to: contract },
        blockNumber === undefined ? (client.experimental_blockTag ?? "latest") : numberToHex(blockNumber),
      ],
    })) as Hex | null;
    const value = decodeFunctionResult({ ...parameters, data: data || "0x" } as Parameters<typeof decodeFunctionResult>[0]);
    return { ok: true, value: value as ContractFunctionReturnType<typeof aiAttestAbi, "view" | "pure", name> };
  } catch (caught) {
    const error = getContractError(caught as Error, { abi: aiAttestAbi, address: contract, args, functionName, docsPath: "/docs/contract/readContract" });
    const revert = decodeAttestRevert(error);
    if (revert?.errorName) return { ok: false, errorName: revert.errorName, args: revert.args };
    throw new ChainReadError({ action: functionName, cause: error });
  }
}
