import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { z } from "zod";
import { optionalSetting } from "../../config/optionalSetting.js";
import { requireSetting } from "../../config/requireSetting.js";
import { CliError } from "../../errors/CliError.js";
import { createProofServer } from "../../server/createProofServer.js";
import { findWebVerifierRoot } from "../../server/findWebVerifierRoot.js";
import { startProofServer } from "../../server/startProofServer.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { openRecorder } from "../openRecorder.js";
import { isPostgresUrl } from "../../store/postgres/isPostgresUrl.js";
import type { Recorder } from "../../pipeline/createRecorder.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { wholeNumberOption } from "../options/wholeNumberOption.js";
import { parseOptions } from "../parseOptions.js";
import { serveWithWorkers } from "../serveWithWorkers.js";

const serveOptionsSchema = globalOptionsSchema.extend({
  port: wholeNumberOption({ min: 0, max: 65_535 }).optional(),
  host: z.string().trim().min(1, "expected a host name or IP address").optional(),
  cacheMb: wholeNumberOption({ min: 0, max: 1_048_576 }).optional(),
  /** Also serve the ingestion API: POST /v1/outputs, signing with AIATTEST_SIGNER_KEY, for clients with a token. */
  ingest: z.boolean().optional(),
  /** The largest ingestion body accepted, in bytes (default 1 MiB). */
  maxBody: wholeNumberOption({ min: 1, max: 64 * 1024 * 1024 }).optional(),
  /** Server processes sharing the port (default 1): one core each; every one keeps its own caches (--cache-mb each). */
  workers: wholeNumberOption({ min: 1, max: 64 }).optional(),
});

export type ServeOptions = z.input<typeof serveOptionsSchema>;

export type ServeResult = { url: string; stoppedBy: string };

export type ServeControl = {
  /** Resolves (with what stopped it) when the server should stop. Default: SIGINT or SIGTERM. */
  until?: Promise<string> | undefined;
  /** Told the server's URL once it listens. */
  onListening?: ((url: string) => void) | undefined;
};

/**
 * `aiattest serve [--port 8787] [--host 127.0.0.1] [--cache-mb 64] [--workers 1] [--ingest [--max-body 1048576]]`: the proof server over the lab's store (AIATTEST_DB) and
 * manifests (AIATTEST_MANIFEST_DIR), until SIGINT or SIGTERM; then it stops accepting connections, lets requests
 * in flight finish, and closes the store. Bundles carry `bundleUrl` when AIATTEST_PUBLIC_URL is set. It prints
 * `listening on <url>` on stderr once bound (whatever the TTY), so a supervisor or a test can wait for it.
 * The web verifier page (web/dist: built by `npm ci`, or `npm run build:web`) is served at `/`. With `--ingest`, it
 * also records outputs: `POST /v1/outputs` for clients holding a token (`aiattest token create`), signed with
 * AIATTEST_SIGNER_KEY through the group-committing recorder (`outputsRoute`). With `--workers N` (read API only), N
 * processes running this same command line share the port (`serveWithWorkers`); the default is 1, because each worker
 * holds its own caches (`--cache-mb` each) and a core: worth it on a machine whose cores the server may take.
 *
 * @throws {CliError} (exit 2) when there is no store at AIATTEST_DB (it is never created here); (exit 1) when
 * the address cannot be bound.
 * @example
 * const { url } = await serve({ port: "8787" }, context)
 */
export async function serve(options: ServeOptions, context: CommandContext, control: ServeControl = {}): Promise<ServeResult> {
  if (!cluster.isWorker) return serveProcess(options, context, control);
  // a worker of --workers: its channel to the primary would keep it alive once it has stopped or failed
  try {
    return await serveProcess(options, context, control);
  } finally {
    cluster.worker?.disconnect();
  }
}

async function serveProcess(options: ServeOptions, context: CommandContext, control: ServeControl): Promise<ServeResult> {
  const parsed = parseOptions(serveOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const db = requireSetting(config, "db");
  const manifestDir = requireSetting(config, "manifestDir");
  const publicUrl = optionalSetting(config, "publicUrl");
  if (!isPostgresUrl(db) && !existsSync(db)) throw new CliError({ message: `No store at ${db}: check AIATTEST_DB (serve never creates one)`, exitCode: exitCodes.usage });
  if (parsed.maxBody !== undefined && !parsed.ingest) throw new CliError({ message: "--max-body applies to the ingestion API only: add --ingest.", exitCode: exitCodes.usage });
  const workers = parsed.workers ?? 1;
  // one recorder per lab server: the ingestion API's group commit and token cache live in one process
  if (workers > 1 && parsed.ingest) throw new CliError({ message: "--workers applies to the read API only: serve --ingest runs one process.", exitCode: exitCodes.usage });
  const webRoot = findWebVerifierRoot();
  if (webRoot === null && !cluster.isWorker) context.logger?.warn("The web verifier page is not built, so / serves nothing: run npm run build:web.");
  if (workers > 1 && cluster.isPrimary) return serveWithWorkers({ workers, until: control.until ?? untilSignal(), logger: context.logger, onListening: control.onListening });
  // with --ingest the recorder opens the store (from its cached chain facts: no chain read once a run has made them)
  let recorder: Recorder | undefined;
  let store;
  if (parsed.ingest) ({ recorder, store } = await openRecorder(config, context, { isServer: true }));
  else store = await openStore(db);
  try {
    const app = createProofServer({
      store,
      manifestDir,
      publicUrl,
      webRoot: webRoot ?? undefined,
      cacheBytes: parsed.cacheMb === undefined ? undefined : parsed.cacheMb * 1024 * 1024,
      onError: (error) => context.logger?.warn(`request failed: ${error instanceof Error ? error.message : String(error)}`),
      ingest: recorder && { recorder, maxBodyBytes: parsed.maxBody },
    });
    const server = await startProofServer({ app, host: parsed.host, port: parsed.port ?? 8787 }).catch((error: NodeJS.ErrnoException) => {
      throw new CliError({ message: `Cannot listen on ${parsed.host ?? "127.0.0.1"}:${parsed.port ?? 8787} (${error.code ?? error.message}).`, exitCode: exitCodes.failure });
    });
    // a worker's primary says it once for all of them
    if (!cluster.isWorker) context.logger?.write("stderr", `listening on ${server.url}\n`);
    control.onListening?.(server.url);
    const stoppedBy = await (control.until ?? untilSignal());
    context.logger?.info(`${stoppedBy}: closing the server, then the store…`);
    await server.close();
    return { url: server.url, stoppedBy };
  } finally {
    recorder?.close();
    await store.close();
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
