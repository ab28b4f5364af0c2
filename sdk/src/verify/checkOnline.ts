import { type Client, parseEventLogs } from "viem";
import { getBlock, getChainId, getCode } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { findTransactionReceipt } from "../actions/findTransactionReceipt.js";
import { getBatch } from "../actions/getBatch.js";
import { getKey } from "../actions/getKey.js";
import { getModel } from "../actions/getModel.js";
import { readAttest } from "../actions/readAttest.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import type { Output } from "../types/Output.js";
import { isAttestRuntimeCode } from "./isAttestRuntimeCode.js";
import type { VerifyCheck } from "./VerifyResult.js";

/** How far (seconds) a receipt's claimed time may run ahead of the chain's clock. */
export const maxClockSkew = 300;

export type CheckOnlineParameters = {
  client: Client;
  bundle: ProofBundle;
  output: Output;
  minConfirmations: number;
  maxAnchorDelay?: number | undefined;
};

/**
 * The checks that read the chain, in verification order. Every read is pinned to one block (the head when
 * verification starts), so the verdict describes one consistent state.
 *
 * @throws {ChainReadError} when the RPC fails.
 */
export async function checkOnline({ client, bundle, output, minConfirmations, maxAnchorDelay }: CheckOnlineParameters): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = [];
  const { anchor, publisher, contract } = bundle;

  const [chainId, head] = await Promise.all([
    guard("eth_chainId", () => getChainId(client)),
    guard("eth_getBlockByNumber", () => getBlock(client, { blockTag: "latest" })),
  ]);
  if (chainId !== bundle.chainId) {
    checks.push({ name: "chain", outcome: "fail", reason: "wrong-chain", message: `wrong chain: the RPC serves chain ${chainId}, the bundle is for chain ${bundle.chainId}. Use an RPC of chain ${bundle.chainId}.` });
    return checks;
  }
  const blockNumber = head.number;
  const code = await guard("eth_getCode", () => getCode(client, { address: contract, blockNumber }));
  if (!isAttestRuntimeCode(code)) {
    const what = code === undefined || code === "0x" ? "no contract" : "a contract that is not an aiattest deployment (its code differs)";
    checks.push({ name: "chain", outcome: "fail", reason: "unknown-contract", message: `There is ${what} at ${contract} on chain ${chainId}: the bundle names a deployment this chain does not have.` });
    return checks;
  }
  checks.push({ name: "chain", outcome: "pass", message: `Chain ${chainId}, read at block ${head.number}.` });

  const [model, signerKey, batch, receipt, onchain] = await Promise.all([
    getModel(client, { contract, modelId: output.modelId, blockNumber }),
    getKey(client, { contract, key: bundle.signer, blockNumber }),
    anchor ? getBatch(client, { contract, publisher, root: anchor.root, blockNumber }) : null,
    anchor ? findTransactionReceipt(client, { hash: anchor.txHash }) : null,
    anchor
      ? readAttest(client, { contract, functionName: "verifySignedOutput", args: [output, bundle.signature, anchor.root, anchor.proof], blockNumber })
      : null,
  ]);

  // model: registered, published by the bundle's publisher, not retired at the claimed time
  if (model === null) {
    checks.push({ name: "model", outcome: "fail", reason: "unknown-model", message: `No model ${output.modelId} is registered at ${contract}.` });
    checks.push({ name: "retirement", outcome: "skip", message: "The model is unknown." });
  } else {
    checks.push(
      model.publisher === publisher
        ? { name: "model", outcome: "pass", message: `Model "${model.name}" ${model.version} is registered by ${publisher}.` }
        : { name: "model", outcome: "fail", reason: "publisher-mismatch", message: `The model belongs to ${model.publisher}, not to the bundle's publisher ${publisher}.` },
    );
    checks.push(
      model.retiredAt !== 0n && output.timestamp >= model.retiredAt
        ? { name: "retirement", outcome: "fail", reason: "model-retired", message: `The model was retired at ${model.retiredAt}, before the claimed time ${output.timestamp}.` }
        : { name: "retirement", outcome: "pass", message: model.retiredAt === 0n ? "The model is active." : `The model was retired at ${model.retiredAt}, after the claimed time.` },
    );
  }

  // signer window: valid at the claimed time, and at the trusted time (the anchor, or now for a receipt)
  const trustedTime = batch?.anchoredAt ?? head.timestamp;
  const trustedLabel = batch ? "the anchor time" : "the current block time";
  if (signerKey.role !== "signer" || signerKey.publisher !== publisher) {
    checks.push({ name: "signerWindow", outcome: "fail", reason: "signer-not-authorized", message: `signer not authorized: ${bundle.signer} is not a signer key of ${publisher}.` });
  } else if (output.timestamp < signerKey.validFrom) {
    checks.push({ name: "signerWindow", outcome: "fail", reason: "signer-not-authorized", message: `signer not authorized: the key became valid at ${signerKey.validFrom}, after the claimed time ${output.timestamp}.` });
  } else if (output.timestamp >= signerKey.validUntil || trustedTime >= signerKey.validUntil) {
    checks.push({ name: "signerWindow", outcome: "fail", reason: "signer-revoked", message: `signer revoked: the key's window closed at ${signerKey.validUntil}, before ${output.timestamp >= signerKey.validUntil ? "the claimed time" : trustedLabel} — a revoked key cannot backdate an anchor.` });
  } else {
    checks.push({ name: "signerWindow", outcome: "pass", message: `The signer key was valid at the claimed time and at ${trustedLabel}.` });
  }

  if (!anchor) {
    for (const name of ["batch", "anchorerWindow"] as const) {
      checks.push({ name, outcome: "skip", message: "Signed-only receipt: not anchored yet." });
    }
    // a receipt's claimed time may run a little ahead of the chain's clock, never far
    checks.push(
      output.timestamp > head.timestamp + BigInt(maxClockSkew)
        ? { name: "timeOrder", outcome: "fail", reason: "timestamp-in-future", message: `The claimed time ${output.timestamp} is ${output.timestamp - head.timestamp} s after the current block time: a post-dated receipt.` }
        : { name: "timeOrder", outcome: "pass", message: `Claimed at ${output.timestamp}, not after the current block time (${head.timestamp}, ${maxClockSkew} s of clock skew allowed).` },
    );
    for (const name of ["confirmations", "onchain"] as const) {
      checks.push({ name, outcome: "skip", message: "Signed-only receipt: not anchored yet." });
    }
    const age = head.timestamp - output.timestamp;
    if (maxAnchorDelay === undefined) {
      checks.push({ name: "anchorDelay", outcome: "skip", message: "No maximum anchor delay was given to check the receipt against." });
    } else {
      checks.push(
        age > BigInt(maxAnchorDelay)
          ? { name: "anchorDelay", outcome: "fail", reason: "anchor-overdue", message: `anchor overdue: signed ${age} s ago, but the publisher promised anchoring within ${maxAnchorDelay} s. Ask for the anchored bundle.` }
          : { name: "anchorDelay", outcome: "pass", message: `Signed ${age} s ago, within the promised ${maxAnchorDelay} s.` },
      );
    }
    return checks;
  }

  // batch: anchored by the bundle's publisher, as the bundle says
  if (batch === null) {
    checks.push({ name: "batch", outcome: "fail", reason: "not-anchored", message: `not anchored: ${publisher} has not anchored root ${anchor.root} on chain ${chainId} (reorged, or never sent).` });
  } else if (batch.anchoredAt !== BigInt(anchor.anchoredAt) || batch.anchorer !== anchor.anchorer) {
    checks.push({ name: "batch", outcome: "fail", reason: "anchor-mismatch", message: `The chain says root ${anchor.root} was anchored by ${batch.anchorer} at ${batch.anchoredAt}; the bundle says ${anchor.anchorer} at ${anchor.anchoredAt}.` });
  } else {
    checks.push({ name: "batch", outcome: "pass", message: `Anchored by ${batch.anchorer} at ${batch.anchoredAt} (${batch.count} outputs).` });
  }

  if (batch === null) {
    checks.push({ name: "anchorerWindow", outcome: "skip", message: "No batch to check." });
    checks.push({ name: "timeOrder", outcome: "skip", message: "No batch to check." });
  } else {
    const anchorerValid = await readAttest(client, { contract, functionName: "isValidAnchorer", args: [publisher, batch.anchorer, batch.anchoredAt], blockNumber });
    checks.push(
      anchorerValid.ok && anchorerValid.value
        ? { name: "anchorerWindow", outcome: "pass", message: `${batch.anchorer} could anchor for ${publisher} at ${batch.anchoredAt}.` }
        : { name: "anchorerWindow", outcome: "fail", reason: "anchorer-not-authorized", message: `${batch.anchorer} was not a valid anchorer of ${publisher} at ${batch.anchoredAt} (revoked key?).` },
    );
    checks.push(
      output.timestamp <= batch.anchoredAt
        ? { name: "timeOrder", outcome: "pass", message: `Claimed at ${output.timestamp}, anchored at ${batch.anchoredAt}.` }
        : { name: "timeOrder", outcome: "fail", reason: "timestamp-after-anchor", message: `The claimed time ${output.timestamp} is after the anchor time ${batch.anchoredAt}.` },
    );
  }

  // confirmations: the anchoring tx is mined, emitted this batch, and is deep enough
  const anchoredLog =
    receipt?.status === "success"
      ? parseEventLogs({ abi: aiAttestAbi, logs: receipt.logs, eventName: "BatchAnchored" }).find(
          (log) => log.address.toLowerCase() === contract.toLowerCase() && log.args.root === anchor.root && log.args.publisher === publisher,
        )
      : undefined;
  if (!receipt || !anchoredLog) {
    checks.push({ name: "confirmations", outcome: "fail", reason: "anchor-tx-not-found", message: `The anchoring transaction ${anchor.txHash} ${receipt ? "did not anchor this root" : "is not on chain"}.` });
  } else if (receipt.blockNumber !== BigInt(anchor.blockNumber) || anchoredLog.args.uri !== anchor.manifestUri) {
    checks.push({
      name: "confirmations",
      outcome: "fail",
      reason: "anchor-mismatch",
      message: `The anchoring transaction is in block ${receipt.blockNumber} with manifest ${anchoredLog.args.uri}; the bundle says block ${anchor.blockNumber} and ${anchor.manifestUri}.`,
    });
  } else {
    const confirmations = head.number - receipt.blockNumber + 1n;
    checks.push(
      confirmations >= BigInt(minConfirmations)
        ? { name: "confirmations", outcome: "pass", message: `${confirmations} confirmation(s) (needed ${minConfirmations}).` }
        : { name: "confirmations", outcome: "fail", reason: "insufficient-confirmations", message: `Only ${confirmations} confirmation(s); ${minConfirmations} needed. Wait and verify again.` },
    );
  }

  // on chain: the contract's own verdict must agree
  const isOnchainValid = onchain?.ok === true && onchain.value[0];
  checks.push(
    isOnchainValid
      ? { name: "onchain", outcome: "pass", message: "The contract's verifySignedOutput agrees." }
      : { name: "onchain", outcome: "fail", reason: "onchain-rejected", message: "The contract's verifySignedOutput rejects this output." },
  );
  if (maxAnchorDelay === undefined || batch === null) {
    checks.push({ name: "anchorDelay", outcome: "skip", message: batch === null ? "No batch to check." : "No maximum anchor delay was given to check the anchor against." });
  } else {
    const delay = batch.anchoredAt - output.timestamp;
    checks.push(
      delay > BigInt(maxAnchorDelay)
        ? { name: "anchorDelay", outcome: "fail", reason: "anchor-overdue", message: `anchor overdue: anchored ${delay} s after the claimed time, later than the promised ${maxAnchorDelay} s (a claimed time that old may be backdated).` }
        : { name: "anchorDelay", outcome: "pass", message: `Anchored ${delay} s after the claimed time, within the promised ${maxAnchorDelay} s.` },
    );
  }
  return checks;
}

async function guard<value>(action: string, read: () => Promise<value>): Promise<value> {
  try {
    return await read();
  } catch (error) {
    throw new ChainReadError({ action, cause: error });
  }
}
