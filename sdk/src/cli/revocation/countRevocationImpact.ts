import { existsSync } from "node:fs";
import { type Address, type Client, getAddress } from "viem";
import { type GetKeyReturnType, getKey } from "../../actions/getKey.js";
import { StoreError } from "../../errors/StoreError.js";
import type { AnchorTimeRange } from "../../pipeline/anchorer/AnchorTimeRange.js";
import { judgeSignerWindow } from "../../pipeline/anchorer/judgeSignerWindow.js";
import { describeStoreLocation } from "../../store/postgres/describeStoreLocation.js";
import { isPostgresUrl } from "../../store/postgres/isPostgresUrl.js";
import { openStore } from "../openStore.js";
import type { RevocationImpact } from "./RevocationImpact.js";

export type CountRevocationImpactParameters = {
  db: string;
  /** The deployment's chain: an anchorer's voided batches are re-anchored only for members whose signer is valid then. */
  client: Client;
  publisher: Address;
  /** When the next anchor could land at the earliest (`earliest`: the latest block's time) and, sent now, at the latest. */
  range: AnchorTimeRange;
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
 * but the outputs are not: the next `anchor` run anchors those batches again, without the members whose signer's
 * window does not cover that anchor's time (`voidForGood`: closed, or closing within the run's margin of now). Never
 * creates or migrates a store (opened read-only: missing, empty or older, it is not counted).
 *
 * @example
 * const impact = await countRevocationImpact({ db, chainId, contract, key, role: "signer", validUntil })
 */
export async function countRevocationImpact({ db, client, publisher, range, chainId, contract, key, role, validUntil }: CountRevocationImpactParameters): Promise<RevocationImpact> {
  // a PostgreSQL URL is shown without its password
  const shown = describeStoreLocation(db);
  const unknown = { db: shown, isCounted: false, voidOutputs: 0, voidBatches: 0, unanchored: 0, voidForGood: 0 };
  if (!isPostgresUrl(db) && !existsSync(db)) return unknown;
  // read only: a database without the schema, or with an older one, is not counted (and never created or migrated);
  // a revocation must not wait on the store
  const store = await openStore(db, { readOnly: true }).catch((error: unknown) => {
    if (error instanceof StoreError) return null;
    throw error;
  });
  if (!store) return unknown;
  try {
    const bound = await store.getDeployment();
    if (!bound || bound.chainId !== chainId || getAddress(bound.contract) !== getAddress(contract)) return unknown;
    if (role === "signer") {
      const [voidOutputs, unanchored] = await Promise.all([store.countAnchoredSince({ signer: key, since: validUntil }), store.countUnanchored({ signer: key })]);
      return { db: shown, isCounted: true, voidOutputs, voidBatches: 0, unanchored, voidForGood: 0 };
    }
    const voided = (await store.getAnchoredBatches()).filter((batch) => batch.anchorer !== null && getAddress(batch.anchorer) === key && BigInt(batch.anchoredAt!) >= validUntil);
    // their members, by signer: re-anchored only where the signer's window covers the new anchor's time
    const signers = new Map<Address, GetKeyReturnType>();
    let voidOutputs = 0;
    let voidForGood = 0;
    for (const batch of voided) {
      for (const { signer, count } of await store.countBatchMembersBySigner(batch.id)) {
        voidOutputs += count;
        if (!signers.has(signer)) signers.set(signer, await getKey(client, { contract, key: signer }));
        if (judgeSignerWindow({ key: signers.get(signer)!, publisher, range }).verdict !== "valid") voidForGood += count;
      }
    }
    return { db: shown, isCounted: true, voidOutputs, voidBatches: voided.length, unanchored: 0, voidForGood };
  } finally {
    await store.close();
  }
}
