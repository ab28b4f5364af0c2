// Reads, from a real chain, every fact an online verification of `bundle` needs (PROTOCOL §8, checks 8–17), in the
// portable form of docs/conformance/README.md: what another implementation's fake RPC must answer.
import { type Address, type Client, type Hash, type Hex, getAddress } from "viem";
import { getBlock, getChainId, getCode, getTransactionReceipt } from "viem/actions";
import { getBatch } from "../../sdk/src/actions/getBatch.js";
import { getKey } from "../../sdk/src/actions/getKey.js";
import { getModel } from "../../sdk/src/actions/getModel.js";
import { readAttest } from "../../sdk/src/actions/readAttest.js";
import type { ProofBundle } from "../../sdk/src/bundle/ProofBundle.js";
import { deterministicDeploymentProxy } from "../../sdk/src/deployment/deterministicDeploymentProxy.js";

export type ChainFixture = {
  chainId: number;
  head: { number: number; hash: Hash; timestamp: number };
  /** Runtime code by address; an address not listed has none. */
  code: Record<Address, Hex>;
  /** `getModel(modelId)`; an id not listed is unknown (the call reverts with ModelRegistryUnknownModel). */
  models: Record<Hash, { publisher: Address; registeredAt: number; retiredAt: number; weightsDigest: Hash; parentModelId: Hash; name: string; version: string; metadataURI: string }>;
  /** `getKey(address)`; an address not listed plays no part. Roles: 0 none, 1 publisher, 2 signer, 3 anchorer. */
  keys: Record<Address, { publisher: Address; role: number; validFrom: number; validUntil: number }>;
  /** `getBatch(publisher, root)`; a pair not listed was never anchored. */
  batches: { publisher: Address; root: Hash; anchorer: Address; anchoredAt: number; count: number }[];
  /** `isValidAnchorer(publisher, anchorer, time)` answers, for the queries a verification makes. */
  anchorerValidity: { publisher: Address; anchorer: Address; time: number; valid: boolean }[];
  /** Receipts by transaction hash; a hash not listed has none. */
  receipts: Record<Hash, { status: "success" | "reverted"; blockNumber: number; blockHash: Hash; logs: { address: Address; topics: Hash[]; data: Hex }[] }>;
  /** Blocks by hash (those holding a listed receipt). */
  blocks: Record<Hash, { number: number; timestamp: number }>;
  /** The contract's own `verifySignedOutput(output, signature, root, proof)` answer for the bundle, at the head. */
  verifySignedOutput: { valid: boolean; anchoredAt: number; signer: Address } | null;
};

/** The facts of `client`'s chain at its head that the online checks of `bundle` read. */
export async function captureChainFixture(client: Client, bundle: ProofBundle): Promise<ChainFixture> {
  const head = await getBlock(client, { blockTag: "latest" });
  const blockNumber = head.number;
  const { contract, anchor } = bundle;
  const fixture: ChainFixture = {
    chainId: await getChainId(client),
    head: { number: Number(head.number), hash: head.hash, timestamp: Number(head.timestamp) },
    code: {},
    models: {},
    keys: {},
    batches: [],
    anchorerValidity: [],
    receipts: {},
    blocks: {},
    verifySignedOutput: null,
  };
  for (const address of [deterministicDeploymentProxy.address, contract]) {
    const code = await getCode(client, { address, blockNumber });
    if (code && code !== "0x") fixture.code[address] = code;
  }
  const model = await getModel(client, { contract, modelId: bundle.output.modelId, blockNumber }).catch(() => null);
  if (model) {
    const { modelId, registeredAt, retiredAt, ...rest } = model;
    fixture.models[modelId] = { ...rest, registeredAt: Number(registeredAt), retiredAt: Number(retiredAt) };
  }
  const key = await getKey(client, { contract, key: bundle.signer, blockNumber }).catch(() => null);
  if (key && key.role !== "none") {
    fixture.keys[bundle.signer] = { publisher: key.publisher, role: ["none", "publisher", "signer", "anchorer"].indexOf(key.role), validFrom: Number(key.validFrom), validUntil: Number(key.validUntil) };
  }
  if (!anchor) return fixture;
  const batch = await getBatch(client, { contract, publisher: bundle.publisher, root: anchor.root, blockNumber }).catch(() => null);
  if (batch) {
    fixture.batches.push({ publisher: batch.publisher, root: batch.root, anchorer: batch.anchorer, anchoredAt: Number(batch.anchoredAt), count: batch.count });
    const valid = await readAttest(client, { contract, functionName: "isValidAnchorer", args: [bundle.publisher, batch.anchorer, batch.anchoredAt], blockNumber }).catch(() => null);
    fixture.anchorerValidity.push({ publisher: bundle.publisher, anchorer: batch.anchorer, time: Number(batch.anchoredAt), valid: valid?.ok === true && valid.value });
  }
  const receipt = await getTransactionReceipt(client, { hash: anchor.txHash }).catch(() => null);
  if (receipt) {
    fixture.receipts[anchor.txHash] = {
      status: receipt.status,
      blockNumber: Number(receipt.blockNumber),
      blockHash: receipt.blockHash,
      logs: receipt.logs.map((log) => ({ address: getAddress(log.address), topics: log.topics as Hash[], data: log.data })),
    };
    const block = await getBlock(client, { blockHash: receipt.blockHash });
    fixture.blocks[receipt.blockHash] = { number: Number(block.number), timestamp: Number(block.timestamp) };
  }
  const verdict = await readAttest(client, {
    contract,
    functionName: "verifySignedOutput",
    args: [{ ...bundle.output, timestamp: BigInt(bundle.output.timestamp) }, bundle.signature, anchor.root, anchor.proof],
    blockNumber,
  }).catch(() => null);
  if (verdict?.ok) fixture.verifySignedOutput = { valid: verdict.value[0], anchoredAt: Number(verdict.value[1]), signer: verdict.value[2] };
  return fixture;
}
