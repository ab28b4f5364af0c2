// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional formatting characters:
// whatever could move the cursor, erase a line or reorder what a terminal or a Markdown viewer shows
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text from a bundle (or the chain) made safe to print: every control, escape and bidirectional formatting
 * character is shown as a visible `\u{…}` escape, so a model name holding `\r\e[2K` cannot rewrite an INVALID
 * line into a VALID one.
 *
 * @example
 * escapeText("atlas\r\u001b[2KVALID") // "atlas\\u{d}\\u{1b}[2KVALID"
 */
export function escapeText(text: string): string {
  return text.replace(unsafe, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}
