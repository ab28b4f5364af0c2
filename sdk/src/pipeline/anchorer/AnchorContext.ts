import type { Address, Chain, Client, Hash, LocalAccount, Transport, WalletClient } from "viem";
import type { RetiredModel, Store, StoreDeployment } from "../../store/Store.js";
import type { AnchorStep } from "../../errors/AnchorRunError.js";

/** Everything one anchoring run works with. */
export type AnchorContext = {
  store: Store;
  client: Client;
  wallet: WalletClient<Transport, Chain | undefined, LocalAccount>;
  deployment: StoreDeployment;
  anchorer: Address;
  confirmations: number;
  /** How long to wait for a transaction to be mined and confirmed before ending the run (ms). */
  receiptTimeout: number;
  pollingInterval: number;
  /** The most the lab pays per gas (wei); above it the anchor waits. Undefined: no cap. */
  maxFeePerGas?: bigint | undefined;
  /** Blocks after which a `sent` transaction still not mined is replaced (same nonce, fees raised). */
  replaceAfterBlocks: number;
  /** Where manifests are written, and the URL they are published under (else a file:// URI). */
  manifest: { dir: string; baseUrl?: string | undefined };
  /**
   * Seconds an anchor is expected to take to be mined: a record is batched only when its signer's window covers
   * the latest block's time to the chain's time plus this (an anchor mined later is checked at its real time).
   */
  signerMargin: number;
  /** Signers found, in this run, not valid over the time an anchor can land: their pending records are not batched. */
  excludedSigners: Set<Address>;
  /**
   * Models found retired in this run, by id: their records claimed at or after `retiredAt` are not batched (a
   * retirement is for good, and its time is fixed).
   */
  retiredModels: Map<Hash, RetiredModel>;
  /** The run's lock: a send is recorded only while it is still held (a PostgreSQL session can lose it). */
  lock?: { name: string; owner: string } | undefined;
  /** Called after each durable step: progress output, and failpoints in crash tests. */
  onStep?: ((step: AnchorStepEvent) => void) | undefined;
};

export type AnchorStepEvent =
  | { step: "built"; batchId: number; root: `0x${string}`; count: number }
  | { step: "sent"; batchId: number; txHash: `0x${string}` }
  /** The batch's transaction, not mined after `replaceAfterBlocks`, was replaced by `txHash` (fees raised, or from this run's key). */
  | { step: "replaced"; batchId: number; txHash: `0x${string}`; previous: `0x${string}` }
  | { step: "anchored"; batchId: number; txHash: `0x${string}`; blockNumber: number }
  | { step: "reopened"; batchId: number; reason: string }
  /**
   * `count` pending records signed by `signer`, whose window closed at `validUntil` (null: not a signer of the
   * publisher): void for good, left pending and never anchored. `recordIds`: the first of them.
   */
  | { step: "void-signed"; signer: `0x${string}`; count: number; validUntil: number | null; recordIds: number[] }
  /** `count` pending records signed by `signer`, whose window closes at `validUntil`, before `latestAnchorTime` (when an anchor sent now may land): not batched. */
  | { step: "signer-closing"; signer: `0x${string}`; count: number; validUntil: number; recordIds: number[]; latestAnchorTime: number }
  /**
   * Members of `batchId` signed by `signer`, whose window (closing at `validUntil`; null: not a signer of the
   * publisher) does not cover the batch's anchor time: `anchoredAt` once mined (a late anchor), else up to
   * `latestAnchorTime` (before sending). Void with that anchor: they left the batch and are pending, never batched again.
   */
  | { step: "void-members"; batchId: number; signer: `0x${string}`; validUntil: number | null; recordIds: number[]; anchoredAt: number | null; latestAnchorTime: number }
  /**
   * `count` pending records of `modelId`, claimed at or after its retirement at `retiredAt` (signed from facts cached
   * before it, during a chain outage): void for good (verify: model-retired), left pending and never anchored.
   * `recordIds`: the first of them.
   */
  | { step: "void-retired"; modelId: `0x${string}`; retiredAt: number; count: number; recordIds: number[] }
  /**
   * Members of `batchId` of `modelId`, claimed at or after its retirement at `retiredAt`: void whatever the anchor,
   * they left the batch before it was sent, or once mined (`anchoredAt`), and are pending, never batched again.
   */
  | { step: "void-retired-members"; batchId: number; modelId: `0x${string}`; retiredAt: number; recordIds: number[]; anchoredAt: number | null }
  | { step: "adopted"; batchId: number; txHash: `0x${string}`; reason: string }
  /** A built batch's manifest file was missing (a crash while it was written): written again from the store before sending. */
  | { step: "manifest-rewritten"; batchId: number; root: `0x${string}`; path: string }
  /** `count` members claimed after the anchor's block time left the batch: pending again, for a later batch. */
  | { step: "detached"; batchId: number; count: number; anchoredAt: number }
  /** An anchored manifest holds `count` outputs this store does not (recorded after the backup it was restored from). */
  | { step: "missing"; root: `0x${string}`; count: number }
  | { step: "progress"; phase: AnchorStep; done: number; total: number };
