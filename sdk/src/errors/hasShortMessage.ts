/**
 * True for an error carrying viem's (or our) `shortMessage`: the one to show, since a transport error's full
 * message names the RPC URL, whose path may hold an API key.
 *
 * @example
 * const reason = hasShortMessage(error) ? error.shortMessage : String(error)
 */
export function hasShortMessage(error: unknown): error is { shortMessage: string } {
  return typeof error === "object" && error !== null && typeof (error as { shortMessage?: unknown }).shortMessage === "string";
}
