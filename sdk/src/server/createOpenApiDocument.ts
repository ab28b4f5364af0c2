import { z } from "zod";
import { proofBundleJsonSchema } from "../bundle/proofBundleJsonSchema.js";
import {
  batchPageSchema,
  batchesQuerySchema,
  healthSchema,
  idempotencyKeySchema,
  manifestRootParameterSchema,
  outputsBodySchema,
  problemSchema,
  recordIdParameterSchema,
} from "./proofServerSchemas.js";

const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const cacheHeaders = {
  ETag: { description: "Strong validator; send it back as If-None-Match for a 304", schema: { type: "string" } },
  "Cache-Control": { description: "immutable only for a final anchor made by the publisher itself (nothing can change it); a short max-age for any other anchor (not final yet, or made by an anchorer key, which a revocation can void and the lab then re-anchors); no-cache for receipts", schema: { type: "string" } },
};
const ifNoneMatch = { name: "If-None-Match", in: "header", required: false, schema: { type: "string" } };
const common = { "400": problem("A parameter is malformed"), "500": problem("Internal error (no details are disclosed)") };
const receipt = (description: string, headers: Record<string, unknown>) => ({
  description,
  headers: { Location: { description: "/v1/records/{id}: where the record's bundle is served", schema: { type: "string" } }, ...headers },
  content: { "application/json": { schema: { $ref: "#/components/schemas/ProofBundle" } } },
});
const outputsPathItem = {
  post: {
    operationId: "recordOutput",
    summary: "Sign and durably record one output (aiattest serve --ingest); its receipt once committed",
    security: [{ ingestToken: [] }],
    parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: jsonSchemaOf(idempotencyKeySchema) }],
    requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OutputInput" } } } },
    responses: {
      "201": receipt("Recorded: the receipt (a signed-only proof bundle), durable in the store", {}),
      "200": receipt("A retry of a request already recorded with this Idempotency-Key and the same body: the first receipt, nothing recorded", {
        "Idempotent-Replayed": { description: "true", schema: { type: "string" } },
      }),
      "400": problem("The body or the Idempotency-Key is malformed, or the model is not the publisher's (field names which)"),
      "401": problem("No bearer token, a malformed one, or one unknown or revoked (WWW-Authenticate: Bearer)"),
      "413": problem("The body is larger than the server's limit"),
      "422": problem("The Idempotency-Key was used with another body"),
      "503": problem("The server cannot sign now (its key revoked or closing, its clock ahead of the chain's), the model was never used and the chain is down, or too many requests are in flight (Retry-After)"),
      "500": problem("Internal error (no details are disclosed)"),
    },
  },
};

/**
 * The OpenAPI 3.1 document of the proof server, generated from the zod schemas its handlers parse inputs with
 * and the bundle's own schema, so the document cannot drift from what the server accepts and returns. With
 * `hasIngest` (`aiattest serve --ingest`) it also documents `POST /v1/outputs` and its bearer token.
 *
 * @example
 * const document = createOpenApiDocument({ serverUrl: "https://proofs.lab.example" })
 */
export function createOpenApiDocument({ serverUrl, hasIngest = false }: { serverUrl?: string | undefined; hasIngest?: boolean | undefined } = {}) {
  const { $id: _, ...bundle } = proofBundleJsonSchema();
  const query = jsonSchemaOf(batchesQuerySchema) as { properties: Record<string, Record<string, unknown>> };
  return {
    openapi: "3.1.0",
    info: {
      title: "aiattest proof server",
      version: "1",
      description: "Read-only: proof bundles (receipts until anchored), batch manifests, batches and health, from a lab's aiattest store. Bundles are verified by the reader, never trusted.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      "/v1/records/{id}": {
        get: {
          operationId: "getRecord",
          summary: "A record's proof bundle: anchored once its batch is, its receipt (anchor: null) before",
          parameters: [{ name: "id", in: "path", required: true, schema: jsonSchemaOf(recordIdParameterSchema) }, ifNoneMatch],
          responses: {
            "200": { description: "The bundle", headers: cacheHeaders, content: { "application/json": { schema: { $ref: "#/components/schemas/ProofBundle" } } } },
            "304": { description: "Not modified (If-None-Match)" },
            "404": problem("No such record"),
            ...common,
          },
        },
      },
      "/v1/manifests/{root}": {
        get: {
          operationId: "getManifest",
          summary: "A batch manifest, byte for byte as anchored (the root may end in .json)",
          parameters: [{ name: "root", in: "path", required: true, schema: jsonSchemaOf(manifestRootParameterSchema) }, ifNoneMatch],
          responses: {
            "200": { description: "The manifest file (batch-v1)", headers: cacheHeaders, content: { "application/json": { schema: { type: "object" } } } },
            "304": { description: "Not modified (If-None-Match)" },
            "404": problem("No batch with this root, or its manifest is not on this server"),
            ...common,
          },
        },
      },
      "/v1/batches": {
        get: {
          operationId: "listBatches",
          summary: "Batches, oldest first, a page at a time",
          parameters: Object.entries(query.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: {
            "200": { description: "A page", content: { "application/json": { schema: { $ref: "#/components/schemas/BatchPage" } } } },
            ...common,
          },
        },
      },
      "/v1/health": {
        get: {
          operationId: "getHealth",
          summary: "Store reachable, records pending, last anchor",
          responses: {
            "200": { description: "Healthy", content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } } },
            "503": problem("The store cannot be read"),
          },
        },
      },
      ...(hasIngest ? { "/v1/outputs": outputsPathItem } : {}),
      "/v1/openapi.json": {
        get: { operationId: "getOpenApi", summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
      },
    },
    components: {
      schemas: {
        ProofBundle: bundle,
        BatchPage: jsonSchemaOf(batchPageSchema),
        Health: jsonSchemaOf(healthSchema),
        Problem: jsonSchemaOf(problemSchema),
        ...(hasIngest ? { OutputInput: jsonSchemaOf(outputsBodySchema) } : {}),
      },
      ...(hasIngest ? { securitySchemes: { ingestToken: { type: "http", scheme: "bearer", description: "An ingestion token (aia_…) from aiattest token create" } } } : {}),
    },
  };
}
