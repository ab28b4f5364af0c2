import type { Client } from "viem";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import { CliError } from "../../errors/CliError.js";
import { verifyOutput } from "../../verify/verifyOutput.js";

/** What `upgrade` says when it could not check the anchor on chain (no RPC configured). */
export const anchorNotCheckedNote = "anchor not checked on chain: run aiattest verify";

/**
 * Checks an anchored bundle `upgrade` is about to write with the SDK's one `verifyOutput` (without the response,
 * which upgrade does not have): the offline checks always (contract, signature, model id, the leaf recomputed and
 * its Merkle proof reaching the anchor's root), and with a client the online ones too (the batch on chain, its
 * anchorer's window, the anchoring transaction, the contract's own verdict). A server can return the receipt with
 * a made-up root, proof or transaction: that is refused here, before anything is written.
 *
 * @returns whether the anchor was checked on chain (false: offline only; say {@link anchorNotCheckedNote}).
 * @throws {CliError} (exit 1) naming the failed check's reason and message and the source, when the bundle is not valid.
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown).
 * @example
 * const onChain = await verifyUpgradedBundle({ bundle, source: "https://proofs.lab.example/v1/records/42", client })
 */
export async function verifyUpgradedBundle({ bundle, source, client }: { bundle: ProofBundle; source: string; client: Client | undefined }): Promise<boolean> {
  const result = await verifyOutput({ bundle, withoutResponse: true, client });
  if (!result.valid) {
    const failed = result.checks.find((check) => check.outcome === "fail");
    throw new CliError({
      message: `${source} returned an anchored bundle that does not verify (${result.reason}): ${failed?.message ?? "a check failed"} Nothing was written.`,
      metaMessages: ["A proof server can be wrong or lie; this one cannot upgrade this receipt. Ask the lab, or retry later."],
    });
  }
  return client !== undefined;
}
