import { Hono } from "hono";
import type { StoredBatch } from "../../store/Store.js";
import type { ProofServerContext } from "../ProofServerContext.js";
import { problemResponse } from "../problemResponse.js";
import { type BatchPage, type BatchSummary, batchesQuerySchema, defaultBatchPageSize, encodeBatchCursor } from "../proofServerSchemas.js";

/**
 * `GET /batches?cursor=…&limit=…`: the store's batches, oldest first, a page at a time. The cursor is opaque (it
 * encodes the last batch id of the page) and checked: a cursor this server did not give is a 400.
 *
 * @example
 * app.route("/v1", batchesRoute(context))
 */
export function batchesRoute(context: ProofServerContext): Hono {
  return new Hono().get("/batches", async (c) => {
    const repeated = Object.entries(c.req.queries()).find(([, values]) => values.length > 1);
    if (repeated) return problemResponse({ kind: "invalid-parameter", status: 400, detail: `${repeated[0]} must be given at most once.` });
    const parsed = batchesQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const name = issue.path.length > 0 ? String(issue.path[0]) : "query";
      const detail = issue.code === "unrecognized_keys" ? `Unknown query parameter ${issue.keys.join(", ")}: only cursor and limit are accepted.` : `${name} ${issue.message}.`;
      return problemResponse({ kind: "invalid-parameter", status: 400, detail });
    }
    const limit = parsed.data.limit ?? defaultBatchPageSize;
    // one more than asked tells whether another page follows
    const batches = await context.store.listBatches({ afterId: parsed.data.cursor ?? 0, limit: limit + 1 });
    const page = batches.slice(0, limit);
    const body: BatchPage = { batches: page.map(toSummary), nextCursor: batches.length > limit ? encodeBatchCursor(page.at(-1)!.id) : null };
    return c.json(body, 200, { "cache-control": "no-cache" });
  });
}

function toSummary(batch: StoredBatch): BatchSummary {
  return {
    root: batch.root,
    count: batch.count,
    status: batch.status,
    final: batch.final,
    txHash: batch.txHash,
    blockNumber: batch.blockNumber,
    anchoredAt: batch.anchoredAt,
    anchorer: batch.anchorer,
    manifestUri: batch.manifestUri,
    manifestUrl: `/v1/manifests/${batch.root}.json`,
  };
}
