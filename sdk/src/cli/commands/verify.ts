import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type Address, type Client, createPublicClient } from "viem";
import { z } from "zod";
import { maxBundleBytes } from "../../bundle/parseBundle.js";
import { describeRpcUrl } from "../../config/describeRpcUrl.js";
import { loadConfig } from "../../config/loadConfig.js";
import { configSettings } from "../../config/configSettings.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { rpcTransport, splitRpcUrls } from "../../config/rpcTransport.js";
import { parseBundle } from "../../bundle/parseBundle.js";
import { type ExplorerInputs, explorerInputs } from "../../verify/explorerInputs.js";
import type { VerifyResult } from "../../verify/VerifyResult.js";
import { verifyOutput } from "../../verify/verifyOutput.js";
import { CliError } from "../../errors/CliError.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { parseOptions } from "../parseOptions.js";
import { readInputFile } from "../readInputFile.js";
import { readStdin } from "../readStdin.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";

const verifyOptionsSchema = z.object({
  config: z.string().min(1, "expected a file path").optional(),
  response: z.string({ error: "is required: the file holding the response exactly as delivered" }).min(1),
  bundle: z.string({ error: "is required: the proof bundle (JSON) file" }).min(1),
  request: z.string().min(1).optional(),
  rpc: z.union([z.string(), z.array(z.string())]).optional(),
  contract: z.string().optional(),
  offline: z.boolean().optional(),
  report: z.boolean().optional(),
  explorer: z.boolean().optional(),
  minConfirmations: wholeNumberOption({ min: 1, max: 1_000_000 }).optional(),
  maxAnchorDelay: wholeNumberOption({ min: 1, max: Number.MAX_SAFE_INTEGER }).optional(),
  quorum: wholeNumberOption({ min: 1, max: 1000 }).optional(),
});

export type VerifyOptions = z.input<typeof verifyOptionsSchema>;

/** One input file as the report names it: the path given, its size and SHA-256. */
export type VerifyInput = { path: string; bytes: number; sha256: string };

export type VerifyCommandResult = Omit<VerifyResult, "rpcs"> & {
  /** The RPC the chain was read through (scheme and host only: paths and credentials may hold keys); null offline. */
  rpc: string | null;
  /** With several `--rpc`: what each said, with its scheme and host. */
  rpcs?: (NonNullable<VerifyResult["rpcs"]>[number] & { url: string })[] | undefined;
  /** The contracts trusted by `--contract`/AIATTEST_CONTRACT; null: the canonical addresses. */
  trustedContracts: readonly Address[] | null;
  inputs: { response: VerifyInput; bundle: VerifyInput; request: VerifyInput | null };
  /** How the verdict is printed: the check list, or a Markdown report (`--report`). */
  output: "text" | "report";
  /** With `--explorer`: what to paste into a block explorer to check the bundle by hand (null: the file is no bundle). */
  explorer?: ExplorerInputs | null | undefined;
};

/**
 * `aiattest verify --response <file> --bundle <file>`: runs the one verification path (`verifyOutput`) on a
 * response file (its exact bytes) and a proof bundle file, on chain through `--rpc` or AIATTEST_RPC_URL, or,
 * only when asked with `--offline`, offline. It fails closed: no RPC and no `--offline` is a usage error, never a
 * silent offline verdict. Settings come from flags and the environment, and from a config file only when
 * `--config` names one: a config file in the folder it runs in is never read (an evidence folder could carry one
 * to pick the RPC). `--contract`/AIATTEST_CONTRACT makes that contract the only one trusted. `--explorer` adds what to
 * paste into a block explorer's Read Contract tab to check the bundle by hand (see `explorerInputs`).
 *
 * Returns the verdict; an invalid proof, including a bundle file that is not a bundle at all (not even JSON:
 * reason `malformed-bundle`), is a result, not an error.
 *
 * @throws {CliError} (exit 2) when a file cannot be read, an option is invalid, or no RPC was given without --offline.
 * @throws {ChainReadError} (exit 3) when the chain cannot be reached: the verdict is unknown.
 * @example
 * const result = await verify({ response: "answer.txt", bundle: "answer.proof.json", rpc: "http://127.0.0.1:8545" }, context)
 * if (!result.valid) console.log(result.reason)
 */
