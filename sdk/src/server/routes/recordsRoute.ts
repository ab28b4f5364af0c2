import { Hono } from "hono";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { toProofBundle } from "../../bundle/toProofBundle.js";
import { StoreError } from "../../errors/StoreError.js";
import type { CachedBody, ProofServerContext } from "../ProofServerContext.js";
import { cacheControlOf } from "../cacheControlOf.js";
import { etagOf } from "../etagOf.js";
import { problemResponse } from "../problemResponse.js";
import { recordIdParameterSchema } from "../proofServerSchemas.js";
import { sendCached } from "../sendCached.js";

const encoder = new TextEncoder();

/**
 * `GET /records/:id`: the record's proof bundle once its batch is anchored, its receipt before. A final anchor's
 * bundle is immutable and kept in memory as bytes (no store read, no serialization on a hit).
 *
 * @example
 * app.route("/v1", recordsRoute(context))
 */
export function recordsRoute(context: ProofServerContext): Hono {
  return new Hono().get("/records/:id", async (c) => {
    const parsed = recordIdParameterSchema.safeParse(c.req.param("id"));
    if (!parsed.success) return problemResponse({ kind: "invalid-parameter", status: 400, detail: `Record id ${parsed.error.issues[0]!.message}.` });
    const id = parsed.data;
    const cached = context.finalBundles.get(id) ?? (await loadBundle(context, id));
    if (!cached) return problemResponse({ kind: "not-found", status: 404, detail: `No record ${id} on this server.` });
    return sendCached({ request: c.req.raw, cached, contentType: "application/json" });
  });
}

async function loadBundle(context: ProofServerContext, id: number): Promise<CachedBody | null> {
  const record = await context.store.getRecord(id);
  if (!record) return null;
  const [deployment, model, batch] = await Promise.all([
    context.deployment(),
    context.model(record.modelId),
    record.batchId === null ? null : context.store.getBatch(record.batchId),
  ]);
  if (!model) throw new StoreError(`Record ${id} exists but its model is not in the store.`);
  const bundleUrl = context.publicUrl === undefined ? undefined : `${context.publicUrl}/v1/records/${id}`;
  const bundle = toProofBundle({ deployment, model, record: { ...record, id }, batch, bundleUrl });
  const body = encoder.encode(serializeBundle(bundle));
  // a record detached from its batch, or a reopened batch, has no anchor: the receipt's cache policy
  const servedBatch = bundle.anchor === null ? null : batch;
  const cached = { body, etag: etagOf(body), cacheControl: cacheControlOf(servedBatch) };
  if (servedBatch?.final) context.finalBundles.set(id, cached, body.length);
  return cached;
}
