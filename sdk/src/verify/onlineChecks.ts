import { parseEventLogs } from "viem";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { InvariantError } from "../errors/InvariantError.js";
import { formatUnixTime } from "../time/formatUnixTime.js";
import { checkChainDeployment } from "./checkChainDeployment.js";
import type { Check, VerifyContext } from "./VerifyContext.js";
import type { ChainFacts } from "./readChainFacts.js";

/** How far (seconds) a receipt's claimed time may run ahead of the chain's clock. */
export const maxClockSkew = 300;

const notAnchored = "Signed-only receipt: not anchored yet.";

/** chain: the RPC serves the bundle's chain, and the contract there is AIAttest, deployed as its address says. */
export const checkChain: Check = async ({ bundle, chain }) => {
  const facts = required(chain);
  const check = await checkChainDeployment({ chainId: bundle.chainId, contract: bundle.contract, chain: facts }, "bundle");
  if (check.outcome === "pass") facts.prefetch();
  return check;
};

/** model: registered, by the bundle's publisher. */
export const checkModel: Check = async ({ bundle, output, chain }) => {
  const model = await required(chain).model();
  if (model === null) return { name: "model", outcome: "fail", reason: "unknown-model", message: `No model ${output.modelId} is registered at ${bundle.contract}.` };
  return model.publisher === bundle.publisher
    ? { name: "model", outcome: "pass", message: `Registered by ${bundle.publisher}: model name ${JSON.stringify(model.name)}, version ${JSON.stringify(model.version)}.` }
    : { name: "model", outcome: "fail", reason: "publisher-mismatch", message: `The model belongs to ${model.publisher}, not to the bundle's publisher ${bundle.publisher}.` };
};

/** retirement: the model was not retired at the claimed time. */
export const checkRetirement: Check = async ({ output, chain }) => {
  const { retiredAt } = (await required(chain).model())!;
  if (retiredAt === 0n) return { name: "retirement", outcome: "pass", message: "The model is active." };
  return output.timestamp >= retiredAt
    ? { name: "retirement", outcome: "fail", reason: "model-retired", message: `The model was retired at ${formatUnixTime(retiredAt)}, before the claimed time ${formatUnixTime(output.timestamp)}.` }
    : { name: "retirement", outcome: "pass", message: `The model was retired at ${formatUnixTime(retiredAt)}, after the claimed time.` };
};

/** signerWindow: a signer key of the publisher, valid at the claimed time and at the trusted time. */
export const checkSignerWindow: Check = async ({ bundle, output, chain }) => {
  const facts = required(chain);
  const [key, batch, head] = await Promise.all([facts.signerKey(), facts.batch(), facts.head()]);
  const trustedTime = batch?.anchoredAt ?? head.timestamp;
  const trustedLabel = batch ? "the anchor time" : "the current block time";
  if (key.role !== "signer" || key.publisher !== bundle.publisher) {
    return { name: "signerWindow", outcome: "fail", reason: "signer-not-authorized", message: `signer not authorized: ${bundle.signer} is not a signer key of ${bundle.publisher}.` };
  }
  if (output.timestamp < key.validFrom) {
    return {
      name: "signerWindow",
      outcome: "fail",
      reason: "signer-not-authorized",
      message: `signer not authorized: the key became valid at ${formatUnixTime(key.validFrom)}, after the claimed time ${formatUnixTime(output.timestamp)}.`,
    };
  }
  if (output.timestamp >= key.validUntil || trustedTime >= key.validUntil) {
    return {
      name: "signerWindow",
      outcome: "fail",
      reason: "signer-revoked",
      message: `signer revoked: the key's window closed at ${formatUnixTime(key.validUntil)}, before ${output.timestamp >= key.validUntil ? "the claimed time" : trustedLabel}; a revoked key cannot backdate an anchor.`,
    };
  }
  return { name: "signerWindow", outcome: "pass", message: `${bundle.signer} is a signer key of ${bundle.publisher}, valid at the claimed time and at ${trustedLabel}.` };
};

