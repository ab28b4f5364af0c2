import type { Address, Hash, Hex } from "viem";
import type { ContentEncoding } from "../types/ContentEncoding.js";

/** The deployment a store serves: every record in it is signed for, and anchored on, this one. */
export type StoreDeployment = { chainId: number; contract: Address; publisher: Address };

/** A model's name and version, kept so receipts can name the model without a chain read. */
export type StoredModel = { modelId: Hash; publisher: Address; name: string; version: string };

/** An output as the recorder persists it: everything a receipt needs, nothing of the text itself. */
export type NewRecord = {
  modelId: Hash;
  requestHash: Hash;
  responseHash: Hash;
  timestamp: bigint;
  encoding: ContentEncoding;
  responseSalt: Hash;
  requestSalt: Hash | null;
  signer: Address;
  signature: Hex;
  /** `keccak256(digest)`: the Merkle leaf, so anchoring never re-hashes. */
  leaf: Hash;
};

export type StoredRecord = NewRecord & {
  id: number;
  batchId: number | null;
  /** Index in the batch's tree order (the manifest's `leaves`), once batched. */
  leafIndex: number | null;
  proof: Hash[] | null;
  createdAt: number;
};

/**
 * A batch moves built → sent → anchored. `built`: membership, root, proofs and manifest are fixed and durable.
 * `sent`: a signed transaction (raw bytes and hash) is durable and may be on chain. `anchored`: confirmed.
 * A dropped or reorged transaction moves it back to `built`, with the same root.
 */
export type BatchStatus = "built" | "sent" | "anchored";

export type StoredBatch = {
  id: number;
  root: Hash;
  count: number;
  status: BatchStatus;
  manifestUri: string;
  txHash: Hash | null;
  rawTx: Hex | null;
  nonce: number | null;
  blockNumber: number | null;
  anchoredAt: number | null;
  anchorer: Address | null;
  createdAt: number;
};

export type CreateBatchParameters = {
  root: Hash;
  manifestUri: string;
  /** Record ids in input order, with their tree position and proof. */
  members: { recordId: number; leafIndex: number; proof: Uint8Array }[];
};

/**
 * Where the lab pipeline keeps its state. Every method is one durable transaction: when its promise resolves,
 * the change survives a crash (SQLite: WAL with synchronous=FULL; PostgreSQL: a committed transaction).
 */
export interface Store {
  /** Binds the store to one deployment on first use; afterwards refuses a different one. */
  bindDeployment(deployment: StoreDeployment): Promise<void>;
  getDeployment(): Promise<StoreDeployment | null>;

  putModel(model: StoredModel): Promise<void>;
  getModel(modelId: Hash): Promise<StoredModel | null>;

  /** Persists records in one transaction and returns their ids, in order. */
  insertRecords(records: readonly NewRecord[]): Promise<number[]>;
  getRecord(id: number): Promise<StoredRecord | null>;
  countPending(): Promise<number>;
  /** Records signed by `signer` that are not anchored yet (in no batch, or in a batch built or sent). */
  countUnanchored(parameters: { signer: Address }): Promise<number>;
  /** The oldest records not in any batch (id order), up to `limit`: ids and leaves as one flat buffer. */
  getPendingLeaves(limit: number): Promise<{ ids: number[]; leaves: Uint8Array }>;

  /** Atomically creates a `built` batch and assigns its members; fails if any member was already batched. */
  createBatch(parameters: CreateBatchParameters): Promise<StoredBatch>;
  /**
   * The oldest batch that is built or sent but not anchored, if any. A run builds one at a time; re-checks may
   * reopen several anchored ones (reorged out, or voided by a revocation), taken here in id order.
   */
  getOpenBatch(): Promise<StoredBatch | null>;
  getBatch(id: number): Promise<StoredBatch | null>;
  /** The members' leaves of a batch, in tree order. */
  getBatchLeaves(batchId: number): Promise<Uint8Array>;
  /** Stores the signed transaction, and adds its hash to the batch's transactions (see `getBatchTransactions`). */
  markBatchSent(parameters: { batchId: number; txHash: Hash; rawTx: Hex; nonce: number }): Promise<void>;
  /**
   * Every transaction hash ever marked sent for the batch, newest first, kept across reopens and re-signs: the
   * transactions this anchorer broadcast. An on-chain anchor of the batch's root made by any other is not ours.
   */
  getBatchTransactions(batchId: number): Promise<Hash[]>;
  markBatchAnchored(parameters: { batchId: number; txHash: Hash; blockNumber: number; anchoredAt: number; anchorer: Address }): Promise<void>;
  /** Back to `built` (same root and members) after a dropped or reorged transaction, or a voided anchor. */
  reopenBatch(batchId: number): Promise<void>;
  /** Anchored batches at or above `fromBlock`: the ones a reorg could still remove. */
  getAnchoredBatchesSince(fromBlock: number): Promise<StoredBatch[]>;

  /**
   * Takes the named lock for `owner` unless a live holder has it. A holder is dead when its lease expired, or
   * when it ran on this host and its process is gone (a killed run frees the lock at once).
   */
  acquireLock(parameters: { name: string; owner: string; leaseSeconds: number }): Promise<boolean>;
  releaseLock(parameters: { name: string; owner: string }): Promise<void>;

  close(): Promise<void>;
}
