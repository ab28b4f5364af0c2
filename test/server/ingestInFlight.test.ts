// The ingestion route's in-flight bound (maxInFlight) over a real HTTP server: a slot taken by a request
// whose client goes away (mid-body, or while its output is recorded) must come back, or the server refuses forever.
import { connect } from "node:net";
import { expect, test } from "vitest";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { createIngestToken } from "../../sdk/src/server/ingest/createIngestToken.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "../pipeline/labPipeline.js";

async function ingestServer({ maxInFlight }: { maxInFlight: number }) {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  lab.recorder.close();
  const recorder = await createRecorder({ store: lab.store, signer: fixture.labSigner, deployment: lab.deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt) });
  const { token, tokenHash } = createIngestToken();
  await lab.store.createToken({ name: "inference", tokenHash });
  const app = createProofServer({ store: lab.store, manifestDir: lab.dir, publicUrl: "https://proofs.lab.example", ingest: { recorder, maxInFlight, tokenTtlMs: 50 } });
  const server = await startProofServer({ app, port: 0 });
  const post = (body: unknown) =>
    fetch(`${server.url}/v1/outputs`, { method: "POST", body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  /** Opens a raw connection and sends a POST's headers and the first bytes of its body, never the rest. */
  const partial = async ({ chunked }: { chunked: boolean }) => {
    const socket = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const length = chunked ? "transfer-encoding: chunked\r\n" : "content-length: 1000\r\n";
    const start = chunked ? "a\r\n{\"model\": \r\n" : '{"model": ';
    socket.write(`POST /v1/outputs HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n${length}\r\n${start}`);
    return socket;
  };
  return { fixture, lab, server, post, partial, modelId: fixture.labModelId };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a client that goes away mid-body (Content-Length) gives its in-flight slot back", async () => {
  const { server, post, partial, modelId } = await ingestServer({ maxInFlight: 1 });
  try {
    const socket = await partial({ chunked: false });
    await pause(200);
    // the slot is held by the half-sent request
    expect((await post({ model: modelId, response: "while held" })).status).toBe(503);
    socket.destroy();
    await pause(200);
    expect((await post({ model: modelId, response: "after the client left" })).status).toBe(201);
  } finally {
    await server.close({ graceMs: 100 });
  }
});

// a chunked body (no Content-Length) is read whole by hono/body-limit: its slot must be taken before
// it is read, or any number of such requests would each buffer up to maxBodyBytes
test("a request still sending a chunked body holds an in-flight slot, as one with a Content-Length does", async () => {
  const { server, post, partial, modelId } = await ingestServer({ maxInFlight: 1 });
  try {
    const socket = await partial({ chunked: true });
    await pause(200);
    expect((await post({ model: modelId, response: "while the chunked body is read" })).status).toBe(503);
    socket.destroy();
    await pause(200);
    expect((await post({ model: modelId, response: "after the chunked client left" })).status).toBe(201);
  } finally {
    await server.close({ graceMs: 100 });
  }
});
