import { type Address, type Client, isAddress } from "viem";
import { parseBundle } from "../bundle/parseBundle.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { loadMerkleHasherOnNode } from "../merkle/loadMerkleHasherOnNode.js";
import type { Output } from "../types/Output.js";
import { checkContent, checkContract, checkMerkleProof, checkModelId, checkRequest, checkSignature } from "./offlineChecks.js";
import {
  checkAnchorDelay,
  checkAnchorerWindow,
  checkBatch,
  checkChain,
  checkConfirmations,
  checkModel,
  checkOnchain,
  checkRetirement,
  checkSignerWindow,
  checkTimeOrder,
} from "./onlineChecks.js";
import { readChainFacts } from "./readChainFacts.js";
import type { Check, VerifyContext } from "./VerifyContext.js";
import { type VerifyCheck, type VerifyCheckName, type VerifyResult, verifyCheckNames } from "./VerifyResult.js";

export type VerifyOutputParameters = {
  /**
   * The proof bundle: JSON text or its bytes (checked strictly, PROTOCOL §7), or a value you parsed (then only the
   * schema applies: duplicate keys your parser resolved are not seen). Untrusted: it is validated here.
   */
  bundle: unknown;
  /** The response exactly as delivered (text, or bytes). */
  response: string | Uint8Array;
  /** The request, to check that the output commits it. Given but not committed (or withheld) is a failure. */
  request?: string | Uint8Array | undefined;
  /** A viem client of the bundle's chain. Without one, only the offline checks are made. */
  client?: Client | undefined;
  /**
   * The AIAttest contracts you trust. Default: the canonical address of every shipped version (identity by
   * derivation). When given, exactly these are trusted: a bundle naming any other contract is
   * `untrusted-contract`.
   */
  trustedContracts?: readonly Address[] | undefined;
  /** Blocks the anchoring transaction must have (the anchor's own block counts as 1). Default 1. */
  minConfirmations?: number | undefined;
  /** The publisher's promised maximum anchor delay (seconds), to flag receipts never anchored in time. */
  maxAnchorDelay?: number | undefined;
};

const offlineChecks: [VerifyCheckName, Check][] = [
  ["contract", checkContract],
  ["content", checkContent],
  ["request", checkRequest],
  ["signature", checkSignature],
  ["modelId", checkModelId],
  ["merkleProof", checkMerkleProof],
];

const onlineChecks: [VerifyCheckName, Check][] = [
  ["chain", checkChain],
  ["model", checkModel],
  ["retirement", checkRetirement],
  ["signerWindow", checkSignerWindow],
  ["batch", checkBatch],
  ["anchorerWindow", checkAnchorerWindow],
  ["timeOrder", checkTimeOrder],
  ["confirmations", checkConfirmations],
  ["onchain", checkOnchain],
  ["anchorDelay", checkAnchorDelay],
];

/**
 * The one verification path (SDK, CLI, proof server and web page all call it). The checks run in the order of
 * PROTOCOL §8: parse the bundle; the contract's identity (canonical address, or one you trust); content and
 * request hashes; the signature (low-s only) and the model id; the Merkle proof; then, with a client: chain id
 * and the contract's code, model and retirement, the signer's window at the claimed and the trusted time, the
 * batch and its anchorer's window, claimed time before anchor time, the anchoring transaction, and the
 * contract's own `verifySignedOutput` verdict. The first failure decides: later checks are not made.
 *
 * Invalid data never throws: it is a result with `valid: false` and a `reason`.
 *
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown, not negative).
 * @throws {InvalidArgumentError} when the response (or a given request) is not text or bytes, or an option is out of range.
 * @example
 * const result = await verifyOutput({ bundle, response: text, client: createPublicClient({ transport: http(rpc) }) })
 * if (!result.valid) console.log(result.reason, result.checks)
 */
