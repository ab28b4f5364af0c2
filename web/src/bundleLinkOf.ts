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

/**
 * Fetches a linked bundle's text: no cookies or credentials sent, at most {@link maxBundleBytes}, within 15 s.
 *
 * @throws {Error} when the server does not answer 200, or the bundle is too large.
 * @example
 * const text = await fetchBundle(new URL("https://lab.example/p/42.json"))
 */
export async function fetchBundle(url: URL): Promise<string> {
  const response = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`The bundle link answered HTTP ${response.status}.`);
  const text = await response.text();
  if (text.length > maxBundleBytes) throw new Error(`The linked bundle is ${text.length} bytes, more than the ${maxBundleBytes} a bundle can be.`);
  return text;
}
