import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startLabServer } from "./startLabServer.js";

let lab: Awaited<ReturnType<typeof startLabServer>>;
beforeAll(async () => {
  lab = await startLabServer({ publicUrl: "https://proofs.lab.example" });
}, 120_000);
afterAll(() => lab?.stop());

type Operation = { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>; parameters?: { name: string; in: string; schema: object }[] };
type OpenApi = { openapi: string; servers: { url: string }[]; paths: Record<string, { get: Operation }>; components: { schemas: Record<string, object> } };

test("the OpenAPI document lists every route, and its schemas accept what the server actually returns and the inputs it takes", async () => {
  const response = await fetch(`${lab.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as OpenApi;
  expect(document.openapi).toBe("3.1.0");
  expect(document.servers).toEqual([{ url: "https://proofs.lab.example" }]);
  expect(Object.keys(document.paths).sort()).toEqual(["/v1/batches", "/v1/health", "/v1/manifests/{root}", "/v1/openapi.json", "/v1/records/{id}"]);
  expect(Object.keys(document.components.schemas).sort()).toEqual(["BatchPage", "Health", "Problem", "ProofBundle"]);

  // every $ref resolves, and every schema compiles as JSON Schema 2020-12
  const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
  for (const ref of refs) expect(document.components.schemas).toHaveProperty(ref.slice(22, -1));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, ajv.compile(schema)]));

  const check = async (path: string, schema: string) => {
    const body = (await (await fetch(`${lab.url}${path}`)).json()) as unknown;
    expect(validate[schema]!(body), `${path}: ${JSON.stringify(validate[schema]!.errors)}`).toBe(true);
  };
  await check(`/v1/records/${lab.ids.final[0]}`, "ProofBundle");
  await check(`/v1/records/${lab.ids.pending[0]}`, "ProofBundle");
  await check("/v1/batches?limit=1", "BatchPage");
  await check("/v1/health", "Health");
  await check("/v1/records/0", "Problem");
  await check("/v1/records/999999", "Problem");

  // the parameter schemas are the handlers' own: what they accept, the document accepts, and what they refuse it refuses
  const idSchema = ajv.compile(document.paths["/v1/records/{id}"]!.get.parameters!.find((p) => p.name === "id")!.schema);
  expect(["1", "42", "9007199254740991"].map((id) => idSchema(id))).toEqual([true, true, true]);
  expect(["0", "01", "-1", "abc"].map((id) => idSchema(id))).toEqual([false, false, false, false]);
  const rootSchema = ajv.compile(document.paths["/v1/manifests/{root}"]!.get.parameters!.find((p) => p.name === "root")!.schema);
  expect([`0x${"ab".repeat(32)}`, `0x${"AB".repeat(32)}.json`, `0x${"ab".repeat(32)}.txt`, "../x"].map((root) => rootSchema(root))).toEqual([true, true, false, false]);
  const query = document.paths["/v1/batches"]!.get.parameters!;
  expect(query.map((p) => [p.name, p.in])).toEqual([
    ["cursor", "query"],
    ["limit", "query"],
  ]);
});