export async function verify(options: VerifyOptions, context: CommandContext): Promise<VerifyCommandResult> {
  const parsed = parseOptions(verifyOptionsSchema, options);
  const { cwd, env } = context;
  const rpcFlags = parsed.rpc === undefined ? [] : [parsed.rpc].flat();
  const config = loadConfig({ env, cwd, file: parsed.config, readDefaultFile: false, overrides: { rpcUrl: rpcFlags.length === 1 ? rpcFlags[0] : undefined, contract: parsed.contract } });
  for (const warning of config.warnings) context.logger?.warn(warning);
  const contract = optionalSetting(config, "contract");
  // only a delay someone set counts (AIATTEST_MAX_ANCHOR_DELAY, --config): the setting's default is a lab's promise
  const delay = config.entries.maxAnchorDelay;
  if (delay && !delay.ok) throw delay.error;
  const maxAnchorDelay = parsed.maxAnchorDelay ?? (delay?.ok && delay.source !== "default" ? delay.value : undefined);
  const { client, rpc, urls } = connect();
  if (parsed.quorum !== undefined && parsed.quorum > Math.max(urls.length, 1)) {
    throw new CliError({ message: `--quorum ${parsed.quorum} needs at least that many RPCs: ${urls.length} given (repeat --rpc)`, exitCode: exitCodes.usage });
  }

  const size = await stat(resolve(cwd, parsed.bundle)).then((stats) => stats.size, () => 0);
  if (size > maxBundleBytes) {
    throw new CliError({ message: `The bundle file ${parsed.bundle} is ${size} bytes: larger than any proof bundle (at most ${maxBundleBytes})`, exitCode: exitCodes.usage });
  }
  const [response, bundle, request] = await Promise.all([
    parsed.response === "-" ? readStdin() : readInputFile({ path: parsed.response, cwd, what: "response" }),
    readInputFile({ path: parsed.bundle, cwd, what: "bundle" }),
    parsed.request === undefined ? undefined : readInputFile({ path: parsed.request, cwd, what: "request" }),
  ]);
  if (client) context.logger?.info(`Verifying on chain through ${rpc}…`);
  const trustedContracts = contract === undefined ? undefined : [contract];
  const result = await verifyOutput({
    // the bytes as they are: the SDK refuses a BOM or bytes that are not UTF-8 instead of repairing them
    bundle,
    response,
    request,
    client,
    trustedContracts,
    minConfirmations: parsed.minConfirmations,
    maxAnchorDelay,
    quorum: parsed.quorum,
  });
  const { rpcs, ...verdict } = result;
  return {
    ...verdict,
    ...(rpcs ? { rpcs: rpcs.map((said) => ({ ...said, url: urls[said.rpc]! })) } : {}),
    rpc,
    trustedContracts: trustedContracts ?? null,
    inputs: {
      response: describeInput(parsed.response === "-" ? "(standard input)" : parsed.response, response),
      bundle: describeInput(parsed.bundle, bundle),
      request: request === undefined ? null : describeInput(parsed.request!, request),
    },
    output: parsed.report ? "report" : "text",
    ...(parsed.explorer ? { explorer: explorerInputsOf({ bundle, response, path: parsed.response }) } : {}),
  };

  function connect(): { client: Client | readonly Client[] | undefined; rpc: string | null; urls: string[] } {
    if (parsed.offline) return { client: undefined, rpc: null, urls: [] };
    if (context.transport) return { client: createPublicClient({ transport: context.transport }), rpc: "(the injected transport)", urls: ["(the injected transport)"] };
    const listed = rpcFlags.length > 1 ? rpcFlags : splitRpcUrls(optionalSetting(config, "rpcUrl") ?? "");
    if (listed.length > 1) {
      const urls = listed.map((url, index) => {
        if (!configSettings.rpcUrl.schema.safeParse(url).success) {
          throw new CliError({ message: `RPC URL number ${index + 1} is not an http(s) or ws(s) URL (not shown: it may hold a key)`, exitCode: exitCodes.usage });
        }
        return url;
      });
      // one RPC listed twice would count twice toward the quorum: the RPCs must be independent
      const seen = new Set<string>();
      for (const [index, url] of urls.entries()) {
        const key = new URL(url).href;
        if (seen.has(key)) throw new CliError({ message: `RPC URL number ${index + 1} repeats an earlier one: each RPC counts once toward the quorum, so list independent RPCs`, exitCode: exitCodes.usage });
        seen.add(key);
      }
      const hosts = urls.map(describeRpcUrl);
      if (new Set(urls.map((url) => new URL(url).host)).size < urls.length) context.logger?.warn("Some RPC URLs share a host: a quorum is only as independent as the RPCs behind it.");
      return {
        client: urls.map((url) => createPublicClient({ transport: rpcTransport(url) })),
        rpc: `${hosts.join(", ")} (${parsed.quorum ?? urls.length} of ${urls.length} must agree)`,
        urls: hosts,
      };
    }
    const rpcUrl = optionalSetting(config, "rpcUrl");
    if (rpcUrl === undefined) {
      throw new CliError({
        message: "No RPC to verify on chain: pass --rpc <url> or set AIATTEST_RPC_URL (an RPC of the bundle's chain), or pass --offline to make only the checks that need no chain",
        exitCode: exitCodes.usage,
        metaMessages: ["An offline verdict cannot tell whether the signer is the publisher's key or whether the batch was anchored: it says so."],
      });
    }
    return { client: createPublicClient({ transport: rpcTransport(rpcUrl) }), rpc: describeRpcUrl(rpcUrl), urls: [describeRpcUrl(rpcUrl)] };
  }
}

/** The explorer inputs of a bundle file, or null when it is no bundle (the verdict says why). */
function explorerInputsOf({ bundle, response, path }: { bundle: Uint8Array; response: Uint8Array; path: string }): ExplorerInputs | null {
  const parsed = parseBundle(bundle);
  if (!parsed.success) return null;
  // the printed command names the response file when its name is safe to paste into a shell
  const responseFile = /^[\w./@+][\w./@+-]*$/.test(path) ? path : "response.txt";
  try {
    return explorerInputs(parsed.bundle, { response, responseFile });
  } catch {
    // a response that cannot be hashed under the bundle's encoding: the verdict reports it; print the inputs without it
    return explorerInputs(parsed.bundle, { responseFile });
  }
}

function describeInput(path: string, bytes: Uint8Array): VerifyInput {
  return { path, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
