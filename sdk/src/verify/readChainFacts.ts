import type { Address, Block, Client, Hex, TransactionReceipt } from "viem";
import { getBlock, getChainId, getCode } from "viem/actions";
import { findTransactionReceipt } from "../actions/findTransactionReceipt.js";
import { getBatch, type GetBatchReturnType } from "../actions/getBatch.js";
import { getKey, type GetKeyReturnType } from "../actions/getKey.js";
import { getModel, type GetModelReturnType } from "../actions/getModel.js";
import { readAttest } from "../actions/readAttest.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import type { Output } from "../types/Output.js";

/** The chain's answers one verification needs, each read at most once and pinned to one block. */
export type ChainFacts = {
  chainId(): Promise<number>;
  /** The head when verification started (or the block it was pinned to): every contract read is made at this block. */
  head(): Promise<Block<bigint, false, "latest">>;
  code(address: Address): Promise<Hex | undefined>;
  model(): Promise<GetModelReturnType>;
  signerKey(): Promise<GetKeyReturnType>;
  batch(): Promise<GetBatchReturnType>;
  isValidAnchorer(anchorer: Address, time: bigint): Promise<boolean>;
  /** The anchoring transaction's receipt (null when the chain has none). */
  receipt(): Promise<TransactionReceipt | null>;
  /** The block that holds the anchoring transaction. */
  receiptBlock(receipt: TransactionReceipt): Promise<Block<bigint, false>>;
  /** The contract's own `verifySignedOutput` verdict. */
  onchainValid(): Promise<boolean>;
  /** Starts the reads every anchored bundle needs, at once (after the chain check passed). */
  prefetch(): void;
};

/**
 * The reads of one online verification, lazily and once each. Reads are pinned to the head block read first
 * (or to `blockNumber`, when several RPCs must answer for one block), so the verdict describes one consistent
 * state of the chain.
 *
 * @example
 * const chain = readChainFacts({ client, bundle, output })
 * if ((await chain.chainId()) !== bundle.chainId) ...
 */
export function readChainFacts({ client, bundle, output, blockNumber }: { client: Client; bundle: ProofBundle; output: Output; blockNumber?: bigint | undefined }): ChainFacts {
  const { contract, publisher, anchor } = bundle;
  const head = once(() => guard("eth_getBlockByNumber", () => (blockNumber === undefined ? getBlock(client, { blockTag: "latest" }) : (getBlock(client, { blockNumber }) as Promise<Block<bigint, false, "latest">>))));
  const at = async () => (await head()).number;
  const codes = new Map<Address, Promise<Hex | undefined>>();
  const facts: ChainFacts = {
    chainId: once(() => guard("eth_chainId", () => getChainId(client))),
    head,
    code: (address) => {
      if (!codes.has(address)) codes.set(address, at().then((blockNumber) => guard("eth_getCode", () => getCode(client, { address, blockNumber }))));
      return codes.get(address)!;
    },
    model: once(async () => getModel(client, { contract, modelId: output.modelId, blockNumber: await at() })),
    signerKey: once(async () => getKey(client, { contract, key: bundle.signer, blockNumber: await at() })),
    batch: once(async () => (anchor ? getBatch(client, { contract, publisher, root: anchor.root, blockNumber: await at() }) : null)),
    isValidAnchorer: async (anchorer, time) => {
      const read = await readAttest(client, { contract, functionName: "isValidAnchorer", args: [publisher, anchorer, time], blockNumber: await at() });
      return read.ok && read.value;
    },
    receipt: once(async () => (anchor ? findTransactionReceipt(client, { hash: anchor.txHash }) : null)),
    receiptBlock: (receipt) => guard("eth_getBlockByHash", () => getBlock(client, { blockHash: receipt.blockHash })),
    onchainValid: once(async () => {
      if (!anchor) return false;
      const read = await readAttest(client, {
        contract,
        functionName: "verifySignedOutput",
        args: [output, bundle.signature, anchor.root, anchor.proof],
        blockNumber: await at(),
      });
      return read.ok && read.value[0];
    }),
    prefetch: () => {
      // started together to save round trips; a failure surfaces when the check that needs it awaits it
      for (const read of [facts.model, facts.signerKey, facts.batch, facts.receipt, facts.onchainValid]) read().catch(() => undefined);
    },
  };
  return facts;
}

function once<value>(read: () => Promise<value>): () => Promise<value> {
  let promise: Promise<value> | undefined;
  return () => (promise ??= read());
}

async function guard<value>(action: string, read: () => Promise<value>): Promise<value> {
  try {
    return await read();
  } catch (error) {
    throw new ChainReadError({ action, cause: error });
  }
}
