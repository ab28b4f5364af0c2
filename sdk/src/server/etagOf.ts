import { hash } from "node:crypto";

/**
 * A strong ETag of response bytes: the first 128 bits of their SHA-256, base64url.
 *
 * @example
 * headers.set("etag", etagOf(body))
 */
export function etagOf(body: Uint8Array): string {
  return `"${hash("sha256", body, "base64url").slice(0, 22)}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 §13.1.2: weak comparison, a list, or `*`).
 *
 * @example
 * if (isNotModified(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304 })
 */
export function isNotModified(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
