import type { Problem } from "./proofServerSchemas.js";

/** The kinds of problem the proof server reports; each is a URN in the body's `type`. */
export type ProblemKind = "invalid-parameter" | "not-found" | "method-not-allowed" | "body-not-accepted" | "timeout" | "unavailable" | "internal";

const titles: Record<ProblemKind, string> = {
  "invalid-parameter": "Invalid parameter",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  "body-not-accepted": "Request body not accepted",
  timeout: "Request timed out",
  unavailable: "Service unavailable",
  internal: "Internal server error",
};

/**
 * An RFC 9457 `application/problem+json` response. `detail` is written for a person and never carries a stack
 * trace or an internal error message.
 *
 * @example
 * return problemResponse({ kind: "not-found", status: 404, detail: "No record 42 on this server." })
 */
export function problemResponse({ kind, status, detail, headers }: { kind: ProblemKind; status: number; detail: string; headers?: Record<string, string> }): Response {
  const body: Problem = { type: `urn:aiattest:problem:${kind}`, title: titles[kind], status, detail };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}
