/** Every run of Unicode White_Space (spaces, tabs, newlines, NBSP, ideographic space, ...). */
const whiteSpaceRuns = /\p{White_Space}+/gu;

/**
 * The normalized form a lookup key is also computed over: Unicode NFC, then every run of White_Space characters
 * replaced by one U+0020 SPACE, then a leading and a trailing space removed. A copy of an output that was
 * re-wrapped, re-indented or had its accents decomposed still finds the output it came from.
 *
 * @example
 * normalizeLookupText("  Caf\u0065\u0301\tau\u00a0lait\n") // "Caf\u00e9 au lait"
 */
export function normalizeLookupText(text: string): string {
  if (isNormalAscii(text)) return text;
  return text.normalize("NFC").replace(whiteSpaceRuns, " ").replace(/^ | $/g, "");
}

/**
 * True for a text the steps above leave as it is, told in one pass without them: printable ASCII (NFC leaves
 * ASCII unchanged) whose spaces are single and neither lead nor trail. Anything else (a control character, a
 * tab or newline, a character past U+007E) takes the full path.
 */
function isNormalAscii(text: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (code > 0x20 && code < 0x7f) {
      afterSpace = false;
    } else {
      return false;
    }
  }
  return !afterSpace || text.length === 0;
}
