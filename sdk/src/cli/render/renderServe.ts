import type { ServeResult } from "../commands/serve.js";

/**
 * The line `aiattest serve` prints once stopped.
 *
 * @example
 * renderServe({ url: "http://127.0.0.1:8787", stoppedBy: "SIGTERM" }) // "Stopped http://127.0.0.1:8787 (SIGTERM)."
 */
export function renderServe({ url, stoppedBy }: ServeResult): string {
  return `Stopped ${url} (${stoppedBy}).`;
}
