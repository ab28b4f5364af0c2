import { escapeText } from "./escapeText.js";

/**
 * Free text from a bundle or the chain (a model name, a record id) as a quoted JSON string with its controls
 * escaped: a `"` inside it is shown as `\"`, so it can never close its own quote and pass the rest off as ours.
 *
 * @example
 * quoteText('GPT-5" 2025-08 of publisher 0x…') // "\"GPT-5\\\" 2025-08 of publisher 0x…\""
 */
export function quoteText(text: string): string {
  return escapeText(JSON.stringify(text));
}
