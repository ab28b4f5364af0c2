import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export type StartProofServerParameters = {
  /** The app from `createProofServer`. */
  app: Hono;
  /** Default 127.0.0.1: reachable from this machine only until told otherwise. */
  host?: string | undefined;
  /** 0 picks a free port. Default 8787. */
  port?: number | undefined;
};

export type ProofServer = {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`, default 5,000), then resolves. */
  close(options?: { graceMs?: number }): Promise<void>;
};

/** Header bytes accepted per request (Node's default is 16 KiB; nothing here needs more than a few hundred). */
export const maxHeaderBytes = 8_192;

/**
 * Listens with Node's HTTP server (through `@hono/node-server`) and resolves once bound. Node's own limits apply
 * before the app sees a request: at most {@link maxHeaderBytes} of headers, headers within 10 s, the whole request
 * within 15 s, idle keep-alive connections closed after 5 s.
 *
 * @example
 * const server = await startProofServer({ app, port: 8787 })
 * process.once("SIGTERM", () => void server.close().then(() => store.close()))
 */
export async function startProofServer({ app, host = "127.0.0.1", port = 8787 }: StartProofServerParameters): Promise<ProofServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({
      fetch: app.fetch,
      hostname: host,
      port,
      serverOptions: { maxHeaderSize: maxHeaderBytes, headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000 },
    }) as Server;
    started.once("listening", () => resolve(started));
    started.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${bound}`,
    port: bound,
    close: ({ graceMs = 5_000 } = {}) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
