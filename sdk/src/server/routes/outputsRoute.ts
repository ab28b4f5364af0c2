import { createHash } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Hash } from "viem";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { toProofBundle } from "../../bundle/toProofBundle.js";
import { bundleUrlOf } from "../../bundle/bundleUrlOf.js";
import { ChainReadError } from "../../errors/ChainReadError.js";
import { InvalidArgumentError } from "../../errors/InvalidArgumentError.js";
import { StoreError } from "../../errors/StoreError.js";
import { parseOutputInput } from "../../pipeline/parseOutputInput.js";
import type { Recorder } from "../../pipeline/createRecorder.js";
import type { ProofServerContext } from "../ProofServerContext.js";
import { createTokenCache } from "../ingest/createTokenCache.js";
import { hashIngestToken } from "../ingest/hashIngestToken.js";
import { ingestTokenPattern } from "../ingest/createIngestToken.js";
import { problemResponse } from "../problemResponse.js";
import { idempotencyKeySchema } from "../proofServerSchemas.js";

export type OutputsRouteParameters = {
  /** Signs and group-commits every accepted output. */
  recorder: Recorder;
  /** The largest body accepted, in bytes (default 1 MiB): a larger one is refused with 413 before it is read whole. */
  maxBodyBytes?: number | undefined;
  /** Milliseconds the token table is trusted before it is read again: a revocation takes effect within this (default 5,000). */
  tokenTtlMs?: number | undefined;
  /**
   * Requests this route holds at once, from reading the body to answering (default 1,024): one more is answered 503
   * with `Retry-After` at once, so an overload costs clients a retry and the memory held for bodies stays below
   * `maxInFlight` × `maxBodyBytes`.
   */
  maxInFlight?: number | undefined;
};

/** The path the ingestion route serves, below `/v1`. */
export const outputsPath = "/outputs";
export const defaultMaxBodyBytes = 1024 * 1024;
export const defaultMaxInFlight = 1_024;

const unauthorized = (detail: string, error?: string) =>
  problemResponse({ kind: "unauthorized", status: 401, detail, headers: { "www-authenticate": error ? `Bearer realm="aiattest", error="${error}"` : 'Bearer realm="aiattest"' } });
