import type { Address, Client, Hash } from "viem";
import type { ChainReadError } from "../errors/ChainReadError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { readAttest } from "./readAttest.js";

export type GetModelParameters = { contract: Address; modelId: Hash; blockNumber?: bigint | undefined };

export type GetModelReturnType = {
  modelId: Hash;
  publisher: Address;
  registeredAt: bigint;
  /** 0n while active. */
  retiredAt: bigint;
  weightsDigest: Hash;
  parentModelId: Hash;
  name: string;
  version: string;
  metadataURI: string;
} | null;

/** What `getModel` can throw: an unreachable RPC, or (a bug) a view that reverted. */
export type GetModelErrorType = ChainReadError | InvariantError;

/**
 * Reads a registered model, or null when no model has that id.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const model = await getModel(publicClient, { contract, modelId })
 */
export async function getModel(client: Client, { contract, modelId, blockNumber }: GetModelParameters): Promise<GetModelReturnType> {
  const read = await readAttest(client, { contract, functionName: "getModel", args: [modelId], blockNumber });
  if (read.ok) return { modelId, ...read.value };
  if (read.errorName === "ModelRegistryUnknownModel") return null;
  throw new InvariantError(`getModel reverted with ${read.errorName}`);
}
