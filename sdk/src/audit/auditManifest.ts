import type { Address, Block, Client } from "viem";
import { getBlock, getChainId, getCode } from "viem/actions";
import { getBatch } from "../actions/getBatch.js";
import { readAttest } from "../actions/readAttest.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { MerkleManifestFieldError } from "../errors/MerkleManifestFieldError.js";
import { MerkleManifestFormatError } from "../errors/MerkleManifestFormatError.js";
import { MerkleManifestJsonError } from "../errors/MerkleManifestJsonError.js";
import { MerkleManifestRootMismatchError } from "../errors/MerkleManifestRootMismatchError.js";
import { loadMerkleHasherOnNode } from "../hashing/loadMerkleHasherOnNode.js";
import type { BatchManifest } from "../merkle/BatchManifest.js";
import { checkManifest } from "../merkle/checkManifest.js";
import { findAnchorEvent } from "../pipeline/anchorer/findAnchorEvent.js";
import { formatUnixTime } from "../time/formatUnixTime.js";
import { checkChainDeployment } from "../verify/checkChainDeployment.js";
import { checkContractTrust } from "../verify/checkContractTrust.js";
import { type AuditCheck, type AuditManifestResult, type AuditedAnchor, auditCheckNames } from "./AuditManifestResult.js";
import { canonicalOrderIssue } from "./canonicalOrderIssue.js";
import { maxManifestBytes } from "./maxManifestBytes.js";

export type AuditManifestParameters = {
  /** The manifest: JSON text or its UTF-8 bytes (at most {@link maxManifestBytes}). Untrusted: validated here. */
  manifest: string | Uint8Array;
  /** A viem client of the manifest's chain. */
  client: Client;
  /**
   * The URI the anchor must name: the URL the manifest was fetched from (see `fetchManifest`), or the URI the
   * publisher says it publishes it at. Undefined: the `uri` check is not made (listed in `unchecked`).
   */
  manifestUri?: string | undefined;
  /** The AIAttest contracts you trust. Default: the canonical address of every shipped version (as `verifyOutput`). */
  trustedContracts?: readonly Address[] | undefined;
  /** Blocks the anchoring transaction must have (its own block counts as 1). Default 1. */
  minConfirmations?: number | undefined;
};

export type AuditManifestReturnType = {
  result: AuditManifestResult;
  /** The validated manifest (leaves in tree order), or null when malformed. Its root is rebuilt, not trusted. */
  manifest: BatchManifest | null;
};

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Audits a batch manifest against the chain: validates every field, rebuilds the root from the leaves, then reads
 * at one block whether the manifest's publisher anchored that root on a trusted AIAttest deployment (the same trust
 * root and chain checks as `verifyOutput`), by an anchorer valid at the anchor time (the contract's own
 * `isValidAnchorer`: a revoked key voids its anchors), with the manifest's leaf count, and by a `BatchAnchored`
 * event naming the URI the manifest came from. The first failure decides; later checks are not made.
 *
 * Invalid data never throws: it is a result with `valid: false` and a `reason`.
 *
 * @throws {ChainReadError} when the RPC fails (the verdict is unknown, not negative).
 * @throws {InvalidArgumentError} when `minConfirmations` is not a whole number of at least 1.
 * @example
 * const { result } = await auditManifest({ manifest: await readFile("0xabc….json"), client, manifestUri: "https://lab.example/v1/manifests/0xabc….json" })
 * if (!result.valid) console.log(result.reason, result.checks)
 */
