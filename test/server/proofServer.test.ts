import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseBundle } from "../../sdk/src/bundle/parseBundle.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { startLabServer } from "./startLabServer.js";

let lab: Awaited<ReturnType<typeof startLabServer>>;
beforeAll(async () => {
  lab = await startLabServer({ publicUrl: "https://proofs.lab.example/" });
}, 120_000);
afterAll(() => lab?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${lab.url}${path}`, { headers });
const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["detail", "status", "title", "type"]);
  expect(body.status).toBe(response.status);
  return body;
};

describe("GET /v1/records/:id", () => {
  test("a final anchor's bundle: immutable, ETag, CORS, and it verifies on chain against its text", async () => {
    for (const id of lab.ids.final) {
      const response = await get(`/v1/records/${id}`, { origin: "https://elsewhere.example" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      const text = await response.text();
      const parsed = parseBundle(text);
      expect(parsed.success).toBe(true);
      if (!parsed.success) return;
      expect(parsed.bundle.anchor).not.toBeNull();
      expect(parsed.bundle.recordId).toBe(String(id));
      expect(parsed.bundle.bundleUrl).toBe(`https://proofs.lab.example/v1/records/${id}`);
      const result = await verifyOutput({ bundle: text, response: lab.texts.get(id)!, client: lab.fixture.publicClient });
      expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
      expect(result).toMatchObject({ valid: true, status: "anchored" });
    }
  });

  test("the same bytes again (from memory), and 304 for a matching If-None-Match", async () => {
    const id = lab.ids.final[0]!;
    const first = await get(`/v1/records/${id}`);
    const etag = first.headers.get("etag")!;
    const again = await get(`/v1/records/${id}`);
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get("etag")).toBe(etag);
    const notModified = await get(`/v1/records/${id}`, { "if-none-match": `"other", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(await notModified.text()).toBe("");
    expect((await get(`/v1/records/${id}`, { "if-none-match": '"stale"' })).status).toBe(200);
  });

  test("an anchor not final yet: a short max-age, never immutable; the bundle verifies", async () => {
    const id = lab.ids.anchored[0]!;
    const response = await get(`/v1/records/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const text = await response.text();
    const result = await verifyOutput({ bundle: text, response: lab.texts.get(id)!, client: lab.fixture.publicClient });
    expect(result).toMatchObject({ valid: true, status: "anchored" });
  });

  test("a record not anchored yet: its receipt (anchor null) with its bundleUrl, no-cache, revalidated by ETag", async () => {
    const id = lab.ids.pending[0]!;
    const response = await get(`/v1/records/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const body = (await response.json()) as { anchor: unknown; bundleUrl: string };
    expect(body.anchor).toBeNull();
    expect(body.bundleUrl).toBe(`https://proofs.lab.example/v1/records/${id}`);
    expect((await get(`/v1/records/${id}`, { "if-none-match": response.headers.get("etag")! })).status).toBe(304);
  });

  test("404 problem for a record not in the store", async () => {
    const response = await get("/v1/records/999999");
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({ type: "urn:aiattest:problem:not-found", title: "Not found", status: 404, detail: "No record 999999 on this server." });
  });

  test.each(["0", "-1", "01", "1.5", "abc", "1e3", "9007199254740992", "12345678901234567890", "1%2F2", "0x10", "%201"])("400 problem for the id %s", async (id) => {
    const response = await get(`/v1/records/${id}`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).type).toBe("urn:aiattest:problem:invalid-parameter");
  });
});