/** batch: the publisher anchored the root, by the anchorer and at the time the bundle says. */
export const checkBatch: Check = async ({ bundle: { anchor, publisher }, chain }) => {
  if (!anchor) return { name: "batch", outcome: "skip", message: notAnchored };
  const batch = await required(chain).batch();
  if (batch === null) {
    return { name: "batch", outcome: "fail", reason: "not-anchored", message: `not anchored: ${publisher} has not anchored root ${anchor.root} on this chain (reorged, or never sent).` };
  }
  if (batch.anchoredAt !== BigInt(anchor.anchoredAt) || batch.anchorer !== anchor.anchorer) {
    return {
      name: "batch",
      outcome: "fail",
      reason: "anchor-mismatch",
      message: `anchor mismatch: the chain says root ${anchor.root} was anchored by ${batch.anchorer} at ${formatUnixTime(batch.anchoredAt)}; the bundle says ${anchor.anchorer} at ${formatUnixTime(anchor.anchoredAt)}.`,
    };
  }
  return { name: "batch", outcome: "pass", message: `${publisher} anchored root ${anchor.root} (${batch.count} outputs) through ${batch.anchorer}.` };
};

/** anchorerWindow: the anchoring account could anchor for the publisher at the anchor time. */
export const checkAnchorerWindow: Check = async ({ bundle: { anchor, publisher }, chain }) => {
  if (!anchor) return { name: "anchorerWindow", outcome: "skip", message: notAnchored };
  const facts = required(chain);
  const batch = (await facts.batch())!;
  return (await facts.isValidAnchorer(batch.anchorer, batch.anchoredAt))
    ? { name: "anchorerWindow", outcome: "pass", message: `${batch.anchorer} could anchor for ${publisher} at the anchor time.` }
    : {
        name: "anchorerWindow",
        outcome: "fail",
        reason: "anchorer-not-authorized",
        message: `${batch.anchorer} was not a valid anchorer of ${publisher} at ${formatUnixTime(batch.anchoredAt)} (its key was revoked back to before it?).`,
      };
};

/** timeOrder: claimed no later than the anchor; a receipt's claim no later than now (plus clock skew). */
export const checkTimeOrder: Check = async ({ bundle: { anchor }, output, chain }) => {
  const facts = required(chain);
  if (!anchor) {
    const head = await facts.head();
    return output.timestamp > head.timestamp + BigInt(maxClockSkew)
      ? {
          name: "timeOrder",
          outcome: "fail",
          reason: "timestamp-in-future",
          message: `The claimed time ${formatUnixTime(output.timestamp)} is ${output.timestamp - head.timestamp} s after the current block time: a post-dated receipt.`,
        }
      : { name: "timeOrder", outcome: "pass", message: `The claimed time is not after the current block time (${maxClockSkew} s of clock skew allowed).` };
  }
  const { anchoredAt } = (await facts.batch())!;
  return output.timestamp <= anchoredAt
    ? { name: "timeOrder", outcome: "pass", message: "The claimed time is not after the anchor time." }
    : {
        name: "timeOrder",
        outcome: "fail",
        reason: "timestamp-after-anchor",
        message: `The claimed time ${formatUnixTime(output.timestamp)} is after the anchor time ${formatUnixTime(anchoredAt)}.`,
      };
};

