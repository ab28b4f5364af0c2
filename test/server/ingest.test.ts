import { Ajv2020 } from "ajv/dist/2020.js";
import { createPublicClient, http, keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { createIngestToken } from "../../sdk/src/server/ingest/createIngestToken.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { freePort } from "../helpers/freePort.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "../pipeline/labPipeline.js";

/** The ingestion API in process over a lab on the in-process chain, with one live token. */
async function ingestLab({ maxBodyBytes, maxInFlight, chainDown = false }: { maxBodyBytes?: number; maxInFlight?: number; chainDown?: boolean } = {}) {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  const publicUrl = "https://proofs.lab.example";
  let client = fixture.publicClient;
  if (chainDown) {
    // one good start cached the key; the model too, by a first record: then the RPC dies
    await lab.recorder.record({ modelId: fixture.labModelId, response: "warm-up" });
    client = createPublicClient({ chain: fixture.publicClient.chain, transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 }) });
  }
  lab.recorder.close();
  const recorder = await createRecorder({ store: lab.store, signer: fixture.labSigner, deployment: lab.deployment, client, clock: () => Number(fixture.setUpAt), refreshInterval: chainDown ? 0 : 60, publicUrl });
  const { token, tokenHash } = createIngestToken();
  await lab.store.createToken({ name: "inference", tokenHash });
  const app = createProofServer({ store: lab.store, manifestDir: lab.dir, publicUrl, ingest: { recorder, maxBodyBytes, maxInFlight, tokenTtlMs: 50 } });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request("/v1/outputs", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers } });
  return { fixture, lab, app, token, post, modelId: fixture.labModelId };
}

