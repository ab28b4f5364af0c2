import type { Hash } from "viem";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";
import { StoreError } from "../errors/StoreError.js";
import type { Store, StoreDeployment, StoredModel } from "../store/Store.js";
import type { CachedBundle, ProofServerContext } from "./ProofServerContext.js";
import { createLruCache } from "./createLruCache.js";
import { memoizeBatches } from "./memoizeBatches.js";
import { openCors } from "./openCors.js";
import { problemResponse } from "./problemResponse.js";
import { batchesRoute } from "./routes/batchesRoute.js";
import { healthRoute } from "./routes/healthRoute.js";
import { manifestsRoute } from "./routes/manifestsRoute.js";
import { openApiRoute } from "./routes/openApiRoute.js";
import { recordsRoute } from "./routes/recordsRoute.js";
import { type OutputsRouteParameters, outputsPath, outputsRoute } from "./routes/outputsRoute.js";
import { serveWebRoot } from "./serveWebRoot.js";

export type CreateProofServerParameters = {
  store: Store;
  /** The folder the anchorer writes manifests to (AIATTEST_MANIFEST_DIR). */
  manifestDir: string;
  /** Where the server is reachable from outside (AIATTEST_PUBLIC_URL): bundles then carry their `bundleUrl`. */
  publicUrl?: string | undefined;
  /**
   * A folder of static files served at `/` (the web verifier page), below the API; off when absent. Only files
   * whose real path is inside it are served, never dotfiles (`serveWebRoot`), with a CSP, nosniff and no-cache.
   */
  webRoot?: string | undefined;
  /** A request still unanswered after this many milliseconds gets a 503. Default 10,000. */
  requestTimeoutMs?: number | undefined;
  /** Memory kept for the bytes of final bundles, in bytes. Default 64 MiB. */
  cacheBytes?: number | undefined;
  /** Told of every unexpected error (the response itself says only "internal error"). */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * The ingestion API (`aiattest serve --ingest`): `POST /v1/outputs` records outputs through this recorder for
   * clients holding a token (`outputsRoute`). Off when absent: the server is then read-only.
   */
  ingest?: OutputsRouteParameters | undefined;
};

const readMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The proof server's HTTP app (Hono): read-only routes over a lab's store under `/v1` — records, manifests,
 * batches, health, and its OpenAPI document. Open CORS for reads; every input validated (400 problem); no
 * request body accepted; a time limit per request; errors are RFC 9457 problem bodies that never carry a stack.
 * With `ingest`, one route more takes bodies: `POST /v1/outputs`, authenticated by bearer token, and left out of
 * CORS (no `Access-Control-Allow-Origin`: a browser page of another origin cannot call it).
 * Serve it with `startProofServer`, or call `app.request()` in process.
 *
 * @example
 * const app = createProofServer({ store, manifestDir: "/var/lib/aiattest/manifests", publicUrl: "https://proofs.lab.example" })
 * const response = await app.request("/v1/records/42")
 */
export function createProofServer(parameters: CreateProofServerParameters): Hono {
  const { store, manifestDir, webRoot, requestTimeoutMs = 10_000, cacheBytes = 64 * 1024 * 1024, onError, ingest } = parameters;
  const publicUrl = parameters.publicUrl?.replace(/\/+$/, "");
  const context: ProofServerContext = {
    store,
    manifestDir,
    publicUrl,
    finalBundles: createLruCache<CachedBundle>({ maxBytes: cacheBytes }),
    deployment: memoizeDeployment(store),
    model: memoizeModels(store),
    batch: memoizeBatches(store),
  };

  const app = new Hono();
  // every answer (API, static, problem, 304) is to be read as its declared type only
  app.use(async (c, next) => {
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
  });
  // the ingestion route (when on) is the one exception to the read-only rules below, and is not offered to browsers
  const ingestPath = ingest === undefined ? undefined : `/v1${outputsPath}`;
  const readCors = openCors({ exposeHeaders: ["ETag", "Cache-Control"], maxAge: 86_400 });
  app.use((c, next) => (c.req.path === ingestPath ? next() : readCors(c, next)));
  app.use(async (c, next) => {
    if (c.req.path === ingestPath) return next();
    if (!readMethods.has(c.req.method)) {
      return problemResponse({ kind: "method-not-allowed", status: 405, detail: `${c.req.method} is not supported: this server is read-only (GET).`, headers: { allow: "GET, HEAD, OPTIONS" } });
    }
    const length = c.req.header("content-length");
    if ((length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined) {
      return problemResponse({ kind: "body-not-accepted", status: 413, detail: "Requests to this server carry no body." });
    }
    await next();
  });
  const timedOut = () =>
    new HTTPException(503, { res: problemResponse({ kind: "timeout", status: 503, detail: `No answer within ${requestTimeoutMs} ms; retry later.`, headers: { "retry-after": "1" } }) });
  app.use(timeout(requestTimeoutMs, timedOut));

  app.route("/v1", recordsRoute(context));
  app.route("/v1", manifestsRoute(context));
  app.route("/v1", batchesRoute(context));
  app.route("/v1", healthRoute(context));
  app.route("/v1", openApiRoute({ serverUrl: publicUrl, hasIngest: ingest !== undefined }));
  if (ingest !== undefined) app.route("/v1", outputsRoute(context, ingest));
  if (webRoot !== undefined) app.use("/*", serveWebRoot({ root: webRoot }));

  app.notFound((c) => problemResponse({ kind: "not-found", status: 404, detail: `Nothing at ${c.req.path}. The API is under /v1 (see /v1/openapi.json).` }));
  app.onError((error) => {
    if (error instanceof HTTPException) return error.getResponse();
    onError?.(error);
    return problemResponse({ kind: "internal", status: 500, detail: "The server failed to answer this request." });
  });
  return app;
}

function memoizeDeployment(store: Store): () => Promise<StoreDeployment> {
  let deployment: StoreDeployment | undefined;
  return async () => {
    deployment ??= (await store.getDeployment()) ?? undefined;
    if (!deployment) throw new StoreError("The store has records but no deployment.");
    return deployment;
  };
}

function memoizeModels(store: Store): (modelId: Hash) => Promise<StoredModel | null> {
  const models = new Map<Hash, StoredModel>();
  return async (modelId) => {
    const known = models.get(modelId);
    if (known) return known;
    const model = await store.getModel(modelId);
    if (model) models.set(modelId, model);
    return model;
  };
}
