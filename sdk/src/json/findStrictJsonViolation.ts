/** What strict (I-JSON, RFC 7493) parsing refuses in text that `JSON.parse` accepts. */
export type StrictJsonViolation = { kind: "duplicate-key"; key: string } | { kind: "lone-surrogate" } | { kind: "non-integer-number"; text: string };

/**
 * Finds the first thing in valid JSON text that I-JSON forbids and `JSON.parse` lets through: an object with
 * two members of the same name (compared after unescaping: `"a"` and `"\u0061"` are the same name), or a string
 * holding a lone surrogate escape (`"\ud800"`). Parsers disagree on both (last duplicate wins, first wins, or an
 * error), so a format that must mean one thing to every implementation refuses them.
 *
 * With `isIntegersOnly`, also a number written with a fraction, an exponent or as `-0` (`31337.0`, `3.1337e4`): a
 * format whose numbers are all integers has one spelling for each.
 *
 * Call it on text that `JSON.parse` has accepted; it does not validate JSON syntax.
 *
 * @example
 * findStrictJsonViolation('{"a":1,"a":2}') // { kind: "duplicate-key", key: "a" }
 */
export function findStrictJsonViolation(text: string, { isIntegersOnly = false }: { isIntegersOnly?: boolean } = {}): StrictJsonViolation | null {
  // one entry per open container: the names seen so far for an object, null for an array
  const open: (Set<string> | null)[] = [];
  let isKeyNext = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (character === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      if (!value.isWellFormed()) return { kind: "lone-surrogate" };
      const names = open.at(-1);
      if (isKeyNext && names) {
        if (names.has(value)) return { kind: "duplicate-key", key: value };
        names.add(value);
        isKeyNext = false;
      }
      i = end;
    } else if (character === "{") {
      open.push(new Set());
      isKeyNext = true;
    } else if (character === "[") {
      open.push(null);
      isKeyNext = false;
    } else if (character === "}" || character === "]") {
      open.pop();
      isKeyNext = false;
    } else if (character === ",") {
      isKeyNext = open.at(-1) instanceof Set;
    } else if (isIntegersOnly && (character === "-" || (character! >= "0" && character! <= "9"))) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
      const number = text.slice(i, end);
      if (!/^-?(0|[1-9][0-9]*)$/.test(number) || number === "-0") return { kind: "non-integer-number", text: number };
      i = end - 1;
    }
  }
  return null;
}
