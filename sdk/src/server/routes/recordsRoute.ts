import { Hono } from "hono";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { toProofBundle } from "../../bundle/toProofBundle.js";
import { StoreError } from "../../errors/StoreError.js";
import type { CachedBody, CachedBundle, ProofServerContext } from "../ProofServerContext.js";
import { cacheControlOf, isImmutableAnchor } from "../cacheControlOf.js";
import { etagOf } from "../etagOf.js";
import { problemResponse } from "../problemResponse.js";
import { parseRecordId } from "../parseRecordId.js";
import { sendCached } from "../sendCached.js";
import { bundleUrlOf } from "../../bundle/bundleUrlOf.js";

const encoder = new TextEncoder();

/**
 * `GET /records/:id`: the record's proof bundle once its batch is anchored, its receipt before. A final anchor's
 * bundle is kept in memory as bytes, by record id. An anchorer key's final anchor is void once that key is revoked
 * back to it (then re-anchored by another transaction), and a store restored from a backup under this server
 * reuses record and batch ids for other outputs: so a hit first reads the store's generation (`Store.getGeneration`)
 * and serves the bytes at once only while nothing was committed to the store since they were last checked; after
 * any commit (or from a store without generations) it re-reads the batch (one row, once per generation), even for
 * the publisher's own final anchor, and serves the bytes only while it still carries the same root, transaction and
 * block.
 *
 * @example
 * app.route("/v1", recordsRoute(context))
 */
export function recordsRoute(context: ProofServerContext): Hono {
  return new Hono().get("/records/:id", async (c) => {
    const { id, message } = parseRecordId(c.req.param("id"));
    if (id === undefined) return problemResponse({ kind: "invalid-parameter", status: 400, detail: `Record id ${message}.` });
    const cached = (await cachedBundle(context, id)) ?? (await loadBundle(context, id));
    if (!cached) return problemResponse({ kind: "not-found", status: 404, detail: `No record ${id} on this server.` });
    return sendCached({ request: c.req.raw, cached, contentType: "application/json" });
  });
}

async function cachedBundle(context: ProofServerContext, id: number): Promise<CachedBundle | null> {
  const cached = context.finalBundles.get(id);
  if (cached === undefined) return null;
  // read before the batch: what is checked below is at least as new as the generation it is then marked with
  const generation = await context.store.getGeneration?.();
  if (generation !== undefined && cached.checkedAt === generation) return cached;
  // re-checked even when immutable: a store restored from a backup under this server reuses ids for other outputs
  // (one read of the batch per generation: a store taking records moves on with every one)
  const batch = await context.batch(cached.batchId, generation);
  if (batch?.status === "anchored" && batch.final && batch.root === cached.root && batch.txHash === cached.txHash && batch.blockHash === cached.blockHash) {
    cached.checkedAt = generation;
    return cached;
  }
  context.finalBundles.delete(id);
  return null;
}

async function loadBundle(context: ProofServerContext, id: number): Promise<CachedBody | null> {
  const { store } = context;
  // the record and the generation it was read at, in one read where the store can (the batch is read after it)
  const { record, generation } = store.getRecordWithGeneration ? await store.getRecordWithGeneration(id) : { record: await store.getRecord(id), generation: undefined };
  if (!record) return null;
  const [deployment, model, batch] = await Promise.all([context.deployment(), context.model(record.modelId), record.batchId === null ? null : context.batch(record.batchId, generation)]);
  if (!model) throw new StoreError(`Record ${id} exists but its model is not in the store.`);
  const bundleUrl = bundleUrlOf(context.publicUrl, id);
  const bundle = toProofBundle({ deployment, model, record: { ...record, id }, batch, bundleUrl });
  const body = encoder.encode(serializeBundle(bundle));
  // a record detached from its batch, or a reopened batch, has no anchor: the receipt's cache policy
  const servedBatch = bundle.anchor === null ? null : batch;
  // the ETag hashes the served bytes, which carry the anchor's transaction and block: a new anchor, a new ETag
  const cached = { body, etag: etagOf(body), cacheControl: cacheControlOf({ batch: servedBatch, publisher: deployment.publisher }) };
  if (servedBatch?.status === "anchored" && servedBatch.final && servedBatch.txHash !== null && servedBatch.blockHash !== null) {
    const isImmutable = isImmutableAnchor({ batch: servedBatch, publisher: deployment.publisher });
    const anchor = { batchId: servedBatch.id, root: servedBatch.root, txHash: servedBatch.txHash, blockHash: servedBatch.blockHash, isImmutable, checkedAt: generation };
    context.finalBundles.set(id, { ...cached, ...anchor }, body.length);
  }
  return cached;
}
