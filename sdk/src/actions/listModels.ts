import type { Address, BlockNumber, BlockTag, Client, Hash } from "viem";
import { getContractEvents } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { ChainReadError } from "../errors/ChainReadError.js";

export type ListModelsParameters = {
  contract: Address;
  publisher: Address;
  /** First block to search; use the contract's deployment block on long chains. Default 0n. */
  fromBlock?: BlockNumber | BlockTag | undefined;
  /** Last block to search. Default "latest". */
  toBlock?: BlockNumber | BlockTag | undefined;
};

/** A model as it was registered (the `ModelRegistered` event); read `getModel` for its current metadata and retirement. */
export type ListedModel = {
  modelId: Hash;
  publisher: Address;
  name: string;
  version: string;
  weightsDigest: Hash;
  metadataURI: string;
  parentModelId: Hash;
  blockNumber: bigint;
  txHash: Hash;
};

export type ListModelsReturnType = ListedModel[];

export type ListModelsErrorType = ChainReadError;

/**
 * The models a publisher registered, in registration order, from the contract's `ModelRegistered` logs
 * filtered by the indexed publisher topic.
 *
 * @throws {ChainReadError} when the RPC fails (some RPCs also refuse log ranges that are too wide: narrow `fromBlock`).
 * @example
 * const models = await listModels(publicClient, { contract, publisher, fromBlock: deploymentBlock })
 */
export async function listModels(
  client: Client,
  { contract, publisher, fromBlock = 0n, toBlock = "latest" }: ListModelsParameters,
): Promise<ListModelsReturnType> {
  try {
    const logs = await getContractEvents(client, {
      address: contract,
      abi: aiAttestAbi,
      eventName: "ModelRegistered",
      args: { publisher },
      fromBlock,
      toBlock,
      strict: true,
    });
    // a pending log has no block yet: it is not a registration until mined
    return logs.flatMap(({ args, blockNumber, transactionHash }) =>
      blockNumber === null || transactionHash === null ? [] : [{ ...args, blockNumber, txHash: transactionHash }],
    );
  } catch (error) {
    throw new ChainReadError({ action: "listModels", cause: error });
  }
}