/** confirmations: the bundle's transaction made this very anchor, in the block and at the time stated, deep enough. */
export const checkConfirmations: Check = async ({ bundle: { anchor, contract, publisher }, minConfirmations, chain }) => {
  if (!anchor) return { name: "confirmations", outcome: "skip", message: notAnchored };
  const facts = required(chain);
  const [receipt, batch, head] = await Promise.all([facts.receipt(), facts.batch(), facts.head()]);
  const log =
    receipt?.status === "success"
      ? parseEventLogs({ abi: aiAttestAbi, logs: receipt.logs, eventName: "BatchAnchored" }).find(
          (log) => log.address.toLowerCase() === contract.toLowerCase() && log.args.root === anchor.root && log.args.publisher === publisher && log.args.anchorer === anchor.anchorer,
        )
      : undefined;
  if (!receipt || !log) {
    return {
      name: "confirmations",
      outcome: "fail",
      reason: "anchor-tx-not-found",
      message: `The anchoring transaction ${anchor.txHash} ${receipt ? "did not make this anchor" : "is not on chain"}.`,
    };
  }
  const block = await facts.receiptBlock(receipt);
  if (receipt.blockNumber !== BigInt(anchor.blockNumber) || log.args.uri !== anchor.manifestUri || block.timestamp !== batch!.anchoredAt) {
    return {
      name: "confirmations",
      outcome: "fail",
      reason: "anchor-mismatch",
      message: `anchor mismatch: the anchoring transaction is in block ${receipt.blockNumber} (time ${formatUnixTime(block.timestamp)}) with manifest URI ${JSON.stringify(log.args.uri)}; the bundle and the stored batch say block ${anchor.blockNumber}, time ${formatUnixTime(batch!.anchoredAt)}, URI ${JSON.stringify(anchor.manifestUri)}.`,
    };
  }
  const confirmations = head.number - receipt.blockNumber + 1n;
  return confirmations >= BigInt(minConfirmations)
    ? { name: "confirmations", outcome: "pass", message: `Anchored by transaction ${anchor.txHash} in block ${receipt.blockNumber} at ${formatUnixTime(block.timestamp)}; ${confirmations} confirmation(s) (needed ${minConfirmations}).` }
    : {
        name: "confirmations",
        outcome: "fail",
        reason: "insufficient-confirmations",
        message: `Only ${confirmations} confirmation(s); ${minConfirmations} needed. Wait and verify again.`,
      };
};

/** onchain: the contract's own verifySignedOutput agrees. */
export const checkOnchain: Check = async ({ bundle: { anchor }, chain }) => {
  if (!anchor) return { name: "onchain", outcome: "skip", message: notAnchored };
  return (await required(chain).onchainValid())
    ? { name: "onchain", outcome: "pass", message: "The contract's verifySignedOutput agrees." }
    : { name: "onchain", outcome: "fail", reason: "onchain-rejected", message: "The contract's verifySignedOutput rejects this output." };
};

/** anchorDelay: with the publisher's promised delay, a receipt is younger than it, an anchor came within it. */
export const checkAnchorDelay: Check = async ({ bundle: { anchor }, output, maxAnchorDelay, chain }) => {
  if (maxAnchorDelay === undefined) return { name: "anchorDelay", outcome: "skip", message: "No maximum anchor delay was given to check against." };
  const facts = required(chain);
  if (!anchor) {
    const age = (await facts.head()).timestamp - output.timestamp;
    return age > BigInt(maxAnchorDelay)
      ? { name: "anchorDelay", outcome: "fail", reason: "anchor-overdue", message: `anchor overdue: signed ${age} s ago, but the publisher promised anchoring within ${maxAnchorDelay} s. Ask for the anchored bundle.` }
      : { name: "anchorDelay", outcome: "pass", message: `Claimed ${age} s ago, within the promised ${maxAnchorDelay} s.` };
  }
  const delay = (await facts.batch())!.anchoredAt - output.timestamp;
  return delay > BigInt(maxAnchorDelay)
    ? {
        name: "anchorDelay",
        outcome: "fail",
        reason: "anchor-overdue",
        message: `anchor overdue: anchored ${delay} s after the claimed time, later than the promised ${maxAnchorDelay} s (a claimed time that old may be backdated).`,
      }
    : { name: "anchorDelay", outcome: "pass", message: `Anchored ${delay} s after the claimed time, within the promised ${maxAnchorDelay} s.` };
};

function required(chain: VerifyContext["chain"]): ChainFacts {
  // verifyOutput runs the online checks only with a client
  if (!chain) throw new InvariantError("an online check ran without a chain");
  return chain;
}
