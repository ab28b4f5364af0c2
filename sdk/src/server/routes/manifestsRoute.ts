import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";
import type { ProofServerContext } from "../ProofServerContext.js";
import { cacheControlOf } from "../cacheControlOf.js";
import { isNotModified } from "../etagOf.js";
import { problemResponse } from "../problemResponse.js";
import { manifestRootParameterSchema } from "../proofServerSchemas.js";

/**
 * `GET /manifests/:root` (and `/manifests/<root>.json`, the anchored URI's form when AIATTEST_MANIFEST_BASE_URL
 * points here): the batch manifest's file, byte for byte as the anchorer wrote it. The file is found by the
 * store's batch of that root, and its path built from the stored root, never from the request.
 *
 * @example
 * app.route("/v1", manifestsRoute(context))
 */
export function manifestsRoute(context: ProofServerContext): Hono {
  return new Hono().get("/manifests/:root", async (c) => {
    const parsed = manifestRootParameterSchema.safeParse(c.req.param("root"));
    if (!parsed.success) return problemResponse({ kind: "invalid-parameter", status: 400, detail: `Root ${parsed.error.issues[0]!.message}.` });
    const batch = await context.store.getBatchByRoot(parsed.data);
    if (!batch) return problemResponse({ kind: "not-found", status: 404, detail: `No batch with root ${parsed.data} on this server.` });
    const path = join(context.manifestDir, `${batch.root}.json`);
    const size = await stat(path).then(
      (stats) => (stats.isFile() ? stats.size : null),
      () => null,
    );
    if (size === null) return problemResponse({ kind: "not-found", status: 404, detail: `The manifest of batch ${batch.root} is not in this server's manifest folder.` });
    // a manifest is named by its root, which commits to every leaf in it: the root is a strong validator
    const headers = { etag: `"${batch.root}"`, "cache-control": cacheControlOf({ batch, publisher: (await context.deployment()).publisher }) };
    if (isNotModified(c.req.header("if-none-match"), headers.etag)) return new Response(null, { status: 304, headers });
    const body = c.req.method === "HEAD" ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
    return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json", "content-length": String(size) } });
  });
}