describe("GET /v1/manifests/:root", () => {
  test("the manifest's bytes exactly as written, by root and by <root>.json (the anchored URI's form), with the root as ETag", async () => {
    const batches = (await (await get("/v1/batches")).json()) as { batches: { root: string; final: boolean; manifestUrl: string }[] };
    const [first, second] = batches.batches;
    const written = await readFile(join(lab.manifestDir, `${first!.root}.json`));
    for (const path of [`/v1/manifests/${first!.root}`, `/v1/manifests/${first!.root}.json`, `/v1/manifests/${first!.root.toUpperCase().replace("0X", "0x")}.json`, first!.manifestUrl]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(written)).toBe(true);
      expect(response.headers.get("etag")).toBe(`"${first!.root}"`);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await get(`/v1/manifests/${first!.root}.json`, { "if-none-match": `"${first!.root}"` })).status).toBe(304);
    const unfinalized = await get(`/v1/manifests/${second!.root}.json`);
    expect(unfinalized.headers.get("cache-control")).toBe("public, max-age=60");
    await unfinalized.arrayBuffer();
  });

  test("404 problem for a root the store has no batch for", async () => {
    const response = await get(`/v1/manifests/0x${"ab".repeat(32)}.json`);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toBe(`No batch with root 0x${"ab".repeat(32)} on this server.`);
  });

  test.each([`0x${"ab".repeat(31)}`, `0x${"ab".repeat(32)}.txt`, `0x${"zz".repeat(32)}`, "..%2F..%2Fetc%2Fpasswd", `..%2F0x${"ab".repeat(32)}.json`, `0x${"ab".repeat(32)}.json.json`])("400 problem for the root %s", async (root) => {
    const response = await get(`/v1/manifests/${root}`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).type).toBe("urn:aiattest:problem:invalid-parameter");
  });
});

describe("GET /v1/batches", () => {
  test("pages with an opaque cursor, oldest first, to the last page", async () => {
    const all = (await (await get("/v1/batches")).json()) as { batches: { root: string; status: string; final: boolean; count: number }[]; nextCursor: string | null };
    expect(all.nextCursor).toBeNull();
    expect(all.batches.map(({ status, final, count }) => ({ status, final, count }))).toEqual([
      { status: "anchored", final: true, count: 5 },
      { status: "anchored", final: false, count: 3 },
    ]);
    const page1 = (await (await get("/v1/batches?limit=1")).json()) as typeof all;
    expect(page1.batches.map((batch) => batch.root)).toEqual([all.batches[0]!.root]);
    expect(page1.nextCursor).toMatch(/^b1\./);
    const page2 = (await (await get(`/v1/batches?limit=1&cursor=${page1.nextCursor}`)).json()) as typeof all;
    expect(page2.batches.map((batch) => batch.root)).toEqual([all.batches[1]!.root]);
    expect(page2.nextCursor).toBeNull();
  });

  test.each([
    ["cursor=abc", "cursor is not a cursor this server gave (take nextCursor from the previous page)."],
    ["cursor=b1.MDE", "cursor is not a cursor this server gave (take nextCursor from the previous page)."],
    ["cursor=b1.LTE", "cursor is not a cursor this server gave (take nextCursor from the previous page)."],
    ["limit=0", "limit must be a whole number from 1 to 100."],
    ["limit=101", "limit must be a whole number from 1 to 100."],
    ["limit=ten", "limit must be a whole number from 1 to 100."],
    ["limit=1&limit=2", "limit must be given at most once."],
    ["offset=3", "Unknown query parameter offset: only cursor and limit are accepted."],
  ])("400 problem for ?%s", async (query, detail) => {
    const response = await get(`/v1/batches?${query}`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toBe(detail);
  });
});

test("GET /v1/health: store reachable, records pending, the last anchor", async () => {
  const response = await get("/v1/health");
  expect(response.status).toBe(200);
  const batches = (await (await get("/v1/batches")).json()) as { batches: { root: string }[] };
  expect(await response.json()).toMatchObject({ status: "ok", store: "reachable", pending: 2, lastAnchor: { root: batches.batches[1]!.root, final: false } });
});

describe("limits", () => {
  test("only reads: POST is a 405 problem with Allow; unknown paths are 404 problems", async () => {
    const post = await fetch(`${lab.url}/v1/records/1`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    await problemOf(post);
    const notFound = await get("/etc/passwd");
    expect(notFound.status).toBe(404);
    expect((await problemOf(notFound)).detail).toBe("Nothing at /etc/passwd. The API is under /v1 (see /v1/openapi.json).");
  });

  test("a CORS preflight for GET is answered for any origin", async () => {
    const response = await fetch(`${lab.url}/v1/records/1`, { method: "OPTIONS", headers: { origin: "https://a.example", "access-control-request-method": "GET" } });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
  });

  test("headers larger than 8 KiB are refused before the app sees them (431)", async () => {
    const response = await get("/v1/health", { "x-padding": "a".repeat(9_000) });
    expect(response.status).toBe(431);
  });
});
