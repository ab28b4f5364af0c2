import type { Address, Hash } from "viem";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

export type RetireModelParameters = { contract: Address; modelId: Hash; confirmations?: number | undefined };

export type RetireModelReturnType = {
  modelId: Hash;
  /** The block time of the retirement: outputs claimed at or after it are invalid. */
  retiredAt: bigint;
  txHash: Hash;
  blockNumber: bigint;
};

export type RetireModelErrorType = AttestTransactionError | ChainReadError;

/**
 * Retires one of the client's models as of the block it is mined in: outputs claimed at or after that time
 * no longer verify.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `ModelRegistryModelRetired(modelId, retiredAt)`.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const { retiredAt } = await retireModel(publisherWallet, { contract, modelId })
 */
export async function retireModel(
  client: AttestWalletClient,
  { contract, modelId, confirmations }: RetireModelParameters,
): Promise<RetireModelReturnType> {
  const action = "retireModel";
  const { txHash, receipt, events } = await writeAttest(client, { contract, functionName: action, args: [modelId], confirmations });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "ModelRetired" });
  return { modelId: args.modelId, retiredAt: args.retiredAt, txHash, blockNumber: receipt.blockNumber };
}
