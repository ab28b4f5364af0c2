import type { Address, Hex } from "viem";
import type { batchManifestFormat } from "./batchManifestFormat.js";

/**
 * A batch manifest, version 1: everything needed to rebuild and audit one anchored batch. Stored as JSON;
 * written by {@link dumpManifest}, read (and checked) by {@link loadManifest}.
 */
export type BatchManifest = {
  format: typeof batchManifestFormat;
  /** Chain the root is anchored on. */
  chainId: number;
  /** The anchoring contract. */
  contract: Address;
  /** The publisher account the batch is anchored for. */
  publisher: Address;
  /** Merkle root of `leaves`. */
  root: Hex;
  /** Whether leaves were sorted before building; optional in JSON, default `true`. */
  sortLeaves: boolean;
  /** The 32-byte leaves in tree order (leaf index `k` is element `k`). */
  leaves: Hex[];
};

/** Where a batch is anchored: the fields of a {@link BatchManifest} that the tree does not determine. */
export type BatchManifestMeta = Pick<BatchManifest, "chainId" | "contract" | "publisher">;
