import type { FieldPathSegment } from "./parseFieldPath.js";

/**
 * The value at a parsed `--field` path, or undefined when a step is missing (an absent key, an index out of range, a
 * step into a value that is neither object nor array).
 *
 * @example
 * readFieldPath({ value: { messages: [{ content: "a" }, { content: "b" }] }, path: parseFieldPath("messages.-1.content") }) // "b"
 */
export function readFieldPath({ value, path }: { value: unknown; path: readonly FieldPathSegment[] }): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!("index" in segment)) return undefined;
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) return undefined;
      current = current[index];
    } else if (typeof current === "object" && current !== null) {
      const key = "key" in segment ? segment.key : String(segment.index);
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    } else return undefined;
  }
  return current;
}
