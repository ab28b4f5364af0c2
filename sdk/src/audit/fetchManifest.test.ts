import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ManifestFetchError } from "../errors/ManifestFetchError.js";
import { fetchManifest } from "./fetchManifest.js";

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  "/ok.json": (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"format":"aiattest-batch-v1"}'),
  "/missing.json": (_request, response) => response.writeHead(404).end("no"),
  "/moved.json": (_request, response) => response.writeHead(302, { location: "/ok.json" }).end(),
  "/to-file.json": (_request, response) => response.writeHead(302, { location: "file:///etc/passwd" }).end(),
  "/loop.json": (_request, response) => response.writeHead(301, { location: "/loop.json" }).end(),
  "/declared-large.json": (_request, response) => response.writeHead(200, { "content-length": "2000" }).end("x".repeat(2000)),
  // no content-length: the limit must hold while reading
  "/streamed-large.json": (_request, response) => {
    response.writeHead(200);
    for (let i = 0; i < 20; i++) response.write("y".repeat(100));
    response.end();
  },
  "/slow.json": (_request, response) => {
    response.writeHead(200);
    response.write("{");
    setTimeout(() => response.end("}"), 2_000);
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => (routes[request.url ?? ""] ?? routes["/missing.json"]!)(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const reasonOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ManifestFetchError);
  return (error as ManifestFetchError).shortMessage;
};

describe("fetchManifest", () => {
  test("returns the body's bytes, following a redirect to http", async () => {
    expect(new TextDecoder().decode(await fetchManifest({ url: `${base}/ok.json` }))).toBe('{"format":"aiattest-batch-v1"}');
    expect(new TextDecoder().decode(await fetchManifest({ url: `${base}/moved.json` }))).toBe('{"format":"aiattest-batch-v1"}');
  });

  test("refuses what is not http(s), a redirect leaving http(s), a redirect loop, and answers other than 200", async () => {
    expect(await reasonOf(fetchManifest({ url: "file:///etc/passwd" }))).toBe("Cannot fetch the manifest file:///etc/passwd: only http: and https: URLs are fetched, not file:.");
    expect(await reasonOf(fetchManifest({ url: "not a url" }))).toContain("not a URL");
    expect(await reasonOf(fetchManifest({ url: `${base}/to-file.json` }))).toContain("redirected to a file: URL (only http: and https: are followed)");
    expect(await reasonOf(fetchManifest({ url: `${base}/loop.json` }))).toContain("more than 5 redirects");
    expect(await reasonOf(fetchManifest({ url: `${base}/missing.json` }))).toContain("the server answered 404");
  });

  test("refuses a body over the limit, declared or not, and a server too slow", async () => {
    expect(await reasonOf(fetchManifest({ url: `${base}/declared-large.json`, maxBytes: 1_000 }))).toContain("it is 2000 bytes, more than the 1000 allowed");
    expect(await reasonOf(fetchManifest({ url: `${base}/streamed-large.json`, maxBytes: 1_000 }))).toContain("more than the 1000 bytes allowed");
    expect(await reasonOf(fetchManifest({ url: `${base}/slow.json`, timeoutMs: 300 }))).toContain("within 300 ms");
  });

  test("an unreachable server", async () => {
    expect(await reasonOf(fetchManifest({ url: "http://127.0.0.1:9/x.json" }))).toContain("the server is unreachable");
  });
});