const json = { "content-type": "application/json", "cache-control": "no-store" };
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `POST /outputs` (`aiattest serve --ingest`): records one output for a client holding an ingestion token, and
 * answers `201` with its receipt (the bundle `aiattest record` prints) once the record is durable in the store; the
 * recorder group-commits concurrent requests into one transaction.
 *
 * - Auth: `Authorization: Bearer aia_…` on every request, checked against the store's tokens (re-read at most every
 *   `tokenTtlMs`): 401 with `WWW-Authenticate: Bearer` when missing or malformed, and the same 401 for a token
 *   unknown or revoked (which of the two is not said).
 * - The body is `{model, response, request?, encoding?}`, parsed by `parseOutputInput` (the parser of `record --jsonl`
 *   lines): 400 naming the field; larger than `maxBodyBytes`: 413.
 * - `Idempotency-Key` (1–255 printable ASCII): stored per token in the record's own transaction. A retry with the
 *   same key and the same body (byte for byte: its SHA-256 is kept) gets the first receipt with `200` and
 *   `Idempotent-Replayed: true`, and records nothing; the same key with another body gets 422. Concurrent requests
 *   with one key record once.
 * - A model the publisher does not have, or one retired: 400 (`model`); a signer key that cannot sign now (revoked,
 *   closing, a clock ahead of the chain's), or a model never used before while the chain is down: 503.
 * - More than `maxInFlight` requests at once: 503 (`overloaded`, `Retry-After: 1`), before the body is read.
 *
 * @example
 * app.route("/v1", outputsRoute(context, { recorder }))
 */
export function outputsRoute(
  context: ProofServerContext,
  { recorder, maxBodyBytes = defaultMaxBodyBytes, tokenTtlMs, maxInFlight = defaultMaxInFlight }: OutputsRouteParameters,
): Hono<{ Variables: { tokenName: string } }> {
  const tokens = createTokenCache({ store: context.store, ttlMs: tokenTtlMs });
  const authenticate: MiddlewareHandler<{ Variables: { tokenName: string } }> = async (c, next) => {
    const header = c.req.header("authorization");
    if (header === undefined) return unauthorized("This route needs an ingestion token: Authorization: Bearer aia_… (aiattest token create).");
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match || !ingestTokenPattern.test(match[1]!)) return unauthorized("The Authorization header is not Bearer and an ingestion token (aia_…).", "invalid_request");
    const tokenName = await tokens.nameOf(hashIngestToken(match[1]!));
    if (tokenName === null) return unauthorized("The token is not a live ingestion token of this server.", "invalid_token");
    c.set("tokenName", tokenName);
    await next();
  };
  const tooLarge = () => problemResponse({ kind: "body-too-large", status: 413, detail: `The body is larger than this server's limit of ${maxBodyBytes} bytes.` });
  const streamLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  // a declared length is checked here: Node's parser never delivers more than it, and the body is then read in one go
  // from the socket (hono/body-limit wraps every body in a web stream: a seventh of this route's CPU); a streamed
  // (chunked) body is counted by hono/body-limit as it arrives
  const limit: MiddlewareHandler = async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared === undefined) return streamLimit(c, next);
    if (!/^\d{1,15}$/.test(declared) || Number(declared) > maxBodyBytes) return tooLarge();
    await next();
  };

  let inFlight = 0;
  const bounded: MiddlewareHandler = async (c, next) => {
    if (inFlight >= maxInFlight) {
      return problemResponse({ kind: "overloaded", status: 503, detail: `This server is recording ${inFlight} outputs already, its limit; retry in a moment.`, headers: { "retry-after": "1" } });
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };

  return new Hono<{ Variables: { tokenName: string } }>()
    // the slot is taken before any of the body is read: a streamed (chunked) body is read whole by `limit`
    .post(outputsPath, authenticate, bounded, limit, async (c) => {
      // the key is checked before the body is parsed: a malformed one is the client's bug whatever the body
      const key = c.req.header("idempotency-key");
      if (key !== undefined && !idempotencyKeySchema.safeParse(key).success) {
        return problemResponse({ kind: "invalid-parameter", status: 400, field: "Idempotency-Key", detail: "Idempotency-Key must be 1 to 255 printable ASCII characters." });
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        return problemResponse({ kind: "invalid-body", status: 400, detail: "The body is not UTF-8 text." });
      }
      const parsed = parseOutputInput({ text });
      if (!parsed.ok) {
        const problem = parsed.kind === "empty" ? 'The body is empty: send {"model": "0x…", "response": …}.' : `The body is not an output to record: ${parsed.problem}.`;
        return problemResponse({ kind: "invalid-body", status: 400, detail: problem, field: parsed.field ?? undefined });
      }
      const tokenName = c.get("tokenName");
      const claim = key === undefined ? undefined : { tokenName, key, requestHash: `0x${createHash("sha256").update(bytes).digest("hex")}` as Hash };
      try {
        // a retry of a request already recorded is answered from the store, without signing anything
        const stored = claim && (await context.store.getClaimedRecord({ tokenName, key: claim.key }));
        const recorded = stored ? { isNew: false as const, recordId: stored.id, requestHash: stored.requestHash } : claim ? await recorder.recordOnce({ ...parsed.output, claim }) : { isNew: true as const, receipt: await recorder.record(parsed.output) };
        if (recorded.isNew) {
          return c.body(serializeBundle(recorded.receipt), 201, { ...json, location: `/v1/records/${recorded.receipt.recordId}` });
        }
        if (recorded.requestHash !== claim!.requestHash) {
          return problemResponse({
            kind: "idempotency-key-reused",
            status: 422,
            field: "Idempotency-Key",
            detail: `This Idempotency-Key was used with another body (record ${recorded.recordId}); a retry must send the same body, a new request a new key.`,
          });
        }
        const receipt = await receiptOf(context, recorded.recordId);
        return c.body(serializeBundle(receipt), 200, { ...json, location: `/v1/records/${recorded.recordId}`, "idempotent-replayed": "true" });
      } catch (error) {
        return refusalOf(error);
      }
    })
    .all(outputsPath, () =>
      problemResponse({ kind: "method-not-allowed", status: 405, detail: "Outputs are recorded with POST; read them with GET /v1/records/{id}.", headers: { allow: "POST" } }),
    );
}

/** The receipt of a stored record, as the recorder returned it when it was recorded (its anchor, if any, left out). */
async function receiptOf(context: ProofServerContext, id: number) {
  const record = await context.store.getRecord(id);
  if (!record) throw new StoreError(`Record ${id} has an idempotency key but is not in the store.`);
  const [deployment, model] = await Promise.all([context.deployment(), context.model(record.modelId)]);
  if (!model) throw new StoreError(`Record ${id} exists but its model is not in the store.`);
  return toProofBundle({ deployment, model, record: { ...record, id }, batch: null, bundleUrl: bundleUrlOf(context.publicUrl, id) });
}

/** The answer to a record the recorder refused: the client's model (400), or this server unable to sign now (503). */
function refusalOf(error: unknown): Response {
  if (error instanceof InvalidArgumentError && error.argument === "modelId") {
    return problemResponse({ kind: "invalid-body", status: 400, field: "model", detail: `${error.shortMessage}` });
  }
  if (error instanceof InvalidArgumentError) {
    return problemResponse({ kind: "unavailable", status: 503, detail: `This server cannot sign now: ${error.shortMessage}`, headers: { "retry-after": "60" } });
  }
  if (error instanceof ChainReadError) {
    return problemResponse({ kind: "unavailable", status: 503, detail: "This model was never used here, and the chain cannot be read to check it; retry when the chain is reachable.", headers: { "retry-after": "30" } });
  }
  throw error;
}
