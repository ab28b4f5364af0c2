import {
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
  parseEventLogs,
} from "viem";
import { writeContract } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { toAttestWriteError } from "./internal/toAttestWriteError.js";
import { waitForAttestReceipt } from "./waitForAttestReceipt.js";

type WriteName = ContractFunctionName<typeof aiAttestAbi, "nonpayable" | "payable">;

/** An AIAttest event decoded from a receipt's logs. */
export type AttestEvent = ParseEventLogsReturnType<typeof aiAttestAbi, undefined, true>[number];

export type WriteAttestParameters<name extends WriteName> = {
  contract: Address;
  functionName: name;
  args: ContractFunctionArgs<typeof aiAttestAbi, "nonpayable" | "payable", name>;
  /** Blocks the transaction must have before this resolves (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

export type WriteAttestErrorType = AttestTransactionError | ChainReadError;

export type WriteAttestReturnType = { txHash: Hash; receipt: TransactionReceipt; events: AttestEvent[] };

/**
 * Sends a transaction to the AIAttest contract from the client's account, waits for its receipt and decodes
 * the events it emitted. Every write action is built on it.
 *
 * @throws {AttestTransactionError} when the contract reverts (decoded custom error) or the transaction fails.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const { events } = await writeAttest(wallet, { contract, functionName: "retireModel", args: [modelId] })
 */
export async function writeAttest<name extends WriteName>(
  client: AttestWalletClient,
  { contract, functionName, args, confirmations }: WriteAttestParameters<name>,
): Promise<WriteAttestReturnType> {
  let txHash: Hash;
  try {
    txHash = await writeContract(client, {
      address: contract,
      abi: aiAttestAbi,
      functionName,
      args,
      account: client.account,
      chain: client.chain ?? null,
    } as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw toAttestWriteError({ action: functionName, error });
  }
  const receipt = await waitForAttestReceipt(client, { action: functionName, txHash, confirmations });
  const events = parseEventLogs({ abi: aiAttestAbi, logs: receipt.logs, strict: true }).filter(
    (event) => event.address.toLowerCase() === contract.toLowerCase(),
  );
  return { txHash, receipt, events };
}
