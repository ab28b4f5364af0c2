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
 *
 * @example
 * const client = createPublicClient({ transport: rpcTransport("https://a.example,https://b.example") })
 */
export function rpcTransport(rpcUrl: string): Transport {
  const urls = splitRpcUrls(rpcUrl);
  // jitter: each process backs off from its own base delay (200–300 ms), so cron runs and recorders that fail
  // together do not retry together
  const retryDelay = 200 + Math.floor(Math.random() * 100);
  // several: each URL is asked once per round (a dead one costs no backoff), and the round is retried
  const retries = urls.length === 1 ? { retryCount: 4, retryDelay } : { retryCount: 0 };
  const transports = urls.map((url) => (/^wss?:/i.test(url) ? webSocket(url, retries) : http(url, retries)));
  return transports.length === 1 ? transports[0]! : fallback(transports, { retryCount: 4, retryDelay });
}
