// fetchBundle (the page's #bundle=<url> reader) against a real HTTP server: it counts the body as it arrives and
// aborts once over the cap, so an endless, huge or gzip-bomb answer never fills the visitor's tab; and it gives
// up on a server that trickles. Run with Node's fetch, which streams and decompresses as a browser does.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchBundle, maxBundleBytes } from "../../web/src/bundleLinkOf.js";

const chunk = Buffer.alloc(64 * 1024, 0x20);

/** Per path: how many body bytes the server wrote before the client went away, once it has. */
const sent = new Map<string, Promise<number>>();

const routes: Record<string, (response: ServerResponse) => void> = {
  "/bundle.json": (response) => response.writeHead(200, { "content-type": "application/json" }).end('{"format":"bundle"}'),
  "/exactly-the-cap": (response) => response.writeHead(200).end(Buffer.alloc(maxBundleBytes, 0x20)),
  "/missing": (response) => response.writeHead(404).end("not found"),
  // no content-length, never ends: only the client's cap stops it
  "/endless": (response) => {
    response.writeHead(200, { "content-type": "application/json" });
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once("drain", pump);
    };
    pump();
  },
  // 50 MB of spaces gzipped to ~50 KB: small on the wire, huge once decompressed
  "/gzip-bomb": (response) => response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipBomb),
  // says 5 MB up front
  "/declared-huge": (response) => {
    response.writeHead(200, { "content-length": String(5 * maxBundleBytes) });
    response.write(chunk);
  },
  // one byte every 50 ms, forever
  "/trickle": (response) => {
    response.writeHead(200);
    const timer = setInterval(() => response.write(" "), 50);
    response.on("close", () => clearInterval(timer));
  },
};
const gzipBomb = gzipSync(Buffer.alloc(50 * maxBundleBytes, 0x20));

let base: string;
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const path = request.url ?? "/";
  let written = 0;
  const write = response.write.bind(response);
  response.write = ((data: Buffer | string, ...rest: never[]) => {
    written += Buffer.byteLength(data);
    return write(data, ...rest);
  }) as typeof response.write;
  sent.set(path, new Promise((resolve) => response.on("close", () => resolve(written))));
  (routes[path] ?? ((r) => r.writeHead(404).end()))(response);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const tooLarge = `The linked bundle is more than ${maxBundleBytes} bytes, more than a bundle can be: nothing more of it was read.`;

describe("fetchBundle", () => {
  test("reads a bundle, up to exactly the cap", async () => {
    expect(await fetchBundle(new URL(`${base}/bundle.json`))).toBe('{"format":"bundle"}');
    expect((await fetchBundle(new URL(`${base}/exactly-the-cap`))).length).toBe(maxBundleBytes);
  });

  test("an answer that never ends is cut off just past the cap, and the connection dropped", async () => {
    await expect(fetchBundle(new URL(`${base}/endless`))).rejects.toThrow(tooLarge);
    // the server saw the client go away after little more than the cap (plus what socket buffers held)
    expect(await sent.get("/endless")).toBeLessThan(8 * maxBundleBytes);
  });

  test("a gzip bomb is counted decompressed and refused once over the cap", async () => {
    await expect(fetchBundle(new URL(`${base}/gzip-bomb`))).rejects.toThrow(tooLarge);
  });

  test("a declared content-length over the cap is refused before the body is read", async () => {
    await expect(fetchBundle(new URL(`${base}/declared-huge`))).rejects.toThrow(tooLarge);
    expect(await sent.get("/declared-huge")).toBe(chunk.length);
  });

  test("a server that trickles bytes is given up on at the timeout, and the connection dropped", async () => {
    const started = Date.now();
    await expect(fetchBundle(new URL(`${base}/trickle`), { timeoutMs: 400 })).rejects.toThrow("The bundle link sent no whole answer within 0.4 s.");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await sent.get("/trickle")).toBeGreaterThan(0);
  });

  test("an answer other than 200, or no server, is an error saying so", async () => {
    await expect(fetchBundle(new URL(`${base}/missing`))).rejects.toThrow("The bundle link answered HTTP 404.");
    await expect(fetchBundle(new URL("http://127.0.0.1:9/none.json"))).rejects.toThrow(/^The bundle link could not be read \(.*\): is the address right, and does its server allow this page to read it \(CORS\)\?$/);
  });
});