describe("POST /v1/outputs", () => {
  test("201 with the receipt once durable: it verifies offline, names its bundle URL, and equals what GET /v1/records serves", async () => {
    const { app, post, modelId, lab } = await ingestLab();
    const response = await post({ model: modelId, response: "Paris.", request: "Capital of France?" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const text = await response.text();
    const receipt = JSON.parse(text);
    expect(response.headers.get("location")).toBe(`/v1/records/${receipt.recordId}`);
    expect(receipt).toMatchObject({ anchor: null, bundleUrl: `https://proofs.lab.example/v1/records/${receipt.recordId}` });
    expect(await verifyOutput({ bundle: receipt, response: "Paris.", request: "Capital of France?" })).toMatchObject({ valid: true, status: "signed-only" });
    expect(await lab.store.countPending()).toBe(1);
    expect(await (await app.request(`/v1/records/${receipt.recordId}`)).text()).toBe(text);
    // jcs: any JSON value, hashed in its canonical form
    const jcs = await post({ model: modelId, response: { b: 1, a: [true, null] }, encoding: "jcs" });
    expect(jcs.status).toBe(201);
    expect(await verifyOutput({ bundle: await jcs.json(), response: '{"a":[true,null],"b":1}' })).toMatchObject({ valid: true });
  });

  test("401 with WWW-Authenticate: Bearer when the token is missing or malformed; the same 401 for one unknown or revoked", async () => {
    const { app, post, modelId, lab, token } = await ingestLab();
    const output = { model: modelId, response: "x" };
    const missing = await app.request("/v1/outputs", { method: "POST", body: JSON.stringify(output) });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="aiattest"');
    expect(await missing.json()).toEqual({
      type: "urn:aiattest:problem:unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "This route needs an ingestion token: Authorization: Bearer aia_… (aiattest token create).",
    });
    for (const authorization of ["Basic dXNlcjpwdw==", "Bearer", `Bearer ${token}x`, `Bearer ${token} extra`]) {
      const malformed = await post(output, { authorization });
      expect(malformed.status, authorization).toBe(401);
      expect(malformed.headers.get("www-authenticate")).toBe('Bearer realm="aiattest", error="invalid_request"');
    }
    const unknown = await post(output, { authorization: `Bearer ${createIngestToken().token}` });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer realm="aiattest", error="invalid_token"');
    const unknownBody = await unknown.json();
    // revoked: effective once the token table is read again (50 ms here, 5 s by default)
    expect((await post(output)).status).toBe(201);
    await lab.store.revokeToken("inference");
    await new Promise((resolve) => setTimeout(resolve, 60));
    const revoked = await post(output);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual(unknownBody);
    expect(await lab.store.countPending()).toBe(1);
  });

  test("400 naming the field, for a body or an Idempotency-Key that is wrong; nothing is recorded", async () => {
    const { post, modelId, lab } = await ingestLab();
    const problem = async (body: unknown, headers?: Record<string, string>) => {
      const response = await post(body, headers);
      expect(response.status).toBe(400);
      const { field, detail } = await response.json();
      return { field, detail };
    };
    expect(await problem("{not json")).toEqual({ field: undefined, detail: "The body is not an output to record: not valid JSON." });
    expect(await problem("")).toEqual({ field: undefined, detail: 'The body is empty: send {"model": "0x…", "response": …}.' });
    expect(await problem('{"model":"0x1","response":"a","response":"b"}')).toEqual({ field: undefined, detail: "The body is not an output to record: a name appears twice in one object." });
    expect(await problem({ model: modelId })).toMatchObject({ field: "response", detail: expect.stringContaining('"response": required') });
    expect(await problem({ response: "x" })).toEqual({ field: "model", detail: 'The body is not an output to record: no "model".' });
    expect(await problem({ model: "0x12", response: "x" })).toMatchObject({ field: "model", detail: expect.stringContaining('"model": expected a model id: 0x followed by 64 hex digits') });
    expect(await problem({ model: modelId, response: "x", requets: "typo" })).toMatchObject({ field: "requets" });
    expect(await problem({ model: modelId, response: { not: "text" } })).toMatchObject({ field: "response", detail: expect.stringContaining('"response" cannot be hashed as utf8') });
    expect(await problem({ model: modelId, response: "x", encoding: "base64" })).toMatchObject({ field: "encoding" });
    expect(await problem({ model: keccak256(toHex("no such model")), response: "x" })).toEqual({
      field: "model",
      detail: `Invalid modelId: expected a model registered by ${lab.deployment.publisher}, received ${keccak256(toHex("no such model"))}.`,
    });
    expect(await problem({ model: modelId, response: "x" }, { "idempotency-key": "é" })).toEqual({ field: "Idempotency-Key", detail: "Idempotency-Key must be 1 to 255 printable ASCII characters." });
    expect(await problem({ model: modelId, response: "x" }, { "idempotency-key": "k".repeat(256) })).toMatchObject({ field: "Idempotency-Key" });
    expect(await lab.store.countPending()).toBe(0);
  });

  test("413 for a body over the limit, declared or streamed, before it is read whole", async () => {
    const { post, app, token, modelId, lab } = await ingestLab({ maxBodyBytes: 1024 });
    const big = { model: modelId, response: "x".repeat(2_000) };
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ type: "urn:aiattest:problem:body-too-large", detail: "The body is larger than this server's limit of 1024 bytes." });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512).fill(0x20));
      },
    });
    const streamed = await app.request("/v1/outputs", { method: "POST", body: endless, headers: { authorization: `Bearer ${token}` }, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect((await post({ model: modelId, response: "x".repeat(900) })).status).toBe(201);
    expect(await lab.store.countPending()).toBe(1);
  });

  test("Idempotency-Key: a retry gets the first receipt (200, Idempotent-Replayed); another body with the key 422; concurrent requests record once", async () => {
    const { post, modelId, lab, fixture } = await ingestLab();
    const output = { model: modelId, response: "once" };
    const first = await post(output, { "idempotency-key": "req-1" });
    expect(first.status).toBe(201);
    const receipt = await first.text();
    const retry = await post(output, { "idempotency-key": "req-1" });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(receipt);
    const reused = await post({ ...output, response: "another" }, { "idempotency-key": "req-1" });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ type: "urn:aiattest:problem:idempotency-key-reused", field: "Idempotency-Key" });
    expect(await lab.store.countPending()).toBe(1);

    const racing = await Promise.all(Array.from({ length: 12 }, () => post({ model: modelId, response: "raced" }, { "idempotency-key": "req-2" })));
    expect(racing.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const bodies = new Set(await Promise.all(racing.map((response) => response.text())));
    expect(bodies.size).toBe(1);
    expect(await verifyOutput({ bundle: JSON.parse([...bodies][0]!), response: "raced" })).toMatchObject({ valid: true });
    expect(await lab.store.countPending()).toBe(2);
    // another token's key of the same name is its own
    const { token: other, tokenHash } = createIngestToken();
    await lab.store.createToken({ name: "other", tokenHash });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await post(output, { "idempotency-key": "req-1", authorization: `Bearer ${other}` })).status).toBe(201);
    expect(await lab.store.countPending()).toBe(3);
    expect(fixture).toBeDefined();
  });

  test("503 overloaded with Retry-After past maxInFlight, before anything is recorded; the slots free again whatever the answer", async () => {
    const { post, modelId, lab } = await ingestLab({ maxInFlight: 3 });
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => post({ model: modelId, response: `answer ${i}` })));
    const statuses = answers.map((answer) => answer.status);
    const overloaded = answers.filter((answer) => answer.status === 503);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    expect(overloaded.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(3);
    for (const answer of overloaded) {
      expect(answer.headers.get("retry-after")).toBe("1");
      expect(await answer.json()).toEqual({
        type: "urn:aiattest:problem:overloaded",
        title: "Too many requests in flight",
        status: 503,
        detail: "This server is recording 3 outputs already, its limit; retry in a moment.",
      });
    }
    // only the accepted ones were recorded
    expect(await lab.store.countPending()).toBe(statuses.filter((status) => status === 201).length);
    // refused and failed requests give their slot back: three at once are accepted again
    expect((await post({ model: modelId, response: 7 })).status).toBe(400);
    expect((await Promise.all([1, 2, 3].map((i) => post({ model: modelId, response: `later ${i}` })))).map((answer) => answer.status)).toEqual([201, 201, 201]);
  });

  test("the rest of the server stays read-only, and the route is not offered to browsers (no CORS)", async () => {
    const { app, modelId, token } = await ingestLab();
    const elsewhere = await app.request("/v1/records/1", { method: "POST", body: JSON.stringify({ model: modelId, response: "x" }), headers: { authorization: `Bearer ${token}` } });
    expect(elsewhere.status).toBe(405);
    const preflight = await app.request("/v1/outputs", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.status).toBe(405);
    expect((await app.request("/v1/outputs")).headers.get("allow")).toBe("POST");
    // reads keep their open CORS
    expect((await app.request("/v1/health", { headers: { origin: "https://any.example" } })).headers.get("access-control-allow-origin")).toBe("*");
    // without --ingest there is no such route, and POST is refused as before
    const readOnly = createProofServer({ store: (await labPipeline(await loadFixture(deployAttestFixture))).store, manifestDir: "/nonexistent" });
    expect((await readOnly.request("/v1/outputs", { method: "POST", body: "{}", headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
  });

  test("records with the chain down (after one good start): 201 receipts that verify", async () => {
    const { post, modelId, lab } = await ingestLab({ chainDown: true });
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => post({ model: modelId, response: `offline ${i}` })));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    for (const [i, response] of responses.entries()) expect(await verifyOutput({ bundle: await response.json(), response: `offline ${i}` })).toMatchObject({ valid: true });
    expect(await lab.store.countPending()).toBe(9);
  });

  test("over real HTTP with keep-alive: 201 receipts, and 401 without the token", async () => {
    const { app, token, modelId, lab } = await ingestLab();
    const server = await startProofServer({ app, port: 0 });
    try {
      const send = (response: string, authorization = `Bearer ${token}`) =>
        fetch(`${server.url}/v1/outputs`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ model: modelId, response }) });
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => send(`over http ${i}`)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(16).fill(201));
      for (const [i, answer] of answers.entries()) expect(await verifyOutput({ bundle: await answer.json(), response: `over http ${i}` })).toMatchObject({ valid: true });
      const refused = await send("no", "Bearer nope");
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(await lab.store.countPending()).toBe(16);
    } finally {
      await server.close();
    }
  });

  test("the OpenAPI document (with --ingest) describes the route: its body schema accepts what the handler accepts, and its answers validate", async () => {
    const { app, post, modelId } = await ingestLab();
    type Document = { paths: Record<string, { post?: { requestBody: unknown; parameters: { name: string; schema: object }[]; responses: Record<string, unknown> } }>; components: { schemas: Record<string, object>; securitySchemes: object } };
    const document = (await (await app.request("/v1/openapi.json")).json()) as Document;
    const operation = document.paths["/v1/outputs"]!.post!;
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "201", "400", "401", "413", "422", "500", "503"]);
    expect(document.components.securitySchemes).toEqual({ ingestToken: { type: "http", scheme: "bearer", description: "An ingestion token (aia_…) from aiattest token create" } });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, ajv.compile(schema)]));
    const bodies = [{ model: modelId, response: "a" }, { model: modelId, response: { x: 1 }, encoding: "jcs", request: ["q"] }, { response: "a" }, { model: modelId, response: "a", requets: "q" }, { model: "0x1", response: "a" }];
    expect(bodies.map((body) => validate.OutputInput!(body))).toEqual([true, true, false, false, false]);
    const statuses = await Promise.all(bodies.map(async (body) => (await post(body)).status));
    expect(statuses).toEqual([201, 201, 400, 400, 400]);
    const keySchema = ajv.compile(operation.parameters.find((parameter) => parameter.name === "Idempotency-Key")!.schema);
    expect(["req-1", " ", "k".repeat(255), "", "k".repeat(256), "é", "a\tb"].map((key) => keySchema(key))).toEqual([true, true, true, false, false, false, false]);
    expect(validate.ProofBundle!(await (await post({ model: modelId, response: "b" })).json())).toBe(true);
    for (const problem of [await post({ response: "a" }), await post({ model: modelId, response: "a" }, { authorization: "Bearer x" })]) {
      expect(validate.Problem!(await problem.json())).toBe(true);
    }
    // without --ingest the document does not mention it
    const readOnly = createProofServer({ store: (await labPipeline(await loadFixture(deployAttestFixture))).store, manifestDir: "/nonexistent" });
    expect(Object.keys(((await (await readOnly.request("/v1/openapi.json")).json()) as Document).paths)).not.toContain("/v1/outputs");
  });
});
