import { type Transport, fallback, http, webSocket } from "viem";

/** The URLs of an RPC setting: one, or several separated by commas (or white space). */
export function splitRpcUrls(rpcUrl: string): string[] {
  return rpcUrl.split(/[\s,]+/).filter((url) => url !== "");
}

/**
 * The viem transport for an RPC setting: WebSocket for `ws:`/`wss:`, HTTP otherwise; several URLs make a fallback
 * transport that asks them in order, moving on at once when one fails. A failed request (HTTP 429 and 5xx,
 * timeouts, a dropped socket; with several URLs, every one failing) is retried up to 4 times with exponential
 * backoff from a base delay drawn per process between 200 and 300 ms (jitter), or after the server's Retry-After.
 * With `isBackground`, a failed request is not retried and times out after 3 s.
 *
 * @example
 * const client = createPublicClient({ transport: rpcTransport("https://a.example,https://b.example") })
 */
export function rpcTransport(rpcUrl: string, { isBackground = false }: { isBackground?: boolean } = {}): Transport {
  const urls = splitRpcUrls(rpcUrl);
  // a background read (the recorder's refresh) is simply made again at its next interval: no retries, and a short
  // timeout, so a short-lived process is not kept alive by a read nobody waits for
  if (isBackground) {
    const once = urls.map((url) => (/^wss?:/i.test(url) ? webSocket(url, { retryCount: 0, timeout: 3_000 }) : http(url, { retryCount: 0, timeout: 3_000 })));
    return once.length === 1 ? once[0]! : fallback(once, { retryCount: 0 });
  }
  // jitter: each process backs off from its own base delay (200–300 ms), so cron runs and recorders that fail
  // together do not retry together
  const retryDelay = 200 + Math.floor(Math.random() * 100);
  // several: each URL is asked once per round (a dead one costs no backoff), and the round is retried
  const retries = urls.length === 1 ? { retryCount: 4, retryDelay } : { retryCount: 0 };
  const transports = urls.map((url) => (/^wss?:/i.test(url) ? webSocket(url, retries) : http(url, retries)));
  return transports.length === 1 ? transports[0]! : fallback(transports, { retryCount: 4, retryDelay });
}
