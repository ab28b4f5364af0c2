import { request } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import { startLabServer } from "./startLabServer.js";

let lab: Awaited<ReturnType<typeof startLabServer>>;
beforeAll(async () => {
  lab = await startLabServer();
}, 120_000);
afterAll(() => lab?.stop());

/** A raw HTTP request (fetch cannot send a GET with a body). */
function rawRequest(url: string, { method, body, headers = {} }: { method: string; body?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

test("a GET carrying a body is refused with a 413 problem, before any handler runs", async () => {
  const response = await rawRequest(`${lab.url}/v1/records/1`, { method: "GET", body: "x".repeat(100), headers: { "content-type": "text/plain", "content-length": "100" } });
  expect(response.status).toBe(413);
  expect(JSON.parse(response.body)).toEqual({
    type: "urn:aiattest:problem:body-not-accepted",
    title: "Request body not accepted",
    status: 413,
    detail: "Requests to this server carry no body.",
  });
  const chunked = await rawRequest(`${lab.url}/v1/health`, { method: "GET", body: "abc", headers: { "transfer-encoding": "chunked" } });
  expect(chunked.status).toBe(413);
});

test("HEAD answers like GET without a body", async () => {
  const response = await rawRequest(`${lab.url}/v1/records/${lab.ids.final[0]}`, { method: "HEAD" });
  expect(response.status).toBe(200);
  expect(response.headers.etag).toMatch(/^"/);
  expect(response.body).toBe("");
});

test("a request slower than the time limit gets a 503 timeout problem with Retry-After", async () => {
  const slowStore = Object.create(lab.lab.store) as typeof lab.lab.store;
  slowStore.getRecord = () => new Promise((resolve) => setTimeout(() => resolve(null), 1_000));
  slowStore.getRecordWithGeneration = (id) => slowStore.getRecord(id).then((record) => ({ record, generation: "slow" }));
  const server = await startProofServer({ app: createProofServer({ store: slowStore, manifestDir: lab.manifestDir, requestTimeoutMs: 100 }), port: 0 });
  try {
    const response = await fetch(`${server.url}/v1/records/1`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ type: "urn:aiattest:problem:timeout", detail: "No answer within 100 ms; retry later." });
  } finally {
    await server.close();
  }
});

test("a failing store: 500 and 503 problems that carry no stack trace or internal message; onError hears of it", async () => {
  const { openSqliteStore } = await import("../../sdk/src/store/openSqliteStore.js");
  const store = await openSqliteStore({ path: `${lab.lab.dir}/lab.db` });
  const errors: unknown[] = [];
  const server = await startProofServer({ app: createProofServer({ store, manifestDir: lab.manifestDir, onError: (error) => errors.push(error) }), port: 0 });
  try {
    expect((await fetch(`${server.url}/v1/records/${lab.ids.final[0]}`)).status).toBe(200);
    await store.close();
    for (const path of [`/v1/records/${lab.ids.pending[0]}`, `/v1/batches`, `/v1/manifests/0x${"ab".repeat(32)}`]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ type: "urn:aiattest:problem:internal", title: "Internal server error", status: 500, detail: "The server failed to answer this request." });
      expect(text).not.toMatch(/ at |\.ts|database|sqlite/i);
    }
    expect(errors).toHaveLength(3);
    const health = await fetch(`${server.url}/v1/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ type: "urn:aiattest:problem:unavailable", detail: "The store cannot be read." });
  } finally {
    await server.close();
  }
});

test("close waits for a request in flight, then refuses new connections", async () => {
  const slowStore = Object.create(lab.lab.store) as typeof lab.lab.store;
  slowStore.countPending = () => new Promise((resolve) => setTimeout(() => resolve(7), 300));
  slowStore.getLastAnchoredBatch = () => lab.lab.store.getLastAnchoredBatch();
  const server = await startProofServer({ app: createProofServer({ store: slowStore, manifestDir: lab.manifestDir }), port: 0 });
  const inFlight = fetch(`${server.url}/v1/health`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await server.close();
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ pending: 7 });
  await expect(fetch(`${server.url}/v1/health`)).rejects.toThrow();
});

test("webRoot (off by default) serves a folder's files at /, below the API, and nothing outside it", async () => {
  const { mkdir, writeFile } = await import("node:fs/promises");
  const webRoot = `${lab.lab.dir}/web`;
  await mkdir(webRoot, { recursive: true });
  await writeFile(`${webRoot}/index.html`, "<!doctype html><title>verify</title>");
  await writeFile(`${lab.lab.dir}/secret.txt`, "outside the web root");
  const server = await startProofServer({ app: createProofServer({ store: lab.lab.store, manifestDir: lab.manifestDir, webRoot }), port: 0 });
  try {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toBe("<!doctype html><title>verify</title>");
    expect((await fetch(`${server.url}/v1/health`)).headers.get("content-type")).toContain("application/json");
    for (const path of ["/..%2Fsecret.txt", "/%2e%2e/secret.txt", "/secret.txt"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain("outside the web root");
    }
  } finally {
    await server.close();
  }
  expect((await fetch(`${lab.url}/`)).status).toBe(404);
});
