import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Address, type Client, createPublicClient } from "viem";
import { z } from "zod";
import { auditBundle, type AuditBundleResult, type AuditBundleSkip } from "../../audit/auditBundle.js";
import { auditManifest } from "../../audit/auditManifest.js";
import type { AuditManifestResult } from "../../audit/AuditManifestResult.js";
import { fetchManifest } from "../../audit/fetchManifest.js";
import { maxManifestBytes } from "../../audit/maxManifestBytes.js";
import { maxBundleBytes } from "../../bundle/parseBundle.js";
import { describeRpcUrl } from "../../config/describeRpcUrl.js";
import { loadConfig } from "../../config/loadConfig.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { rpcTransport, splitRpcUrls } from "../../config/rpcTransport.js";
import { CliError } from "../../errors/CliError.js";
import { ManifestFetchError } from "../../errors/ManifestFetchError.js";
import type { BatchManifest } from "../../merkle/BatchManifest.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";
import { parseOptions } from "../parseOptions.js";
import { readInputFile } from "../readInputFile.js";
import { readStdin } from "../readStdin.js";

const auditOptionsSchema = z.object({
  manifest: z.string({ error: "is required: a manifest file, an http(s) URL, or - for standard input" }).min(1),
  bundles: z.string().min(1, "expected a folder").optional(),
  uri: z.string().min(1, "expected the URI the manifest is published at").max(2048).optional(),
  config: z.string().min(1, "expected a file path").optional(),
  rpc: z.union([z.string(), z.array(z.string())]).optional(),
  contract: z.string().optional(),
  minConfirmations: wholeNumberOption({ min: 1, max: 1_000_000 }).optional(),
});

export type AuditOptions = z.input<typeof auditOptionsSchema>;

/** Bundles verified at once (each makes a dozen RPC reads). */
const concurrency = 4;

/** One bundle file's outcome, without `verifyOutput`'s full check list (kept small for big batches). */
export type AuditedBundleFile =
  | { file: string; status: "skipped"; skip: AuditBundleSkip; message: string }
  | { file: string; status: "valid" | "invalid"; reason: string | null; message: string; leafIndex: number | null; isContentChecked: boolean; recordId: string | null };

export type AuditBundlesSummary = {
  dir: string;
  files: AuditedBundleFile[];
  valid: number;
  /** Valid bundles whose response was beside them (`<name>.response.txt`) and checked. */
  validWithContent: number;
  invalid: number;
  invalidByReason: Record<string, number>;
  skipped: number;
  skippedByKind: Partial<Record<AuditBundleSkip, number>>;
  /** Leaves of the manifest that no valid bundle in the folder proves. */
  leavesWithoutBundle: number;
};

export type AuditCommandResult = AuditManifestResult & {
  /** Where the manifest was read: a URL, a file (its path) or standard input, with its size and SHA-256. */
  source: { kind: "url" | "file" | "stdin"; location: string; bytes: number; sha256: string };
  rpc: string;
  /** The contracts trusted by `--contract`/AIATTEST_CONTRACT; null: the canonical addresses. */
  trustedContracts: readonly Address[] | null;
  /** With `--bundles`, once the manifest audit passed; null otherwise. */
  bundles: AuditBundlesSummary | null;
  /** Why `--bundles` was not audited (the manifest failed); null otherwise. */
  bundlesNotAudited: string | null;
};

/**
 * `aiattest audit <manifest>`: audits a batch manifest (a file, an http(s) URL, or `-`) against the chain with
 * `auditManifest` (fields, root rebuilt, anchored by its publisher on a trusted deployment with its count and URI,
 * by an anchorer valid then), and with `--bundles <dir>` every `*.json` file in that folder with `auditBundle`
 * (bundles of another chain, contract, publisher or root are skipped and never counted members; JSON that does not
 * claim the bundle format is skipped; anything else that does not verify, a file that is not JSON or one padded past
 * any size included, is counted invalid; a `<name>.response.txt` beside `<name>.json` lets the content be checked
 * too). Trusts exactly what `verify` trusts: the canonical address, or only `--contract`/AIATTEST_CONTRACT.
 *
 * @throws {CliError} (exit 2) for bad options, no RPC, a manifest that cannot be read or fetched, or a missing folder.
 * @throws {ChainReadError} (exit 3) when the chain cannot be reached: the verdict is unknown.
 * @example
 * const result = await audit({ manifest: "https://lab.example/v1/manifests/0xabc….json", bundles: "./proofs", rpc: "http://127.0.0.1:8545" }, context)
 */