export async function auditManifest({ manifest: input, client, manifestUri, trustedContracts, minConfirmations = 1 }: AuditManifestParameters): Promise<AuditManifestReturnType> {
  if (!Number.isSafeInteger(minConfirmations) || minConfirmations < 1) {
    throw new InvalidArgumentError({ argument: "minConfirmations", expected: "a whole number of blocks, at least 1", received: String(minConfirmations) });
  }
  const checks: AuditCheck[] = [];
  const expectedUri = manifestUri ?? null;
  const verdict = (extra: Partial<AuditManifestResult> = {}): AuditManifestResult => {
    const failed = checks.find((check) => check.outcome === "fail");
    const made = new Set(checks.filter((check) => check.outcome !== "skip").map((check) => check.name));
    for (const name of auditCheckNames) {
      if (!checks.some((check) => check.name === name)) checks.push({ name, outcome: "skip", message: `Not made: the ${failed?.name} check failed.` });
    }
    return {
      valid: failed === undefined,
      reason: failed?.reason ?? null,
      manifest: null,
      expectedUri,
      anchor: null,
      readAt: null,
      ...extra,
      checks,
      unchecked: auditCheckNames.filter((name) => !made.has(name)),
    };
  };

  // manifest and root: every field, then the root rebuilt from the leaves (checkManifest does both, in that order)
  await loadMerkleHasherOnNode().catch(() => undefined);
  const loaded = await load(input);
  if ("issue" in loaded) {
    const { issue } = loaded;
    if (issue.path === "root" && issue.isRootMismatch) {
      checks.push({ name: "manifest", outcome: "pass", message: "Every field of the manifest is well-formed." });
      checks.push({ name: "root", outcome: "fail", reason: "root-mismatch", message: `root mismatch: ${issue.message}` });
      return { result: verdict(), manifest: null };
    }
    checks.push({ name: "manifest", outcome: "fail", reason: "malformed-manifest", message: `Malformed manifest: ${issue.path === "$" ? "" : `${issue.path}: `}${issue.message}` });
    return { result: verdict({ issues: [{ path: issue.path, message: issue.message }] }), manifest: null };
  }
  const manifest = loaded.manifest;
  // the canonical order: nothing on chain commits to an order, so only the one the lab writes can be trusted
  const disorder = canonicalOrderIssue(manifest);
  if (disorder !== null) {
    checks.push({ name: "manifest", outcome: "fail", reason: "malformed-manifest", message: `Malformed manifest: ${disorder.path}: ${disorder.message}` });
    return { result: verdict({ issues: [disorder] }), manifest: null };
  }
  const { chainId, contract, publisher, root } = manifest;
  const summary = { chainId, contract, publisher, root, sortLeaves: manifest.sortLeaves, leafCount: manifest.leaves.length };
  checks.push({ name: "manifest", outcome: "pass", message: `A well-formed ${manifest.format} manifest of ${summary.leafCount} leaves.` });
  checks.push({ name: "root", outcome: "pass", message: `The leaves rebuild the manifest's root ${root}.` });

  // contract: the same trust root as verifyOutput
  const trust = checkContractTrust({ contract, trustedContracts }, "manifest");
  if (!trust.isTrusted) {
    checks.push({ name: "contract", outcome: "fail", reason: "untrusted-contract", message: trust.message });
    return { result: verdict({ manifest: summary }), manifest };
  }
  checks.push({ name: "contract", outcome: "pass", message: trust.message });

  // chain: every read below is pinned to this block
  const head = await guard("eth_getBlockByNumber", () => getBlock(client, { blockTag: "latest" }));
  const readAt = { chainId, blockNumber: Number(head.number), blockHash: head.hash, timestamp: Number(head.timestamp) };
  const blockNumber = head.number;
  const chain = await checkChainDeployment(
    {
      chainId,
      contract,
      chain: {
        chainId: () => guard("eth_chainId", () => getChainId(client)),
        head: async () => head as Block<bigint, false, "latest">,
        code: (address) => guard("eth_getCode", () => getCode(client, { address, blockNumber })),
      },
    },
    "manifest",
  );
  checks.push(chain);
  if (chain.outcome === "fail") return { result: verdict({ manifest: summary, readAt: chain.reason === "wrong-chain" ? null : readAt }), manifest };

  // batch: the publisher anchored this root
  const batch = await getBatch(client, { contract, publisher, root, blockNumber });
  if (batch === null) {
    checks.push({ name: "batch", outcome: "fail", reason: "not-anchored", message: `not anchored: ${publisher} has not anchored root ${root} at ${contract} on chain ${chainId} (as of block ${head.number}).` });
    return { result: verdict({ manifest: summary, readAt }), manifest };
  }
  const anchor: AuditedAnchor = { anchorer: batch.anchorer, anchoredAt: Number(batch.anchoredAt), count: batch.count, txHash: null, blockNumber: null, uri: null };
  const result = (extra: Partial<AuditManifestResult> = {}) => ({ result: verdict({ manifest: summary, readAt, anchor, ...extra }), manifest });
  checks.push({ name: "batch", outcome: "pass", message: `${publisher} anchored root ${root} through ${batch.anchorer} at ${formatUnixTime(batch.anchoredAt)}.` });

  // anchorerWindow: the contract's own rule (the one verifyOutput reads), so a revoked key's anchors are void
  const valid = await readAttest(client, { contract, functionName: "isValidAnchorer", args: [publisher, batch.anchorer, batch.anchoredAt], blockNumber });
  if (!(valid.ok && valid.value)) {
    checks.push({
      name: "anchorerWindow",
      outcome: "fail",
      reason: "anchorer-not-authorized",
      message: `${batch.anchorer} was not a valid anchorer of ${publisher} at ${formatUnixTime(batch.anchoredAt)}: the anchor is void (its key was revoked back to before it?).`,
    });
    return result();
  }
  checks.push({ name: "anchorerWindow", outcome: "pass", message: `${batch.anchorer} could anchor for ${publisher} at the anchor time.` });

  // count: the anchor commits to the number of leaves
  if (batch.count !== summary.leafCount) {
    checks.push({ name: "count", outcome: "fail", reason: "count-mismatch", message: `count mismatch: the anchor says ${batch.count} outputs; the manifest lists ${summary.leafCount} leaves.` });
    return result();
  }
  checks.push({ name: "count", outcome: "pass", message: `The anchor's count, ${batch.count}, is the manifest's number of leaves.` });

  // event: the BatchAnchored event that made this anchor, found from its time (no log scan from genesis)
  const event = await guard("eth_getLogs", () => findAnchorEvent({ client, deployment: { chainId, contract, publisher } }, { root, anchoredAt: batch.anchoredAt }));
  if (event === null || BigInt(event.blockNumber) > head.number) {
    checks.push({ name: "event", outcome: "fail", reason: "anchor-tx-not-found", message: `No BatchAnchored event of ${publisher} for root ${root} is in the blocks of time ${formatUnixTime(batch.anchoredAt)}.` });
    return result();
  }
  Object.assign(anchor, { txHash: event.txHash, blockNumber: event.blockNumber, uri: event.uri });
  if (event.anchorer !== batch.anchorer) {
    checks.push({ name: "event", outcome: "fail", reason: "anchor-mismatch", message: `anchor mismatch: the event names anchorer ${event.anchorer}; the stored batch, ${batch.anchorer}.` });
    return result();
  }
  checks.push({ name: "event", outcome: "pass", message: `Anchored by transaction ${event.txHash} in block ${event.blockNumber}, naming manifest URI ${JSON.stringify(event.uri)}.` });

  // uri: the anchor names where the manifest came from
  if (expectedUri === null) {
    checks.push({ name: "uri", outcome: "skip", message: `Not made: the manifest was not read from a URI and none was given; the anchor names ${JSON.stringify(event.uri)}.` });
  } else if (event.uri !== expectedUri) {
    checks.push({ name: "uri", outcome: "fail", reason: "uri-mismatch", message: `URI mismatch: the anchor names manifest URI ${JSON.stringify(event.uri)}, not ${JSON.stringify(expectedUri)}.` });
    return result();
  } else {
    checks.push({ name: "uri", outcome: "pass", message: `The anchor names this manifest's URI, ${JSON.stringify(event.uri)}.` });
  }

  // confirmations: deep enough below the block read
  const confirmations = head.number - BigInt(event.blockNumber) + 1n;
  checks.push(
    confirmations >= BigInt(minConfirmations)
      ? { name: "confirmations", outcome: "pass", message: `${confirmations} confirmation(s) (needed ${minConfirmations}).` }
      : { name: "confirmations", outcome: "fail", reason: "insufficient-confirmations", message: `Only ${confirmations} confirmation(s); ${minConfirmations} needed. Wait and audit again.` },
  );
  return result();
}

