import { ManifestFetchError } from "../errors/ManifestFetchError.js";
import { maxManifestBytes } from "./maxManifestBytes.js";

export type FetchManifestParameters = {
  /** An http: or https: URL. */
  url: string;
  /** Give up after this long, redirects and body included (ms). Default 30 000. */
  timeoutMs?: number | undefined;
  /** Refuse a body larger than this (bytes). Default {@link maxManifestBytes}. */
  maxBytes?: number | undefined;
};

/** Redirects followed at most, each to an http(s) URL. */
const maxRedirects = 5;

/**
 * Fetches a batch manifest's bytes from an http(s) URL, for `auditManifest` (which checks everything in them, and
 * that the anchor names this very `url`). Bounded: a timeout over the whole exchange, a size limit enforced while
 * reading (a server lying about `content-length` is cut off), at most 5 redirects, each to http(s) only (never to
 * `file:` or `data:`). The server is not trusted: nothing it says is taken for true.
 *
 * @throws {ManifestFetchError} when the URL is not http(s), the server fails or answers other than 200, a redirect
 * leaves http(s), or the body is too large or too slow.
 * @example
 * const bytes = await fetchManifest({ url: "https://lab.example/v1/manifests/0xabc….json" })
 * const { result } = await auditManifest({ manifest: bytes, manifestUri: url, client })
 */
export async function fetchManifest({ url, timeoutMs = 30_000, maxBytes = maxManifestBytes }: FetchManifestParameters): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      throw new ManifestFetchError({ url, reason: `${redirects === 0 ? "not a URL" : `redirected to ${JSON.stringify(current)}, not a URL`}` });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new ManifestFetchError({ url, reason: redirects === 0 ? `only http: and https: URLs are fetched, not ${parsed.protocol}` : `redirected to a ${parsed.protocol} URL (only http: and https: are followed)` });
    }
    let response: Response;
    try {
      response = await fetch(parsed, { redirect: "manual", signal, headers: { accept: "application/json" } });
    } catch (cause) {
      throw new ManifestFetchError({ url, reason: signal.aborted ? `no answer within ${timeoutMs} ms` : "the server is unreachable", cause });
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
      await response.body?.cancel();
      if (redirects >= maxRedirects) throw new ManifestFetchError({ url, reason: `more than ${maxRedirects} redirects` });
      current = new URL(response.headers.get("location")!, parsed).href;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new ManifestFetchError({ url, reason: `the server answered ${response.status}` });
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ManifestFetchError({ url, reason: `it is ${declared} bytes, more than the ${maxBytes} allowed` });
    }
    return await readBounded({ response, url, maxBytes, signal, timeoutMs });
  }
}

async function readBounded({ response, url, maxBytes, signal, timeoutMs }: { response: Response; url: string; maxBytes: number; signal: AbortSignal; timeoutMs: number }): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
      const chunk = read.value;
      length += chunk.length;
      if (length > maxBytes) {
        await reader!.cancel();
        throw new ManifestFetchError({ url, reason: `it is more than the ${maxBytes} bytes allowed` });
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ManifestFetchError) throw error;
    throw new ManifestFetchError({ url, reason: signal.aborted ? `not fully received within ${timeoutMs} ms` : "the connection failed while reading", cause: error });
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
