/**
 * An RPC URL as it may be printed: scheme, host and port only. Paths, queries and credentials often hold API
 * keys (`/v3/<key>`, `?apikey=`, `user:pass@`), so they are shown as "/…" and never echoed.
 *
 * @example
 * describeRpcUrl("https://mainnet.example/v3/secret") // "https://mainnet.example/…"
 */
export function describeRpcUrl(url: string): string {
  if (!URL.canParse(url)) return "(an RPC URL that does not parse)";
  const parsed = new URL(url);
  const hidden = parsed.username !== "" || parsed.password !== "" || parsed.search !== "" || parsed.hash !== "" || (parsed.pathname !== "/" && parsed.pathname !== "");
  return `${parsed.protocol}//${parsed.host}${hidden ? "/…" : ""}`;
}
