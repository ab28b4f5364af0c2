import type { Problem } from "./proofServerSchemas.js";

/** The kinds of problem the proof server reports; each is a URN in the body's `type`. */
export type ProblemKind =
  | "invalid-parameter"
  | "invalid-body"
  | "unauthorized"
  | "body-too-large"
  | "idempotency-key-reused"
  | "not-found"
  | "method-not-allowed"
  | "body-not-accepted"
  | "timeout"
  | "unavailable"
  | "overloaded"
  | "internal";

const titles: Record<ProblemKind, string> = {
  "invalid-parameter": "Invalid parameter",
  "invalid-body": "Invalid request body",
  unauthorized: "Unauthorized",
  "body-too-large": "Request body too large",
  "idempotency-key-reused": "Idempotency key reused with another request",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  "body-not-accepted": "Request body not accepted",
  timeout: "Request timed out",
  unavailable: "Service unavailable",
  overloaded: "Too many requests in flight",
  internal: "Internal server error",
};

/**
 * An RFC 9457 `application/problem+json` response. `detail` is written for a person and never carries a stack
 * trace or an internal error message. `field` (an extension member) names the request field a 400 is about: a body
 * field's path (`response`, `model`), or a header (`Idempotency-Key`).
 *
 * @example
 * return problemResponse({ kind: "not-found", status: 404, detail: "No record 42 on this server." })
 */
export function problemResponse({ kind, status, detail, field, headers }: { kind: ProblemKind; status: number; detail: string; field?: string | undefined; headers?: Record<string, string> }): Response {
  const body: Problem = { type: `urn:aiattest:problem:${kind}`, title: titles[kind], status, detail, ...(field === undefined ? {} : { field }) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}
