import { type Address, type Hash, zeroHash } from "viem";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

export type RegisterModelParameters = {
  contract: Address;
  name: string;
  version: string;
  /** Digest of the weights, in a format the publisher chooses. Default zero. */
  weightsDigest?: Hash | undefined;
  /** Model card or metadata URI. Default empty. */
  metadataURI?: string | undefined;
  /** A registered model this one derives from (lineage). Default zero: none. */
  parentModelId?: Hash | undefined;
  confirmations?: number | undefined;
};

export type RegisterModelReturnType = {
  modelId: Hash;
  publisher: Address;
  name: string;
  version: string;
  weightsDigest: Hash;
  metadataURI: string;
  parentModelId: Hash;
  /** True when this registration made the sender a publisher (its first model or key). */
  isNewPublisher: boolean;
  txHash: Hash;
  blockNumber: bigint;
};

export type RegisterModelErrorType = AttestTransactionError | ChainReadError;

/**
 * Registers a model under the client's account as publisher. Its id is `computeModelId({ publisher, name,
 * version })`, so it is known before the transaction is sent.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `ModelRegistryModelExists(modelId)` or `ModelRegistryEmptyField("name")`.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const { modelId } = await registerModel(publisherWallet, { contract, name: "atlas", version: "1.0", metadataURI: "ipfs://card" })
 */
export async function registerModel(
  client: AttestWalletClient,
  { contract, name, version, weightsDigest = zeroHash, metadataURI = "", parentModelId = zeroHash, confirmations }: RegisterModelParameters,
): Promise<RegisterModelReturnType> {
  const action = "registerModel";
  const { txHash, receipt, events } = await writeAttest(client, {
    contract,
    functionName: action,
    args: [name, version, weightsDigest, metadataURI, parentModelId],
    confirmations,
  });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "ModelRegistered" });
  return {
    modelId: args.modelId,
    publisher: args.publisher,
    name: args.name,
    version: args.version,
    weightsDigest: args.weightsDigest,
    metadataURI: args.metadataURI,
    parentModelId: args.parentModelId,
    isNewPublisher: events.some((event) => event.eventName === "PublisherRegistered"),
    txHash,
    blockNumber: receipt.blockNumber,
  };
}
