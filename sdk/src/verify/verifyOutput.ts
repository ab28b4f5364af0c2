import { type Address, type Client, isAddress } from "viem";
import { getBlockNumber } from "viem/actions";
import { parseBundle } from "../bundle/parseBundle.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { loadMerkleHasherOnNode } from "../hashing/loadMerkleHasherOnNode.js";
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
import { type RpcVerdict, type VerifyCheck, type VerifyCheckName, type VerifyResult, verifyCheckNames } from "./VerifyResult.js";

export type VerifyOutputParameters = VerifyOutputInputs & (
  | {
      /** The response exactly as delivered (text, or bytes). */
      response: string | Uint8Array;
      withoutResponse?: false | undefined;
    }
  | {
      response?: undefined;
      /**
       * Verify without the response, when the caller has none (an auditor holding only a batch's bundles): the
       * `content` check is not made and is listed in `unchecked`, so a valid verdict says nothing about any text.
       */
      withoutResponse: true;
    }
);

type VerifyOutputInputs = {
  /**
   * The proof bundle: JSON text or its bytes (checked strictly, PROTOCOL §7), or a value you parsed (then only the
   * schema applies: duplicate keys your parser resolved are not seen). Untrusted: it is validated here.
   */
  bundle: unknown;
  /** The request, to check that the output commits it. Given but not committed (or withheld) is a failure. */
  request?: string | Uint8Array | undefined;
  /**
   * A viem client of the bundle's chain, or several of independent RPCs: then the online checks run on each, all
   * pinned to one block number (the lowest head among them), and the verdict is the one `quorum` of them give
   * alike (same block hash, same outcome of every check); otherwise `rpc-disagreement`. Without one, only the
   * offline checks are made.
   */
  client?: Client | readonly Client[] | undefined;
  /** With several clients: how many must give the same verdict. Default: all of them. */
  quorum?: number | undefined;
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
  withoutResponse = false,
  request,
  client,
  trustedContracts,
  minConfirmations = 1,
  maxAnchorDelay,
  quorum: asked,
}: VerifyOutputParameters): Promise<VerifyResult> {
  const clients: readonly Client[] = client === undefined ? [] : Array.isArray(client) ? client : [client as Client];
  const mode = clients.length > 0 ? "online" : "offline";
  const quorum = asked ?? clients.length;
  if (asked !== undefined && (!Number.isSafeInteger(asked) || asked < 1 || asked > Math.max(clients.length, 1))) {
    throw new InvalidArgumentError({ argument: "quorum", expected: `a whole number from 1 to the number of clients (${clients.length})`, received: String(asked) });
  }
  for (const [argument, value, min] of [["minConfirmations", minConfirmations, 1], ["maxAnchorDelay", maxAnchorDelay, 0]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new InvalidArgumentError({ argument, expected: `a whole number of blocks or seconds, at least ${min}`, received: String(value) });
    }
  }
  // a missing response is the caller's mistake, not a content mismatch: nothing was there to compare
  if (withoutResponse && response !== undefined) {
    throw new InvalidArgumentError({ argument: "response", expected: "no response with withoutResponse", received: typeof response === "string" ? "a string" : "bytes" });
  }
  for (const [argument, value] of [["response", response], ["request", request]] as const) {
    if (value === undefined && (argument === "request" || withoutResponse)) continue;
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
    chain: clients.length === 1 ? readChainFacts({ client: clients[0]!, bundle, output }) : undefined,
  };

  const checks: VerifyCheck[] = [{ name: "bundle", outcome: "pass", message: `A well-formed ${bundle.format} bundle.` }];
  let failed = await runChecks(context, offlineChecks, checks);
  let rpcs: RpcVerdict[] | undefined;
  if (clients.length === 0) {
    for (const [name] of onlineChecks) checks.push({ name, outcome: "skip", message: "Not made offline: no chain was read." });
  } else if (failed) {
    checks.push(...notMade(onlineChecks.map(([name]) => name), failed.name));
  } else if (clients.length === 1) {
    failed = await runChecks(context, onlineChecks, checks);
  } else {
    const agreed = await checkOnEach({ clients, quorum, context });
    checks.push(...agreed.checks);
    failed = agreed.checks.find((check) => check.outcome === "fail");
    context.chain = agreed.chain;
    rpcs = agreed.rpcs;
  }

  const made = new Set(checks.filter((check) => check.outcome !== "skip").map((check) => check.name));
  const head = context.chain && made.has("chain") ? await context.chain.head() : null;
  return {
    ...(rpcs ? { rpcs } : {}),
    ...describe(bundle, mode),
    signer: made.has("signature") && checks.find((check) => check.name === "signature")?.outcome === "pass" ? bundle.signer : null,
    valid: failed === undefined,
    reason: failed?.reason ?? null,
    readAt: head ? { chainId: bundle.chainId, blockNumber: Number(head.number), blockHash: head.hash, timestamp: Number(head.timestamp) } : null,
    checks,
    unchecked: verifyCheckNames.filter((name) => !made.has(name)),
  };
}

