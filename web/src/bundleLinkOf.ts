/** The most a linked bundle may weigh: a real one is a few KB (its Merkle proof grows with log2 of the batch). */
export const maxBundleBytes = 1_000_000;

/**
 * The bundle URL of a `#bundle=<url>` link (percent-encoded or not), or null when the fragment has none.
 * Only http and https: anything else (`javascript:`, `file:`, `data:`) is refused with a message.
 *
 * @throws {Error} when the link holds something that is not an http(s) URL.
 * @example
 * bundleLinkOf("#bundle=https%3A%2F%2Flab.example%2Fp%2F42.json") // URL { href: "https://lab.example/p/42.json" }
 */
export function bundleLinkOf(hash: string): URL | null {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get("bundle");
  if (value === null || value === "") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The link's bundle address is not a URL: ${JSON.stringify(value.slice(0, 200))}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`The link's bundle address must be http or https, not ${url.protocol}`);
  return url;
}

/** How long a `#bundle=` link may take to answer and send its whole body. */
export const bundleLinkTimeoutMs = 15_000;

/**
 * Fetches a linked bundle's text: no cookies or credentials sent, at most {@link maxBundleBytes} (counted as the
 * body arrives, after any decompression, and the fetch aborted once over: a huge or gzip-bomb answer never fills the
 * tab), the whole body within `timeoutMs`. What comes back is untrusted: the caller parses and verifies it.
 *
 * @throws {Error} when the server cannot be reached or read, does not answer 200, takes longer than `timeoutMs`,
 * or sends more than {@link maxBundleBytes}.
 * @example
 * const text = await fetchBundle(new URL("https://lab.example/p/42.json"))
 */
export async function fetchBundle(url: URL, { timeoutMs = bundleLinkTimeoutMs }: { timeoutMs?: number } = {}): Promise<string> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const failed = (error: unknown) =>
    timedOut
      ? new Error(`The bundle link sent no whole answer within ${timeoutMs / 1000} s.`)
      : new Error(`The bundle link could not be read (${error instanceof Error ? error.message : String(error)}): is the address right, and does its server allow this page to read it (CORS)?`);
  try {
    let response: Response;
    try {
      response = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", signal: controller.signal });
    } catch (error) {
      throw failed(error);
    }
    if (!response.ok) throw new Error(`The bundle link answered HTTP ${response.status}.`);
    // a declared length over the cap is refused before reading; an undeclared or false one is caught while reading
    const declared = Number(response.headers.get("content-length"));
    if (declared > maxBundleBytes) throw tooLarge();
    if (response.body === null) return "";
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        if (size > maxBundleBytes) break;
        chunks.push(read.value);
      }
    } catch (error) {
      throw failed(error);
    }
    if (size > maxBundleBytes) throw tooLarge();
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return new TextDecoder().decode(bytes);
  } finally {
    clearTimeout(timer);
    // stops whatever is still coming (a body over the cap, an error answer's body); a no-op once all is read
    controller.abort();
  }
}

function tooLarge(): Error {
  return new Error(`The linked bundle is more than ${maxBundleBytes} bytes, more than a bundle can be: nothing more of it was read.`);
}
