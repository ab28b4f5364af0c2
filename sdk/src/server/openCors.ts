import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

export type OpenCorsParameters = {
  /** Response headers a page may read (`Access-Control-Expose-Headers`). */
  exposeHeaders: readonly string[];
  /** Seconds a browser may keep a preflight's answer. */
  maxAge: number;
};

/**
 * CORS open to every origin for reads, with the headers Hono's `cors({ origin: "*", allowMethods: GET, HEAD,
 * OPTIONS })` sends, and its own preflight answer. The difference is when an actual response gets its two headers:
 * after the handler, on its response, where `cors()` sets them before, on a placeholder `c.res`. A placeholder makes
 * Hono rebuild every response around its body when the handler returns (its `c.res` setter); on @hono/node-server
 * that turns a byte body into a web ReadableStream that is then read back chunk by chunk, a large part of the CPU of
 * a cached bundle's request. Set afterwards, the handler's response is sent as it is.
 *
 * @example
 * app.use(openCors({ exposeHeaders: ["ETag", "Cache-Control"], maxAge: 86_400 }))
 */
export function openCors({ exposeHeaders, maxAge }: OpenCorsParameters): MiddlewareHandler {
  const preflight = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: [...exposeHeaders], maxAge });
  const exposed = exposeHeaders.join(",");
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    if (exposed !== "") c.res.headers.set("Access-Control-Expose-Headers", exposed);
  };
}
