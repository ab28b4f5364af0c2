import type { Client } from "viem";
import { parseBundle } from "../bundle/parseBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { loadMerkleHasher } from "../merkle/loadMerkleHasher.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import type { Output } from "../types/Output.js";
import { checkOffline } from "./checkOffline.js";
import { checkOnline } from "./checkOnline.js";
import { type VerifyCheck, type VerifyResult, verifyCheckNames } from "./VerifyResult.js";

export type VerifyOutputParameters = {
  /** The proof bundle: JSON text, a parsed value, or a `ProofBundle`. Untrusted: it is validated here. */
  bundle: unknown;
  /** The response exactly as delivered (text, or bytes). */
  response: string | Uint8Array;
  /** The request, to check a committed `requestHash` too. */
  request?: string | Uint8Array | undefined;
  /** A viem client of the bundle's chain. Without one, only the offline checks are made. */
  client?: Client | undefined;
  /** Blocks the anchoring transaction must have (the anchor's own block counts as 1). Default 1. */
  minConfirmations?: number | undefined;
  /** The publisher's promised maximum anchor delay (seconds), to flag receipts never anchored in time. */
  maxAnchorDelay?: number | undefined;
};

/**
 * The one verification path (SDK, CLI, proof server and web page all call it). In order: parse the bundle;
 * recompute content hashes; recover the signer (low-s only) and bind the model id; check the Merkle proof;
 * then, with a client: chain id, model and retirement, the signer's window at the claimed and the trusted
 * time, the batch and its anchorer's window, claimed time before anchor time, confirmations, and the
 * contract's own `verifySignedOutput` verdict.
 *
 * Invalid data never throws: it is a result with `valid: false` and a `reason`.
 *
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown, not negative).
 * @throws {InvalidArgumentError} when `minConfirmations` or `maxAnchorDelay` is not a whole number.
 * @example
 * const result = await verifyOutput({ bundle, response: text, client: createPublicClient({ transport: http(rpc) }) })
 * if (!result.valid) console.log(result.reason, result.checks)
 */
export async function verifyOutput({
  bundle: input,
  response,
  request,
  client,
  minConfirmations = 1,
  maxAnchorDelay,
}: VerifyOutputParameters): Promise<VerifyResult> {
  const mode = client ? "online" : "offline";
  for (const [argument, value] of [["minConfirmations", minConfirmations], ["maxAnchorDelay", maxAnchorDelay]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new InvalidArgumentError({ argument, expected: "a whole number of blocks or seconds", received: String(value) });
    }
  }
  // WASM keccak for every hash below; where WASM cannot load (a strict CSP), the pure-JS keccak gives the same hashes
  await loadMerkleHasher().catch(() => undefined);
  const parsed = parseBundle(input);
  if (!parsed.success) {
    const checks: VerifyCheck[] = [
      { name: "bundle", outcome: "fail", reason: "malformed-bundle", message: `Malformed bundle: ${parsed.issues.map((issue) => `${issue.path || "(bundle)"} ${issue.message}`).join("; ")}.` },
    ];
    return { ...emptyResult(mode), checks, unchecked: verifyCheckNames.filter((name) => name !== "bundle"), reason: "malformed-bundle", issues: parsed.issues };
  }
  const bundle = parsed.bundle;
  const output: Output = { ...bundle.output, timestamp: BigInt(bundle.output.timestamp) };

  const checks: VerifyCheck[] = [{ name: "bundle", outcome: "pass", message: `A well-formed ${bundle.format} bundle.` }];
  const offline = await checkOffline({ bundle, output, response, request });
  checks.push(...offline.checks);
  if (client) {
    checks.push(...(await checkOnline({ client, bundle, output, minConfirmations, maxAnchorDelay })));
  }

  const failed = checks.find((check) => check.outcome === "fail");
  const made = new Set(checks.filter((check) => check.outcome !== "skip").map((check) => check.name));
  return {
    ...describe(bundle, mode),
    signer: offline.signer,
    valid: failed === undefined,
    reason: failed?.reason ?? null,
    checks,
    unchecked: verifyCheckNames.filter((name) => !made.has(name)),
  };
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
  };
}
