import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

/**
 * A tiny static HTTP server on 127.0.0.1 (a free port) for the browser tests: the files of `dir`, plus `extra`
 * paths served from memory (bundles for `#bundle=` links, with CORS open as a lab's proof server would). Answers
 * 404 to anything else, and records every path asked for.
 */
export async function serveStatic({ dir, extra = {} }: { dir: string; extra?: Record<string, string> }) {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    requested.push(path);
    void (async () => {
      const headers = { "access-control-allow-origin": "*", "cache-control": "no-store" };
      if (path in extra) return response.writeHead(200, { ...headers, "content-type": types[".json"] }).end(extra[path]);
      const file = normalize(join(dir, path === "/" ? "index.html" : path));
      if (!file.startsWith(dir)) return response.writeHead(403).end();
      try {
        const body = await readFile(file);
        response.writeHead(200, { ...headers, "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404, headers).end("not found");
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
