import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { Readable } from "node:stream";
import type { MiddlewareHandler } from "hono";

/**
 * The web verifier page's own Content-Security-Policy (its `<meta http-equiv>` in web/src/index.html) plus what a
 * meta policy cannot set: `frame-ancestors 'none'` (no other site may frame the page to dress up a verdict).
 */
export const webRootContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers of every static response: the policy above, no MIME sniffing, and revalidation on each load. */
export const webRootHeaders = {
  "content-security-policy": webRootContentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "cache-control": "no-cache",
} as const;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
};

/**
 * Serves the files of `root` (the built web verifier page) for GET and HEAD; anything else falls through (to
 * the 404). Refused, as if absent: a path segment starting with `.` (dotfiles such as `.env`, and `..`), a NUL
 * or a backslash, and any file whose real path (symlinks resolved) is not inside the real web root. A folder
 * serves its `index.html`. Every response carries {@link webRootHeaders}.
 *
 * @example
 * app.use("/*", serveWebRoot({ root: "/opt/aiattest/web/dist" }))
 */
export function serveWebRoot({ root }: { root: string }): MiddlewareHandler {
  const realRoot = realpath(root);
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const file = await resolveFile(await realRoot.catch(() => null), c.req.path);
    if (file === null) return next();
    const headers = { ...webRootHeaders, "content-type": contentTypes[extname(file.path).toLowerCase()] ?? "application/octet-stream", "content-length": String(file.size) };
    const body = c.req.method === "HEAD" ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>);
    return new Response(body, { status: 200, headers });
  };
}

async function resolveFile(realRoot: string | null, requestPath: string): Promise<{ path: string; size: number } | null> {
  if (realRoot === null) return null;
  let path: string;
  try {
    path = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\")) return null;
  const segments = path.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment.startsWith("."))) return null;
  const candidate = join(realRoot, ...segments);
  const found = await stat(candidate).catch(() => null);
  if (found === null) return null;
  const real = await realpath(found.isDirectory() ? join(candidate, "index.html") : candidate).catch(() => null);
  // a symlink anywhere on the way may point outside: only files whose real path stays inside are served
  if (real === null || !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
  const stats = await stat(real).catch(() => null);
  return stats?.isFile() ? { path: real, size: stats.size } : null;
}
