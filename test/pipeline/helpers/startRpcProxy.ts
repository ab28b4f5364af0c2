import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { mulberry32 } from "../../helpers/mulberry32.js";

export type RpcProxy = {
  url: string;
  /** Refuse every request (the RPC is down) until `up()`. */
  down(): void;
  up(): void;
  /** Go down the moment a request with this JSON-RPC method arrives (it is not forwarded). */
  downOn(method: string): void;
  /** Answer this JSON-RPC method with an error, as RPCs that limit log ranges do (`undefined`: forward it again). */
  refuse(method: string | ((request: { method: string; params: unknown[] }) => boolean) | undefined): void;
  /** Lie: answer requests for which `answer` returns a value with that value instead of the node's (`undefined`: stop). */
  lie(answer: ((request: { method: string; params: unknown[] }) => unknown | Promise<unknown>) | undefined): void;
  /** Fail this share of requests (HTTP 429 or 500, or a dropped socket), drawn from a seeded generator (0: never). */
  flaky(share: number, seed?: number): void;
  close(): Promise<void>;
};

/**
 * A JSON-RPC proxy on loopback in front of a node, which can play an outage: requests fail at the socket, as
 * when the node or the network dies, while the chain behind keeps its state.
 */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let isDown = false;
  let trigger: string | undefined;
  let refused: string | ((request: { method: string; params: unknown[] }) => boolean) | undefined;
  let liar: ((request: { method: string; params: unknown[] }) => unknown | Promise<unknown>) | undefined;
  let flakyShare = 0;
  let random = mulberry32(1);
  // a handler's failure stays unobserved, as in a plain async listener: the test sees the request fail
  const server = createServer((request, response) => void handle(request, response));
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (!isDown && trigger && body.includes(`"${trigger}"`)) {
      isDown = true;
      trigger = undefined;
    }
    if (isDown) {
      request.socket.destroy();
      return;
    }
    const asked = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] };
    if (typeof refused === "string" ? body.includes(`"${refused}"`) : refused?.({ method: asked.method, params: asked.params ?? [] })) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id: asked.id, error: { code: -32005, message: `${asked.method} is limited to a 1,000-block range` } }));
      return;
    }
    const request_ = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] };
    if (flakyShare > 0 && random() < flakyShare) {
      const failure = random();
      if (failure < 1 / 3) {
        request.socket.destroy();
        return;
      }
      response.writeHead(failure < 2 / 3 ? 429 : 500, { "content-type": "text/plain" });
      response.end(failure < 2 / 3 ? "Too Many Requests" : "Internal Server Error");
      return;
    }
    const lie = await liar?.({ method: request_.method, params: request_.params ?? [] });
    if (lie !== undefined) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id: request_.id, result: lie }));
      return;
    }
    const forwarded = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    response.writeHead(forwarded.status, { "content-type": "application/json" });
    response.end(await forwarded.text());
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    down: () => (isDown = true),
    up: () => (isDown = false),
    downOn: (method) => (trigger = method),
    refuse: (method) => (refused = method),
    lie: (answer) => (liar = answer),
    flaky: (share, seed = 1) => {
      flakyShare = share;
      random = mulberry32(seed);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