/** Runs `list` in order into `checks`: the first failure decides, and every check after it is reported as not made. */
async function runChecks(context: VerifyContext, list: [VerifyCheckName, Check][], checks: VerifyCheck[]): Promise<VerifyCheck | undefined> {
  let failed: VerifyCheck | undefined;
  for (const [name, check] of list) {
    if (failed) {
      checks.push(...notMade([name], failed.name));
      continue;
    }
    const result = await check(context);
    checks.push(result);
    if (result.outcome === "fail") failed = result;
  }
  return failed;
}

/**
 * The online checks on each of several RPCs, all pinned to the lowest of their heads: the verdict `quorum` of
 * them give alike (the same block hash and the same outcome, reason and message of every check), with what each
 * said. No verdict given alike by `quorum` of them, or two that are (a quorum of half or less), among differing
 * verdicts is `rpc-disagreement` (the chain check fails with it); fewer than `quorum` reachable at all is a
 * `ChainReadError`.
 */
/** Blocks an RPC's head may lag the median head and still answer (RPCs a few blocks apart are common). */
const maxLag = 5n;

async function checkOnEach({ clients, quorum, context }: { clients: readonly Client[]; quorum: number; context: VerifyContext }) {
  const heads = await Promise.allSettled(clients.map((client) => getBlockNumber(client, { cacheTime: 0 })));
  const reachable = heads.flatMap((head) => (head.status === "fulfilled" ? [head.value] : []));
  const unreachable = () => {
    const failure = heads.find((head) => head.status === "rejected");
    return new ChainReadError({ action: `fewer than ${quorum} of ${clients.length} RPCs answered`, cause: failure?.status === "rejected" ? failure.reason : undefined });
  };
  if (reachable.length < quorum) throw unreachable();
  // the block every RPC is read at: RPCs more than maxLag blocks behind the median head do not answer (one
  // reporting an old head cannot drag the verdict into the past), then the quorum-th highest head of the others, so
  // every RPC of a quorum has it
  const descending = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);
  const median = [...reachable].sort(descending)[Math.floor((reachable.length - 1) / 2)]!;
  const current = (head: bigint) => head + maxLag >= median;
  const ranked = reachable.filter(current).sort(descending);
  if (ranked.length < quorum) throw unreachable();
  const blockNumber = ranked[quorum - 1]!;
  // a bundle anchored after that block cannot be judged there: unknown, not "not anchored"
  if (context.bundle.anchor && BigInt(context.bundle.anchor.blockNumber) > blockNumber) {
    throw new ChainReadError({ action: `the RPCs' common block ${blockNumber} is below the bundle's anchor block ${context.bundle.anchor.blockNumber}`, cause: undefined });
  }
  const runs = await Promise.all(
    clients.map(async (client, rpc) => {
      const head = heads[rpc]!;
      if (head.status === "rejected" || head.value < blockNumber || !current(head.value)) return { rpc, error: true as const };
      const chain = readChainFacts({ client, bundle: context.bundle, output: context.output, blockNumber });
      const checks: VerifyCheck[] = [];
      try {
        const failed = await runChecks({ ...context, chain }, onlineChecks, checks);
        return { rpc, chain, checks, failed, blockHash: (await chain.head()).hash };
      } catch {
        // whatever one RPC's answers made go wrong (a transport error, an answer no AIAttest gives) is that RPC's:
        // it does not answer, and cannot turn the verdict negative
        return { rpc, error: true as const };
      }
    }),
  );
  const rpcs: RpcVerdict[] = runs.map((run) =>
    "error" in run ? { rpc: run.rpc, valid: null, reason: null, blockHash: null } : { rpc: run.rpc, valid: !run.failed, reason: run.failed?.reason ?? null, blockHash: run.blockHash },
  );
  const groups = new Map<string, Exclude<(typeof runs)[number], { error: true }>[]>();
  for (const run of runs) {
    if ("error" in run) continue;
    const key = JSON.stringify([run.blockHash, run.checks.map((check) => [check.name, check.outcome, check.reason ?? null, check.message])]);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  // one verdict reaches the quorum, and no other does (a quorum of half or less could be reached twice)
  const reached = [...groups.values()].filter((group) => group.length >= quorum);
  if (reached.length === 1) return { checks: reached[0]![0]!.checks, chain: reached[0]![0]!.chain, rpcs };
  if (groups.size < 2) throw unreachable();
  const said = rpcs.map((verdict) => `RPC ${verdict.rpc + 1} ${verdict.valid === null ? "unreachable" : verdict.valid ? "valid" : `invalid (${verdict.reason})`}${verdict.blockHash ? ` at block hash ${verdict.blockHash}` : ""}`);
  const disagreement: VerifyCheck = {
    name: "chain",
    outcome: "fail",
    reason: "rpc-disagreement",
    message: `The RPCs disagree at block ${blockNumber}: no ${quorum} of the ${clients.length} give the same verdict (${said.join("; ")}). The verdict is unknown, not negative.`,
  };
  return { checks: [disagreement, ...notMade(onlineChecks.slice(1).map(([name]) => name), "chain")], chain: undefined, rpcs };
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
