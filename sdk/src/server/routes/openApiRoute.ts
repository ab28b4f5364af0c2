import { Hono } from "hono";
import { createOpenApiDocument } from "../createOpenApiDocument.js";

/**
 * `GET /openapi.json`: the server's OpenAPI 3.1 document, built once.
 *
 * @example
 * app.route("/v1", openApiRoute({ serverUrl: "https://proofs.lab.example" }))
 */
export function openApiRoute({ serverUrl, hasIngest }: { serverUrl?: string | undefined; hasIngest?: boolean | undefined }): Hono {
  const body = JSON.stringify(createOpenApiDocument({ serverUrl, hasIngest }));
  return new Hono().get("/openapi.json", (c) => c.body(body, 200, { "content-type": "application/json", "cache-control": "no-cache" }));
}
