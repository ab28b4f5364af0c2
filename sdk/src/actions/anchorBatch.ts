import type { Address, Hash } from "viem";
import { getBlock } from "viem/actions";
import type { ChainReadError } from "../errors/ChainReadError.js";
import type { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { readChain } from "./internal/readChain.js";
import { requireEvent } from "./internal/requireEvent.js";
import { writeAttest } from "./writeAttest.js";

export type AnchorBatchParameters = {
  contract: Address;
  /** The batch's Merkle root. */
  root: Hash;
  /** How many outputs the batch holds (uint32). */
  count: number;
  /** Where the batch manifest is published. */
  uri: string;
  /** Blocks the anchor must have before this resolves (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

export type AnchorBatchReturnType = {
  root: Hash;
  count: number;
  uri: string;
  /** The publisher the batch was anchored for. */
  publisher: Address;
  /** The sending key (the publisher itself, or one of its anchorer keys). */
  anchorer: Address;
  txHash: Hash;
  blockNumber: bigint;
  /** The block time of the anchor: the trusted "no later than" time of every output in the batch. */
  anchoredAt: bigint;
};

export type AnchorBatchErrorType = AttestTransactionError | ChainReadError;

/**
 * Anchors a batch root for the client's publisher (`anchor(root, count, uri)`), waits for it, and returns
 * where and when it landed. Check `getBatch` first when resuming: a root is anchored at most once per publisher.
 *
 * @throws {AttestTransactionError} on a revert, e.g. `OutputAnchorRootExists(publisher, root)` or `OutputAnchorUnauthorizedAnchorer(account)`.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const { anchoredAt, blockNumber } = await anchorBatch(anchorerWallet, { contract, root, count: leaves.length, uri: manifestUri, confirmations: 2 })
 */
export async function anchorBatch(
  client: AttestWalletClient,
  { contract, root, count, uri, confirmations }: AnchorBatchParameters,
): Promise<AnchorBatchReturnType> {
  const action = "anchor";
  const { txHash, receipt, events } = await writeAttest(client, { contract, functionName: action, args: [root, count, uri], confirmations });
  const { args } = requireEvent({ action, contract, txHash, events, eventName: "BatchAnchored" });
  const anchoredAt = await readChain("getBlock", async () => (await getBlock(client, { blockHash: receipt.blockHash })).timestamp);
  return {
    root: args.root,
    count: args.count,
    uri: args.uri,
    publisher: args.publisher,
    anchorer: args.anchorer,
    txHash,
    blockNumber: receipt.blockNumber,
    anchoredAt,
  };
}
