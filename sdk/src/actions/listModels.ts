import type { Address, BlockNumber, Client, Hash } from "viem";
import { getContractEvents } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { findDeploymentBlock } from "./internal/findDeploymentBlock.js";
import { getLogsInRanges } from "./internal/getLogsInRanges.js";

export type ListModelsParameters = {
  contract: Address;
  publisher: Address;
  /** First block to search. Default: the contract's deployment block (found by a binary search of its code), or 0. */
  fromBlock?: BlockNumber | undefined;
  /** Last block to search. Default: the head. */
  toBlock?: BlockNumber | undefined;
  /** The most blocks one `eth_getLogs` call spans (halved when the RPC refuses a range). Default 10,000. */
  logRange?: number | undefined;
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
 * filtered by the indexed publisher topic: read in ranges of at most `logRange` blocks from the deployment block,
 * never in one query from genesis, and halved when an RPC refuses a range as too large.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const models = await listModels(publicClient, { contract, publisher, fromBlock: deploymentBlock })
 */
export async function listModels(
  client: Client,
  { contract, publisher, fromBlock, toBlock, logRange = 10_000 }: ListModelsParameters,
): Promise<ListModelsReturnType> {
  try {
    const logs = await getLogsInRanges(client, {
      fromBlock: fromBlock ?? (await findDeploymentBlock(client, contract)),
      toBlock,
      range: logRange,
      query: (from, to) => getContractEvents(client, { address: contract, abi: aiAttestAbi, eventName: "ModelRegistered", args: { publisher }, fromBlock: from, toBlock: to, strict: true }),
    });
    // a pending log has no block yet: it is not a registration until mined
    return logs.flatMap(({ args, blockNumber, transactionHash }) =>
      blockNumber === null || transactionHash === null ? [] : [{ ...args, blockNumber, txHash: transactionHash }],
    );
  } catch (error) {
    throw new ChainReadError({ action: "listModels", cause: error });
  }
}
