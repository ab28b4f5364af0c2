/** Every run of Unicode White_Space (spaces, tabs, newlines, NBSP, ideographic space, ...). */
const whiteSpaceRuns = /\p{White_Space}+/gu;

/**
 * The normalized form a lookup key is also computed over: Unicode NFC, then every run of White_Space characters
 * replaced by one U+0020 SPACE, then a leading and a trailing space removed. A copy of an output that was
 * re-wrapped, re-indented or had its accents decomposed still finds the output it came from.
 *
 * @example
 * normalizeLookupText("  Caf\u0065\u0301\tau\u00a0lait\n") // "Café au lait"
 */
export function normalizeLookupText(text: string): string {
  return text.normalize("NFC").replace(whiteSpaceRuns, " ").replace(/^ | $/g, "");
}