type LoadIssue = { path: string; message: string; isRootMismatch: boolean };

async function load(input: string | Uint8Array): Promise<{ manifest: BatchManifest } | { issue: LoadIssue }> {
  const refuse = (message: string, path = "$") => ({ issue: { path, message, isRootMismatch: false } });
  let text: string;
  if (input instanceof Uint8Array) {
    if (input.length > maxManifestBytes) return refuse(`larger than ${maxManifestBytes} bytes`);
    try {
      text = utf8.decode(input);
    } catch {
      return refuse("not UTF-8 text");
    }
  } else if (typeof input === "string") {
    if (input.length > maxManifestBytes) return refuse(`larger than ${maxManifestBytes} bytes`);
    text = input;
  } else {
    return refuse("expected the manifest's JSON text or bytes");
  }
  try {
    return { manifest: (await checkManifest(text)).manifest };
  } catch (error) {
    if (error instanceof MerkleManifestRootMismatchError) return { issue: { path: "root", message: error.shortMessage, isRootMismatch: true } };
    if (error instanceof MerkleManifestFieldError) return refuse(error.shortMessage.replace(/^Invalid batch manifest field "[^"]*": /, "").replace(/\.$/, ""), error.field);
    if (error instanceof MerkleManifestJsonError || error instanceof MerkleManifestFormatError) return refuse(error.shortMessage.replace(/\.$/, ""));
    throw error;
  }
}

async function guard<value>(action: string, read: () => Promise<value>): Promise<value> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ChainReadError) throw error;
    throw new ChainReadError({ action, cause: error });
  }
}

