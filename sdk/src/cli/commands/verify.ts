import { type Client, createPublicClient } from "viem";
import { z } from "zod";
import { loadConfig } from "../../config/loadConfig.js";
import { optionalSetting } from "../../config/optionalSetting.js";
import { rpcTransport } from "../../config/rpcTransport.js";
import type { VerifyResult } from "../../verify/VerifyResult.js";
import { verifyOutput } from "../../verify/verifyOutput.js";
import type { CommandContext } from "../CommandContext.js";
import { parseOptions } from "../parseOptions.js";
import { readInputFile } from "../readInputFile.js";
import { readStdin } from "../readStdin.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";

const verifyOptionsSchema = z.object({
  config: z.string().min(1, "expected a file path").optional(),
  response: z.string({ error: "is required: the file holding the response exactly as delivered" }).min(1),
  bundle: z.string({ error: "is required: the proof bundle (JSON) file" }).min(1),
  request: z.string().min(1).optional(),
  rpc: z.string().optional(),
  offline: z.boolean().optional(),
  minConfirmations: wholeNumberOption({ min: 1, max: 1_000_000 }).optional(),
  maxAnchorDelay: wholeNumberOption({ min: 1, max: Number.MAX_SAFE_INTEGER }).optional(),
});

export type VerifyOptions = z.input<typeof verifyOptionsSchema>;

export type VerifyCommandResult = VerifyResult;

/**
 * `aiattest verify --response <file> --bundle <file>`: runs the one verification path (`verifyOutput`) on a
 * response file (its exact bytes) and a proof bundle file. On chain through `--rpc` or AIATTEST_RPC_URL;
 * offline (signature, content and Merkle proof only) with `--offline` or when no RPC is configured.
 *
 * Returns the verdict; an invalid proof, including a bundle file that is not a bundle at all (not even JSON:
 * reason `malformed-bundle`), is a result, not an error.
 *
 * @throws {CliError} (exit 2) when a file cannot be read or an option is invalid.
 * @throws {ChainReadError} (exit 3) when the chain cannot be reached: the verdict is unknown.
 * @example
 * const result = await verify({ response: "answer.txt", bundle: "answer.proof.json" }, context)
 * if (!result.valid) console.log(result.reason)
 */
export async function verify(options: VerifyOptions, context: CommandContext): Promise<VerifyCommandResult> {
  const parsed = parseOptions(verifyOptionsSchema, options);
  const { cwd } = context;
  const [response, bundle, request] = await Promise.all([
    parsed.response === "-" ? readStdin() : readInputFile({ path: parsed.response, cwd, what: "response" }),
    readInputFile({ path: parsed.bundle, cwd, what: "bundle" }),
    parsed.request === undefined ? undefined : readInputFile({ path: parsed.request, cwd, what: "request" }),
  ]);
  const client = parsed.offline ? undefined : createClient(parsed.rpc, context);

  if (client) context.logger?.info("Verifying on chain…");
  return verifyOutput({
    bundle: new TextDecoder().decode(bundle),
    response,
    request,
    client,
    minConfirmations: parsed.minConfirmations,
    maxAnchorDelay: parsed.maxAnchorDelay,
  });

  function createClient(rpc: string | undefined, { env, transport }: CommandContext): Client | undefined {
    if (transport) return createPublicClient({ transport });
    // the bundle names its chain and contract: only the RPC endpoint is taken from the settings
    const config = loadConfig({ env, cwd, file: parsed.config, overrides: { rpcUrl: rpc } });
    const rpcUrl = optionalSetting(config, "rpcUrl");
    if (rpcUrl === undefined) return undefined;
    return createPublicClient({ transport: rpcTransport(rpcUrl) });
  }
}
