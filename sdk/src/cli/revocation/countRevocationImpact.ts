import { existsSync } from "node:fs";
import { type Address, getAddress } from "viem";
import { describeStoreLocation } from "../../store/postgres/describeStoreLocation.js";
import { isPostgresUrl } from "../../store/postgres/isPostgresUrl.js";
import { openStore } from "../openStore.js";
import type { RevocationImpact } from "./RevocationImpact.js";

export type CountRevocationImpactParameters = {
  db: string;
  /** The deployment the revocation is sent to: a store bound to another one is not counted. */
  chainId: number;
  contract: Address;
  key: Address;
  role: "signer" | "anchorer";
  validUntil: bigint;
};

/**
 * Counts, in the local store, what closing `key`'s window at `validUntil` voids. A signer's signature verifies
 * only while its key is valid at the output's time and at its anchor's time, so its anchored outputs whose anchor
 * is at or after `validUntil` are void for good (anchoring again only comes later), and so are those not yet
 * anchored unless they are anchored before `validUntil`. An anchorer's anchors at or after `validUntil` are void,
 * but the outputs are not: the next `anchor` run anchors those batches again. Never creates a store.
 *
 * @example
 * const impact = await countRevocationImpact({ db, chainId, contract, key, role: "signer", validUntil })
 */
export async function countRevocationImpact({ db, chainId, contract, key, role, validUntil }: CountRevocationImpactParameters): Promise<RevocationImpact> {
  // a PostgreSQL URL is shown without its password
  const shown = describeStoreLocation(db);
  const unknown = { db: shown, isCounted: false, voidOutputs: 0, voidBatches: 0, unanchored: 0 };
  if (!isPostgresUrl(db) && !existsSync(db)) return unknown;
  const store = await openStore(db);
  try {
    const bound = await store.getDeployment();
    if (!bound || bound.chainId !== chainId || getAddress(bound.contract) !== getAddress(contract)) return unknown;
    if (role === "signer") {
      const [voidOutputs, unanchored] = await Promise.all([store.countAnchoredSince({ signer: key, since: validUntil }), store.countUnanchored({ signer: key })]);
      return { db: shown, isCounted: true, voidOutputs, voidBatches: 0, unanchored };
    }
    const voided = (await store.getAnchoredBatches()).filter((batch) => batch.anchorer !== null && getAddress(batch.anchorer) === key && BigInt(batch.anchoredAt!) >= validUntil);
    return { db: shown, isCounted: true, voidOutputs: voided.reduce((sum, batch) => sum + batch.count, 0), voidBatches: voided.length, unanchored: 0 };
  } finally {
    await store.close();
  }
}
