import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createProofServer } from "../../sdk/src/server/createProofServer.js";
import { webRootContentSecurityPolicy } from "../../sdk/src/server/serveWebRoot.js";
import { startProofServer } from "../../sdk/src/server/startProofServer.js";
import type { Store } from "../../sdk/src/store/Store.js";

/** A raw HTTP GET: the path goes on the wire exactly as written (fetch would normalize `..` away). */
function get(url: string, path: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const sent = request({ host: hostname, port, path, method: "GET" }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    sent.on("error", reject);
    sent.end();
  });
}

let server: Awaited<ReturnType<typeof startProofServer>>;
beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), "aiattest-webroot-"));
  for (const dir of ["web", "web/sub", "web/.git", "manifests"]) mkdirSync(join(base, dir));
  writeFileSync(join(base, "web", "index.html"), "<p>page</p>");
  writeFileSync(join(base, "web", "verifier.js"), "console.log(1)");
  writeFileSync(join(base, "web", "sub", "index.html"), "<p>sub</p>");
  writeFileSync(join(base, "web", ".env"), "DOTFILE-SECRET");
  writeFileSync(join(base, "web", ".git", "config"), "DOTDIR-SECRET");
  writeFileSync(join(base, "secret.txt"), "OUTSIDE-SECRET");
  mkdirSync(join(base, "outside"));
  writeFileSync(join(base, "outside", "index.html"), "OUTSIDE-DIR-SECRET");
  symlinkSync(join(base, "secret.txt"), join(base, "web", "link.txt"));
  symlinkSync(join(base, "outside"), join(base, "web", "linked-dir"));
  symlinkSync(join(base, "web", "verifier.js"), join(base, "web", "inside-link.js"));
  // the static routes never touch the store; the API's answers here are 404s and 500s
  const store = { getRecord: async () => null, getBatchByRoot: async () => null } as unknown as Store;
  server = await startProofServer({ app: createProofServer({ store, manifestDir: join(base, "manifests"), webRoot: join(base, "web") }), port: 0 });
});
afterAll(() => server?.close());

test("the page and its files: with the CSP (frame-ancestors 'none'), nosniff and no-cache", async () => {
  for (const [path, body, type] of [["/", "<p>page</p>", "text/html; charset=utf-8"], ["/index.html", "<p>page</p>", "text/html; charset=utf-8"], ["/verifier.js", "console.log(1)", "text/javascript; charset=utf-8"], ["/sub/", "<p>sub</p>", "text/html; charset=utf-8"], ["/inside-link.js", "console.log(1)", "text/javascript; charset=utf-8"]] as const) {
    const response = await get(server.url, path);
    expect([path, response.status, response.body, response.headers["content-type"]]).toEqual([path, 200, body, type]);
    expect(response.headers["content-security-policy"]).toBe(webRootContentSecurityPolicy);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("no-cache");
  }
});

test("dotfiles, dot folders, symlinks leading outside and traversal attempts are 404, never their bytes", async () => {
  for (const path of ["/.env", "/.git/config", "/%2eenv", "/%2Eenv", "/sub/../.env", "/link.txt", "/linked-dir/", "/linked-dir/index.html", "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/%2F..%2Fsecret.txt", "/index.html%00.json", "/%E0%A4%A"]) {
    const response = await get(server.url, path);
    expect([path, response.status]).toEqual([path, 404]);
    expect(response.body).not.toMatch(/SECRET/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  }
});

test("API answers carry nosniff too (problem bodies included)", async () => {
  for (const path of ["/v1/records/1", "/v1/records/x", "/v1/nothing"]) {
    const response = await get(server.url, path);
    expect([path, response.headers["x-content-type-options"]]).toEqual([path, "nosniff"]);
  }
});

test("the CSP header is the page's own meta policy plus frame-ancestors 'none'", () => {
  const html = readFileSync("web/src/index.html", "utf8");
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  expect(meta).toBeDefined();
  expect(webRootContentSecurityPolicy).toBe(`${meta}; frame-ancestors 'none'`);
});
