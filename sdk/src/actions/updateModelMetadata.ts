import type { Address, Hash } from "viem";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

export type UpdateModelMetadataParameters = {
  contract: Address;
  modelId: Hash;
  metadataURI: string;
  confirmations?: number | undefined;
};

export type UpdateModelMetadataReturnType = { modelId: Hash; metadataURI: string; txHash: Hash; blockNumber: bigint };

export type UpdateModelMetadataErrorType = AttestTransactionError | ChainReadError;

/**
 * Replaces the metadata (model card) URI of one of the client's models.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `ModelRegistryNotModelPublisher(modelId, account)`.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * await updateModelMetadata(publisherWallet, { contract, modelId, metadataURI: "https://lab.example/models/atlas-1.0.json" })
 */
export async function updateModelMetadata(
  client: AttestWalletClient,
  { contract, modelId, metadataURI, confirmations }: UpdateModelMetadataParameters,
): Promise<UpdateModelMetadataReturnType> {
  const action = "updateModelMetadata";
  const { txHash, receipt, events } = await writeAttest(client, { contract, functionName: action, args: [modelId, metadataURI], confirmations });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "ModelMetadataUpdated" });
  return { modelId: args.modelId, metadataURI: args.metadataURI, txHash, blockNumber: receipt.blockNumber };
}