export async function audit(options: AuditOptions, context: CommandContext): Promise<AuditCommandResult> {
  const parsed = parseOptions(auditOptionsSchema, options, { positionals: ["manifest"] });
  const { cwd, env } = context;
  const rpcFlags = parsed.rpc === undefined ? [] : [parsed.rpc].flat();
  const config = loadConfig({ env, cwd, file: parsed.config, readDefaultFile: false, overrides: { rpcUrl: rpcFlags.length === 1 ? rpcFlags[0] : undefined, contract: parsed.contract } });
  for (const warning of config.warnings) context.logger?.warn(warning);
  const contract = optionalSetting(config, "contract");
  const trustedContracts = contract === undefined ? undefined : [contract];
  const { client, rpc } = connect();

  // the manifest: fetched (the anchor must then name that very URL), read from a file, or from standard input
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(parsed.manifest);
  if (isUrl && !/^https?:\/\//i.test(parsed.manifest)) {
    throw new CliError({ message: `The manifest ${JSON.stringify(parsed.manifest)} is a URL that is not http(s): give an http(s) URL, a file path, or - for standard input`, exitCode: exitCodes.usage });
  }
  if (isUrl && parsed.uri !== undefined) {
    throw new CliError({ message: "--uri is for a manifest read from a file or standard input: a fetched manifest is compared with the URL it was fetched from", exitCode: exitCodes.usage });
  }
  const bytes = await readManifest();
  const source = {
    kind: isUrl ? ("url" as const) : parsed.manifest === "-" ? ("stdin" as const) : ("file" as const),
    location: isUrl ? parsed.manifest : parsed.manifest === "-" ? "(standard input)" : parsed.manifest,
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
  context.logger?.info(`Auditing the manifest on chain through ${rpc}…`);
  const { result, manifest } = await auditManifest({ manifest: bytes, client, manifestUri: isUrl ? parsed.manifest : parsed.uri, trustedContracts, minConfirmations: parsed.minConfirmations });

  let bundles: AuditBundlesSummary | null = null;
  let bundlesNotAudited: string | null = null;
  if (parsed.bundles !== undefined) {
    if (result.valid && manifest) bundles = await auditFolder({ dir: parsed.bundles, manifest });
    else bundlesNotAudited = `The bundles in ${parsed.bundles} were not audited: the manifest failed its ${result.checks.find((check) => check.outcome === "fail")?.name ?? ""} check.`;
  }
  return { ...result, source, rpc, trustedContracts: trustedContracts ?? null, bundles, bundlesNotAudited };

  async function readManifest(): Promise<Uint8Array> {
    if (isUrl) {
      try {
        return await fetchManifest({ url: parsed.manifest });
      } catch (error) {
        if (error instanceof ManifestFetchError) throw new CliError({ message: error.shortMessage, exitCode: exitCodes.usage });
        throw error;
      }
    }
    if (parsed.manifest === "-") return readStdin();
    const size = await stat(resolve(cwd, parsed.manifest)).then((stats) => stats.size, () => 0);
    if (size > maxManifestBytes) throw new CliError({ message: `The manifest file ${parsed.manifest} is ${size} bytes: more than the ${maxManifestBytes} allowed`, exitCode: exitCodes.usage });
    return readInputFile({ path: parsed.manifest, cwd, what: "manifest" });
  }

  async function auditFolder({ dir, manifest }: { dir: string; manifest: BatchManifest }): Promise<AuditBundlesSummary> {
    const folder = resolve(cwd, dir);
    let names: string[];
    try {
      names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith(".json")).map((entry) => entry.name).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError({ message: `Cannot read the bundles folder ${dir}: ${code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : (code ?? "read error")}`, exitCode: exitCodes.usage });
    }
    const files: AuditedBundleFile[] = new Array(names.length);
    const progress = context.logger?.progress({ total: names.length, label: "Auditing bundles" });
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < names.length; index = next++) {
        files[index] = await auditFile(join(folder, names[index]!), names[index]!, manifest);
        progress?.increment();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
    } finally {
      progress?.stop();
    }
    return summarize({ dir, files, leafCount: manifest.leaves.length });
  }

  async function auditFile(path: string, file: string, manifest: BatchManifest): Promise<AuditedBundleFile> {
    const size = (await stat(path)).size;
    // larger than any manifest too: not read, and counted invalid, never skipped, so that padding a tampered bundle
    // cannot take it out of the invalid count (one up to that size is read: JSON not claiming the bundle format is
    // skipped, a manifest say; one claiming it is refused by its size, as malformed-bundle)
    if (size > maxManifestBytes) {
      const message = `Malformed bundle: ${size} bytes, larger than any proof bundle (${maxBundleBytes}) or manifest (${maxManifestBytes}); not read, and counted invalid so that padding cannot hide a bundle.`;
      return { file, status: "invalid", reason: "malformed-bundle", message, leafIndex: null, isContentChecked: false, recordId: null };
    }
    const bundle = await readInputFile({ path, cwd, what: "bundle" });
    const responsePath = `${path.slice(0, -".json".length)}.response.txt`;
    const response = await stat(responsePath).then(
      (stats) => (stats.isFile() ? readInputFile({ path: responsePath, cwd, what: "response" }) : undefined),
      () => undefined,
    );
    const audited: AuditBundleResult = await auditBundle({ bundle, response, manifest, client, trustedContracts, minConfirmations: parsed.minConfirmations });
    if (audited.status === "skipped") return { file, status: "skipped", skip: audited.skip, message: audited.message };
    const { status, reason, message, leafIndex, isContentChecked, recordId } = audited;
    return { file, status, reason, message, leafIndex, isContentChecked, recordId };
  }

  function connect(): { client: Client; rpc: string } {
    if (context.transport) return { client: createPublicClient({ transport: context.transport }), rpc: "(the injected transport)" };
    const listed = rpcFlags.length > 1 ? rpcFlags : splitRpcUrls(optionalSetting(config, "rpcUrl") ?? "");
    if (listed.length > 1) {
      throw new CliError({ message: "audit reads the chain through one RPC: give one --rpc (or one URL in AIATTEST_RPC_URL); several RPCs with a quorum are for verify", exitCode: exitCodes.usage });
    }
    const rpcUrl = optionalSetting(config, "rpcUrl");
    if (rpcUrl === undefined) {
      throw new CliError({ message: "No RPC to audit on: pass --rpc <url> or set AIATTEST_RPC_URL (an RPC of the manifest's chain)", exitCode: exitCodes.usage });
    }
    return { client: createPublicClient({ transport: rpcTransport(rpcUrl) }), rpc: describeRpcUrl(rpcUrl) };
  }
}

function summarize({ dir, files, leafCount }: { dir: string; files: AuditedBundleFile[]; leafCount: number }): AuditBundlesSummary {
  const invalidByReason: Record<string, number> = {};
  const skippedByKind: Partial<Record<AuditBundleSkip, number>> = {};
  const proven = new Set<number>();
  let valid = 0;
  let validWithContent = 0;
  for (const file of files) {
    if (file.status === "skipped") skippedByKind[file.skip] = (skippedByKind[file.skip] ?? 0) + 1;
    else if (file.status === "invalid") invalidByReason[file.reason ?? "invalid"] = (invalidByReason[file.reason ?? "invalid"] ?? 0) + 1;
    else {
      valid++;
      if (file.isContentChecked) validWithContent++;
      if (file.leafIndex !== null) proven.add(file.leafIndex);
    }
  }
  const invalid = Object.values(invalidByReason).reduce((sum, count) => sum + count, 0);
  return { dir, files, valid, validWithContent, invalid, invalidByReason, skipped: files.length - valid - invalid, skippedByKind, leavesWithoutBundle: leafCount - proven.size };
}
