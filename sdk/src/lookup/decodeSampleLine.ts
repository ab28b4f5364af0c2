/**
 * One line of a one-sample-per-line text corpus, decoded: `\n` (newline), `\r` (carriage return), `\t` (tab) and
 * `\\` (one backslash) are the escapes; a backslash before any other character, or at the end of the line, stays as
 * it is. Unknown escapes are kept rather than refused because real corpora hold raw backslashes (paths, LaTeX,
 * regexes): refusing them would make such a corpus unreadable, decoding them would change its text.
 *
 * @example
 * decodeSampleLine("Dear Sir,\\n\\tThank you.") // "Dear Sir,\n\tThank you."
 * decodeSampleLine("C:\\Users") // "C:\\Users" (unknown escape \U kept)
 */
export function decodeSampleLine(line: string): string {
  if (!line.includes("\\")) return line;
  return line.replace(escapePattern, (escape) => escapes[escape as keyof typeof escapes]);
}

const escapes = { "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\\\": "\\" } as const;

// left to right, so `\\n` is a backslash then `n`, never a backslash then a newline
const escapePattern = /\\[nrt\\]/g;
