import type { Address, Hash, Hex } from "viem";
import type { SignedRecord } from "../bundle/signRecord.js";
import type { LookupCandidate, StoredLookupSecret } from "../lookup/LookupCandidate.js";
import type { KeyRole } from "../types/KeyRole.js";

/** The deployment a store serves: every record in it is signed for, and anchored on, this one. */
export type StoreDeployment = { chainId: number; contract: Address; publisher: Address };

/** A model's name and version, kept so receipts can name the model without a chain read. */
export type StoredModel = { modelId: Hash; publisher: Address; name: string; version: string };

/**
 * A key's facts as last read from the chain (`getKey`), and when (`readAt`, unix seconds of this machine): the
 * recorder signs from these while the chain cannot be read.
 */
export type CachedKeyFacts = { key: Address; publisher: Address; role: KeyRole; validFrom: bigint; validUntil: bigint; readAt: number };

/** A model's facts as last read from the chain: its name and version, its retirement (0n while active), and when. */
export type CachedModelFacts = StoredModel & { retiredAt: bigint; readAt: number };

/** A bearer token of the ingestion API (`aiattest token create`): only its SHA-256 is kept. */
export type IngestToken = { name: string; tokenHash: Hash; createdAt: number; revokedAt: number | null };

/**
 * An `Idempotency-Key` a client sent with a record: per token, and the SHA-256 of the request it came with (a
 * retry must send the same request to be given the first record).
 */
export type IdempotencyClaim = { tokenName: string; key: string; requestHash: Hash };

/** A record to insert, with the claim it is made under, if any. */
export type ClaimedRecord = { record: NewRecord; claim?: IdempotencyClaim | undefined };

/**
 * What inserting a claimed record did: `isNew`, it was inserted as `id`; otherwise its claim was stored already
 * (by an earlier request, or an earlier entry of the same call), for record `id` and request `requestHash`.
 */
export type ClaimedRecordOutcome = { id: number; isNew: true } | { id: number; isNew: false; requestHash: Hash };

/**
 * An output as the recorder persists it: everything a receipt needs, nothing of the text itself. With `lookup`,
 * its two lookup keys (`lookupKeysOf`) under the lookup secret `secretId` (`registerLookupSecret`) go into the
 * private provenance index in the record's own transaction; without, the record is "not indexed".
 */
export type NewRecord = SignedRecord & { lookup?: NewRecordLookup | undefined };

/** A record's keys in the provenance index: HMAC-SHA256 of its exact content bytes and of its normalized text. */
export type NewRecordLookup = { secretId: number; exact: Hash; normalized: Hash };

export type StoredRecord = NewRecord & {
  id: number;
  batchId: number | null;
  /** Index in the batch's tree order (the manifest's `leaves`), once batched. */
  leafIndex: number | null;
  /** The record's Merkle proof in its batch's tree, once batched: derived on read from the tree the batch keeps. */
  proof: Hash[] | null;
  createdAt: number;
};

/**
 * A batch moves built → sent → anchored. `built`: membership, root, tree and manifest are fixed and durable.
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
  /** The anchoring block's hash: a re-mined transaction lands in another block, even at the same number and time. */
  blockHash: Hash | null;
  anchoredAt: number | null;
  anchorer: Address | null;
  /** The block number when the current transaction was sent: a replacement is due some blocks after it. */
  sentAtBlock: number | null;
  /** What anchoring cost, once anchored: gas used and the fee paid in wei (gasUsed × effectiveGasPrice). */
  gasUsed: number | null;
  feeWei: bigint | null;
  /** The anchoring block is final (below the chain's `finalized` block, or a configured depth): never re-checked for reorgs. */
  final: boolean;
  createdAt: number;
};

export type CreateBatchParameters = {
  root: Hash;
  manifestUri: string;
  /**
   * The batch's whole tree, kept once: its nodes in OpenZeppelin's layout (`MerkleTree.nodes`, node 0 the root),
   * from which each member's proof is derived when read. It holds every leaf the anchor commits to, so it may
   * have more leaves than `members` (a restored batch whose store lacks some records).
   */
  tree: { nodes: Uint8Array; leafCount: number };
  /** Record ids with their leaf index in `tree`, in any order. */
  members: { recordId: number; leafIndex: number }[];
};

/**
 * A model retired on chain, and when (`retiredAt`: the time of the block that retired it): its outputs claimed at or
 * after that time never verify (`model-retired`), those claimed before it still do.
 */
