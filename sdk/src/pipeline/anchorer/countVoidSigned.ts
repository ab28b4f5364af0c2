import { getBlock } from "viem/actions";
import { getKey } from "../../actions/getKey.js";
import type { AnchorContext } from "./AnchorContext.js";
import { toAnchorRunError } from "./toAnchorRunError.js";

/**
 * Counts the pending records whose signer can no longer be valid at any anchor: its window closed at or before
 * the latest block (revoked, planned or compromised), or it is not a signer of the publisher. A signature
 * verifies only while its key is valid at the anchor's time, which only moves later, so these outputs are void
 * for good: the run still anchors them with the rest (their receipts were issued; a verifier reports
 * `signer-revoked`), but reports them, one `void-signed` step per key, instead of letting them pass silently.
 * One key read per distinct signer with pending records.
 *
 * @throws {AnchorRunError} when the chain cannot be read.
 * @example
 * const voidSigned = await countVoidSigned(context)
 */
export async function countVoidSigned(context: AnchorContext): Promise<number> {
  const { client, store, deployment } = context;
  try {
    const pending = await store.countPendingBySigner();
    if (pending.length === 0) return 0;
    const latest = (await getBlock(client, { blockTag: "latest" })).timestamp;
    let total = 0;
    for (const { signer, count } of pending) {
      const key = await getKey(client, { contract: deployment.contract, key: signer });
      if (key.role === "signer" && key.publisher === deployment.publisher && latest < key.validUntil) continue;
      context.onStep?.({ step: "void-signed", signer, count, validUntil: key.role === "signer" && key.publisher === deployment.publisher ? Number(key.validUntil) : null });
      total += count;
    }
    return total;
  } catch (error) {
    throw toAnchorRunError("void-check", error, "reading the windows of the pending records' signer keys");
  }
}
