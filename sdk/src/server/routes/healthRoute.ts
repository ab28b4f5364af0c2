import { Hono } from "hono";
import type { ProofServerContext } from "../ProofServerContext.js";
import { problemResponse } from "../problemResponse.js";
import type { Health } from "../proofServerSchemas.js";

/**
 * `GET /health`: 200 when the store answers, with the records pending and the last anchor; 503 when it does not.
 *
 * @example
 * app.route("/v1", healthRoute(context))
 */
export function healthRoute(context: ProofServerContext): Hono {
  return new Hono().get("/health", async (c) => {
    let pending: number;
    let last: Awaited<ReturnType<ProofServerContext["store"]["getLastAnchoredBatch"]>>;
    try {
      [pending, last] = await Promise.all([context.store.countPending(), context.store.getLastAnchoredBatch()]);
    } catch {
      return problemResponse({ kind: "unavailable", status: 503, detail: "The store cannot be read." });
    }
    const body: Health = {
      status: "ok",
      store: "reachable",
      pending,
      lastAnchor: last && { root: last.root, txHash: last.txHash!, blockNumber: last.blockNumber!, anchoredAt: last.anchoredAt!, final: last.final },
    };
    return c.json(body, 200, { "cache-control": "no-store" });
  });
}
