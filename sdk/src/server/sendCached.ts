import type { CachedBody } from "./ProofServerContext.js";
import { isNotModified } from "./etagOf.js";

/**
 * A 200 with the body, its ETag and Cache-Control, or a 304 when the request's `If-None-Match` already has it.
 *
 * @example
 * return sendCached({ request: c.req.raw, cached, contentType: "application/json" })
 */
export function sendCached({ request, cached, contentType }: { request: Request; cached: CachedBody; contentType: string }): Response {
  const headers = { etag: cached.etag, "cache-control": cached.cacheControl };
  if (isNotModified(request.headers.get("if-none-match"), cached.etag)) return new Response(null, { status: 304, headers });
  return new Response(cached.body, { status: 200, headers: { ...headers, "content-type": contentType } });
}