export type RetiredModel = { modelId: Hash; retiredAt: bigint };

/** Pending records the anchorer leaves out of its batches: they stay pending, and are reported instead. */
export type PendingExclusions = {
  /** Records signed by these keys are left out: their window does not cover the anchor's time. */
  excludeSigners?: readonly Address[] | undefined;
  /** Records of these models claimed at or after the model's `retiredAt` are left out: they cannot verify. */
  excludeModels?: readonly RetiredModel[] | undefined;
};

/** What `getPendingLeaves` takes. */
export type GetPendingLeavesParameters = PendingExclusions & {
  limit: number;
  /** Records claimed after this time (unix seconds) are left out: they wait for a later run. */
  maxTimestamp: bigint;
};

/**
 * A mark of everything a store holds at one moment: any commit changes it, whoever makes it (this connection,
 * another one, another process, a restore). Two equal generations of one store mean nothing changed between the
 * reads that returned them; generations of two stores never compare equal. Opaque: compare with `===` only.
 */
export type StoreGeneration = string;

/** A named lock and its holder, as `acquireLock` takes them. */
export type StoreLock = { name: string; owner: string };

/** What `markBatchAnchored` records: the anchoring transaction and block read back from the chain, and its cost. */
export type MarkBatchAnchoredParameters = {
  batchId: number;
  txHash: Hash;
  blockNumber: number;
  blockHash: Hash;
  anchoredAt: number;
  anchorer: Address;
  gasUsed?: number | undefined;
  feeWei?: bigint | undefined;
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

  /** Keeps a key's facts as read from the chain, replacing what an earlier read kept. */
  putKeyFacts(facts: CachedKeyFacts): Promise<void>;
  /** The key's facts as last read from the chain, or null when they never were. */
  getKeyFacts(key: Address): Promise<CachedKeyFacts | null>;
  /**
   * Keeps a model's facts as read from the chain: stores the model (as `putModel`) if it is new, and replaces its
   * retirement and read time.
   */
  putModelFacts(facts: CachedModelFacts): Promise<void>;
  /** The model's facts as last read from the chain, or null when they never were (a model stored before they were kept). */
  getModelFacts(modelId: Hash): Promise<CachedModelFacts | null>;

  /** Persists records in one transaction and returns their ids, in order. */
  insertRecords(records: readonly NewRecord[]): Promise<number[]>;
  getRecord(id: number): Promise<StoredRecord | null>;
  /**
   * The store's current generation (see `StoreGeneration`), for a reader that keeps what it read: while the
   * generation is the one it read at, nothing it read has changed. Optional: a store that cannot tell as cheaply as
   * a re-read leaves it out (with it, `getRecordWithGeneration` too), and such readers re-read.
   */
  getGeneration?(): Promise<StoreGeneration>;
  /**
   * `getRecord`, and the generation it was read at, in one read: the record is at least as new as the generation
   * (never older), so what is kept under it goes stale only once the generation has moved on.
   */
  getRecordWithGeneration?(id: number): Promise<{ record: StoredRecord | null; generation: StoreGeneration }>;
  /**
   * `insertRecords` for records that may carry an idempotency claim, in one transaction: a claim is stored with its
   * record (never one without the other), and a record whose claim is already stored (same token and key) is not
   * inserted: its outcome names the record stored under it. Concurrent calls with one claim insert one record.
   */
  insertClaimedRecords(entries: readonly ClaimedRecord[]): Promise<ClaimedRecordOutcome[]>;
  /** The record stored under a token's idempotency key, and the hash of the request that made it; null when none is. */
  getClaimedRecord(parameters: { tokenName: string; key: string }): Promise<{ id: number; requestHash: Hash } | null>;

  /** Adds an ingestion token (its name and hash); refuses a name in use, even by a revoked token. */
  createToken(parameters: { name: string; tokenHash: Hash }): Promise<void>;
  /** Every ingestion token, revoked ones too, by name. */
  listTokens(): Promise<IngestToken[]>;
  /** Revokes a token by name; false when there is no such token or it was revoked already. */
  revokeToken(name: string): Promise<boolean>;
  /** Records in no batch; with `exclusions`, only those they do not leave out (what a later run can still batch). */
  countPending(exclusions?: PendingExclusions): Promise<number>;
  /** Records signed by `signer` that are not anchored yet (in no batch, or in a batch built or sent). */
  countUnanchored(parameters: { signer: Address }): Promise<number>;
  /**
   * Records signed by `signer` in batches anchored at or after `since` (unix seconds): what revoking the signer
   * back to `since` voids among the anchored ones (a signature verifies only while its key is valid at the anchor).
   */
  countAnchoredSince(parameters: { signer: Address; since: bigint }): Promise<number>;
  /** Records in no batch, counted per signer (the anchorer reports those whose key was revoked: they are void). */
  countPendingBySigner(): Promise<{ signer: Address; count: number }[]>;
  /**
   * The oldest records not in any batch (id order), up to `limit`, whose claimed time is at most `maxTimestamp`
   * (a record claimed after the chain's time would be anchored before its own time: it waits for a later run):
   * ids and leaves as one flat buffer.
   */
  getPendingLeaves(parameters: GetPendingLeavesParameters): Promise<{ ids: number[]; leaves: Uint8Array }>;
  /** Pending records (in no batch) signed by one of `signers`, in id order, up to `limit`: the ids a report names. */
  listPendingIdsBySigners(parameters: { signers: readonly Address[]; limit: number }): Promise<number[]>;
  /** Records in no batch, counted per model, by model id (the anchorer reads each one's retirement from the chain). */
  countPendingByModel(): Promise<{ modelId: Hash; count: number }[]>;
  /** Records in no batch of `model` claimed at or after its `retiredAt`: void, never batched (`excludeModels`). */
  countPendingRetired(model: RetiredModel): Promise<number>;
  /** Pending records of one of `models` claimed at or after its `retiredAt`, in id order, up to `limit`: the ids a report names. */
  listPendingRetiredIds(parameters: { models: readonly RetiredModel[]; limit: number }): Promise<number[]>;
  /** A batch's members counted per signer: the anchorer checks each signer's window against the anchor's time. */
  countBatchMembersBySigner(batchId: number): Promise<{ signer: Address; count: number }[]>;
  /**
   * Takes the members signed by one of `signers` out of the batch, in any status, and returns their ids: pending
   * again. The root, the tree and `count` stay (the tree keeps every leaf the anchor commits to): their signer's
   * window does not cover the anchor's time, so the anchor cannot make them verify, and they are reported as void
   * instead of being shown as anchored.
   */
  detachBatchMembers(parameters: { batchId: number; signers: readonly Address[] }): Promise<number[]>;
  /** A batch's members counted per model, by model id: the anchorer reads each model's retirement before and after anchoring. */
  countBatchMembersByModel(batchId: number): Promise<{ modelId: Hash; count: number }[]>;
  /**
   * Takes the members of one of `models` claimed at or after its `retiredAt` out of the batch, in any status, and
   * returns their ids: pending again, as `detachBatchMembers` does (root, tree and `count` stay). Their model was
   * retired before they were claimed, so no anchor can make them verify.
   */
  detachRetiredBatchMembers(parameters: { batchId: number; models: readonly RetiredModel[] }): Promise<number[]>;

  /** Every pending record's id by its leaf (a restore matches them against anchored manifests). */
  getPendingIdsByLeaf(): Promise<Map<Hash, number>>;

  /**
   * Atomically creates a `built` batch, keeps its tree and assigns its members; fails if any member was already
   * batched, or if the tree's root is not `root` or a member's leaf is not the tree's leaf at its index (a proof
   * derived from it would not verify). When it resolves, the tree is as durable as the batch.
   */
  createBatch(parameters: CreateBatchParameters): Promise<StoredBatch>;
  /**
   * The oldest batch that is built or sent but not anchored, if any. A run builds one at a time; re-checks may
   * reopen several anchored ones (reorged out, or voided by a revocation), taken here in id order.
   */
  getOpenBatch(): Promise<StoredBatch | null>;
  getBatch(id: number): Promise<StoredBatch | null>;
  getBatchByRoot(root: Hash): Promise<StoredBatch | null>;
  /** The members' leaves of a batch, in tree order. */
  getBatchLeaves(batchId: number): Promise<Uint8Array>;
  /**
   * Stores the signed transaction, and adds its hash to the batch's transactions (see `getBatchTransactions`).
   * With `lock`, first checks, in the same transaction, that `lock.owner` still holds that lock (`acquireLock`), and
   * throws a `StoreError` without storing anything when it lost it (its session ended): the caller must not
   * broadcast, since another run may hold the lock and anchor the batch.
   */
  markBatchSent(parameters: { batchId: number; txHash: Hash; rawTx: Hex; nonce: number; sentAtBlock?: number | undefined; lock?: StoreLock | undefined }): Promise<void>;
  /**
   * Every transaction hash ever marked sent for the batch, newest first, kept across reopens and re-signs: the
   * transactions this anchorer broadcast. An on-chain anchor of the batch's root made by any other is not ours.
   */
  getBatchTransactions(batchId: number): Promise<Hash[]>;
  /**
   * Adds a transaction found on chain anchoring the batch's root with the batch's own manifest URI (its anchor
   * from before a restore from backup, or sent by a twin of this anchorer): one of the batch's from now on.
   */
  adoptBatchTransaction(parameters: { batchId: number; txHash: Hash }): Promise<void>;
  /**
   * Marks the batch anchored (not final), keeping its signed transaction: a reorg may need it re-broadcast. In the
   * same transaction, members claimed after `anchoredAt` leave the batch and are pending again (their bundles
   * would fail `timestamp-after-anchor`; a later batch anchors them): their count is returned.
   */
  markBatchAnchored(parameters: MarkBatchAnchoredParameters): Promise<{ detached: number }>;
  /** The newest batches first, up to `limit`, and every batch not anchored whatever its age: what `aiattest status` shows. */
  getRecentBatches(limit: number): Promise<StoredBatch[]>;
  /**
   * Back to `built` (same root and members, no transaction) after a dropped or reverted transaction or a voided
   * anchor; with `keepTransaction`, back to `sent` with its signed transaction (if it has one), after a reorg
   * that removed or moved the anchoring block: the next step re-reads that transaction's receipt, or
   * re-broadcasts the same bytes.
   */
  reopenBatch(batchId: number, options?: { keepTransaction?: boolean }): Promise<void>;
  /** Batches in id order after `afterId` (0: from the first), up to `limit`: a page of `GET /v1/batches`. */
  listBatches(parameters: { afterId: number; limit: number }): Promise<StoredBatch[]>;
  /** The anchored batch with the highest id, if any: the last anchor `GET /v1/health` reports. */
  getLastAnchoredBatch(): Promise<StoredBatch | null>;
  /**
   * Record ids in id order after `afterId`, up to `limit`, of one batch when `batchId` is given: pages that let a
   * caller walk millions of records without holding them (`aiattest proof --all`).
   */
  listRecordIds(parameters: { afterId: number; limit: number; batchId?: number | undefined }): Promise<number[]>;
  /** Every anchored batch, in id order: a revocation can void an anchor of any age. */
  getAnchoredBatches(): Promise<StoredBatch[]>;
  /** Anchored batches not yet final, in id order: the ones a reorg could still remove or move. */
  getUnfinalizedBatches(): Promise<StoredBatch[]>;
  /** Marks an anchored batch final; a reopen (a revocation voiding it) clears the mark. */
  markBatchFinal(batchId: number): Promise<void>;

  /**
   * Takes the named lock for `owner` unless another holder has it, and holds it until `releaseLock` or `close`,
   * or until the holding process dies (the operating system frees it: no PID or host is trusted). True when
   * `owner` already holds it.
   */
  acquireLock(parameters: { name: string; owner: string }): Promise<boolean>;
  releaseLock(parameters: { name: string; owner: string }): Promise<void>;

  /** The id of the lookup secret with this fingerprint (`lookupSecretFingerprint`), registered now if it is new. */
  registerLookupSecret(fingerprint: Hash): Promise<number>;
  /** Every lookup secret registered, in id order, with how many records were keyed with it (a scan of the records). */
  listLookupSecrets(): Promise<StoredLookupSecret[]>;
  /** How many records have no lookup keys: made before the index existed, or without a lookup secret. */
  countNotIndexed(): Promise<number>;
  /**
   * The lookup key rows whose tag is one of `tags`, with their records' facts, in one statement:
   * candidates only, to be re-checked (see `LookupCandidate`). Thousands of tags per call are expected. Per tag and
   * kind, the rows of its `perTag` lowest record ids: a text served a million times costs `perTag` rows, and its
   * exact rows are never crowded out by normalized ones (nor the other way round).
   */
  findLookupCandidates(tags: readonly bigint[], options: { perTag: number }): Promise<LookupCandidate[]>;

  close(): Promise<void>;
}
