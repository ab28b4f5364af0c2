import type { Address, BlockNumber, Client, Hash } from "viem";
import { getContractEvents } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import type { KeyRole } from "../types/KeyRole.js";
import { getKey } from "./getKey.js";
import { findDeploymentBlock } from "./internal/findDeploymentBlock.js";
import { getLogsInRanges } from "./internal/getLogsInRanges.js";

export type ListKeysParameters = {
  contract: Address;
  publisher: Address;
  /** First block to search. Default: the contract's deployment block (found by a binary search of its code), or 0. */
  fromBlock?: BlockNumber | undefined;
  /** The most blocks one `eth_getLogs` call spans (halved when the RPC refuses a range). Default 10,000. */
  logRange?: number | undefined;
};

/** A key a publisher authorized, with its window as the registry holds it now (`validUntil` lowered by a revocation). */
export type ListedKey = {
  key: Address;
  role: Exclude<KeyRole, "none" | "publisher">;
  /** Unix seconds; the window is `[validFrom, validUntil)`. */
  validFrom: bigint;
  /** The contract's KEY_NO_EXPIRY (2^40 - 1) while the key is not revoked. */
  validUntil: bigint;
  /** Where it was authorized. */
  blockNumber: bigint;
  txHash: Hash;
};

export type ListKeysReturnType = ListedKey[];

export type ListKeysErrorType = ChainReadError;

/**
 * The signer and anchorer keys a publisher authorized, in authorization order: found from the contract's
 * `KeyAuthorized` logs filtered by the indexed publisher topic (in ranges from the deployment block, never one
 * query from genesis), then each key's current window read with `getKey`, so a revocation shows.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const keys = await listKeys(publicClient, { contract, publisher })
 */
export async function listKeys(client: Client, { contract, publisher, fromBlock, logRange = 10_000 }: ListKeysParameters): Promise<ListKeysReturnType> {
  try {
    const logs = await getLogsInRanges(client, {
      fromBlock: fromBlock ?? (await findDeploymentBlock(client, contract)),
      range: logRange,
      query: (from, to) => getContractEvents(client, { address: contract, abi: aiAttestAbi, eventName: "KeyAuthorized", args: { publisher }, fromBlock: from, toBlock: to, strict: true }),
    });
    const keys: ListedKey[] = [];
    const seen = new Set<Address>();
    for (const { args, blockNumber, transactionHash } of logs) {
      // a pending log has no block yet: not an authorization until mined
      if (blockNumber === null || transactionHash === null || seen.has(args.key)) continue;
      seen.add(args.key);
      const current = await getKey(client, { contract, key: args.key });
      if (current.publisher !== publisher || (current.role !== "signer" && current.role !== "anchorer")) continue;
      keys.push({ key: args.key, role: current.role, validFrom: current.validFrom, validUntil: current.validUntil, blockNumber, txHash: transactionHash });
    }
    return keys;
  } catch (error) {
    throw new ChainReadError({ action: "listKeys", cause: error });
  }
}
