import type { Address, Hex, PrivateKeyAccount } from "viem";

/** Every setting of an aiattest deployment, once validated. Keys are accounts: the key text is not kept. */
export type AttestSettings = {
  rpcUrl: string;
  contract: Address;
  chainId: number;
  publisherKey: PrivateKeyAccount;
  signerKey: PrivateKeyAccount;
  anchorerKey: PrivateKeyAccount;
  /** Absolute path of the SQLite store, or the postgres:// URL of a PostgreSQL store. */
  db: string;
  /** Absolute path of the manifest directory. */
  manifestDir: string;
  /** With no trailing slash; the anchored URI becomes `${manifestBaseUrl}/${root}.json`. */
  manifestBaseUrl: string;
  confirmations: number;
  maxBatch: number;
  /** Blocks below the head at which an anchor is final; unset: the chain's `finalized` block. */
  finalityDepth: number;
  /** The fee cap per gas, in wei (the setting is written in gwei). */
  maxFeeGwei: bigint;
  replaceAfterBlocks: number;
  /** The most blocks one `eth_getLogs` call spans. */
  logRange: number;
  /** Seconds. */
  maxAnchorDelay: number;
  /** Where `aiattest serve` is reachable, with no trailing slash: receipts carry `${publicUrl}/v1/records/<id>`. */
  publicUrl: string;
  /** The provenance index's secret (0x + 64 hex digits): recording keys every output with it, lookup searches with it. */
  lookupSecret: Hex;
  /** Lookup secrets used before a rotation, for lookup only: records keyed with one are found only with it. */
  lookupPreviousSecrets: readonly Hex[];
};

export type SettingKey = keyof AttestSettings;