export async function verifyOutput({
  bundle: input,
  response,
  request,
  client,
  trustedContracts,
  minConfirmations = 1,
  maxAnchorDelay,
}: VerifyOutputParameters): Promise<VerifyResult> {
  const mode = client ? "online" : "offline";
  for (const [argument, value, min] of [["minConfirmations", minConfirmations, 1], ["maxAnchorDelay", maxAnchorDelay, 0]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new InvalidArgumentError({ argument, expected: `a whole number of blocks or seconds, at least ${min}`, received: String(value) });
    }
  }
  // a missing response is the caller's mistake, not a content mismatch: nothing was there to compare
  for (const [argument, value] of [["response", response], ["request", request]] as const) {
    if (value === undefined && argument === "request") continue;
    if (typeof value !== "string" && !(value instanceof Uint8Array)) {
      throw new InvalidArgumentError({ argument, expected: "the text (a string) or its bytes (a Uint8Array)", received: value === null ? "null" : typeof value });
    }
  }
  if (trustedContracts !== undefined && (!Array.isArray(trustedContracts) || !trustedContracts.every((address) => typeof address === "string" && isAddress(address, { strict: false })))) {
    throw new InvalidArgumentError({ argument: "trustedContracts", expected: "an array of contract addresses", received: Array.isArray(trustedContracts) ? "an array holding something else" : typeof trustedContracts });
  }
  // on Node, WASM keccak for every hash below (a browser keeps the pure-JS keccak unless its page loaded the WASM one):
  // where WASM cannot load, the pure-JS keccak gives the same hashes
  await loadMerkleHasherOnNode().catch(() => undefined);
  const parsed = parseBundle(input);
  if (!parsed.success) {
    const message = `Malformed bundle: ${parsed.issues.map((issue) => `${issue.path || "(bundle)"} ${issue.message}`).join("; ")}.`;
    const checks: VerifyCheck[] = [{ name: "bundle", outcome: "fail", reason: "malformed-bundle", message }, ...notMade(verifyCheckNames.slice(1), "bundle")];
    return { ...emptyResult(mode), checks, unchecked: verifyCheckNames.filter((name) => name !== "bundle"), reason: "malformed-bundle", issues: parsed.issues };
  }
  const bundle = parsed.bundle;
  const output: Output = { ...bundle.output, timestamp: BigInt(bundle.output.timestamp) };
  const context: VerifyContext = {
    bundle,
    output,
    digest: hashOutput({ domain: { chainId: bundle.chainId, contract: bundle.contract }, output }),
    response,
    request,
    trustedContracts,
    minConfirmations,
    maxAnchorDelay,
    chain: client ? readChainFacts({ client, bundle, output }) : undefined,
  };

  const checks: VerifyCheck[] = [{ name: "bundle", outcome: "pass", message: `A well-formed ${bundle.format} bundle.` }];
  let failed: VerifyCheck | undefined;
  for (const [name, check] of [...offlineChecks, ...(client ? onlineChecks : [])]) {
    if (failed) {
      checks.push(...notMade([name], failed.name));
      continue;
    }
    const result = await check(context);
    checks.push(result);
    if (result.outcome === "fail") failed = result;
  }

  if (!client) {
    for (const [name] of onlineChecks) checks.push({ name, outcome: "skip", message: "Not made offline: no chain was read." });
  }
  const made = new Set(checks.filter((check) => check.outcome !== "skip").map((check) => check.name));
  const head = context.chain && made.has("chain") ? await context.chain.head() : null;
  return {
    ...describe(bundle, mode),
    signer: made.has("signature") && checks.find((check) => check.name === "signature")?.outcome === "pass" ? bundle.signer : null,
    valid: failed === undefined,
    reason: failed?.reason ?? null,
    readAt: head ? { chainId: bundle.chainId, blockNumber: Number(head.number), blockHash: head.hash, timestamp: Number(head.timestamp) } : null,
    checks,
    unchecked: verifyCheckNames.filter((name) => !made.has(name)),
  };
}

function notMade(names: readonly VerifyCheckName[], failed: VerifyCheckName): VerifyCheck[] {
  return names.map((name) => ({ name, outcome: "skip", message: `Not made: the ${failed} check failed.` }));
}

function describe(bundle: ProofBundle, mode: VerifyResult["mode"]) {
  return {
    mode,
    status: bundle.anchor ? "anchored" : "signed-only",
    chainId: bundle.chainId,
    contract: bundle.contract,
    publisher: bundle.publisher,
    model: { id: bundle.output.modelId, name: bundle.model.name, version: bundle.model.version },
    claimedAt: bundle.output.timestamp,
    anchoredAt: bundle.anchor?.anchoredAt ?? null,
    blockNumber: bundle.anchor?.blockNumber ?? null,
    txHash: bundle.anchor?.txHash ?? null,
    root: bundle.anchor?.root ?? null,
    recordId: bundle.recordId,
  } as const;
}

function emptyResult(mode: VerifyResult["mode"]): Omit<VerifyResult, "checks" | "unchecked" | "reason"> {
  return {
    valid: false,
    mode,
    status: "signed-only",
    chainId: null,
    contract: null,
    publisher: null,
    model: null,
    signer: null,
    claimedAt: null,
    anchoredAt: null,
    blockNumber: null,
    txHash: null,
    root: null,
    recordId: null,
    readAt: null,
  };
}
