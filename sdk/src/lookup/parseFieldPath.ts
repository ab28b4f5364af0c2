import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";

/** One step of a `--field` path: an object key, or an array index (negative: from the end). */
export type FieldPathSegment = { key: string } | { index: number };

/**
 * Parses a `--field` path: dot-separated steps, each an object key, or on an array an index (`0`, `1`, … from the
 * start, `-1`, `-2`, … from the end). A step made of digits is tried as a key on an object and as an index on an
 * array, so `choices.0.text` and `{"0": …}` both work.
 *
 * @throws {InvalidArgumentError} for an empty path or an empty step (`a..b`, `.a`).
 * @example
 * parseFieldPath("messages.-1.content") // [{ key: "messages" }, { index: -1 }, { key: "content" }]
 */
export function parseFieldPath(path: string): FieldPathSegment[] {
  const steps = path.split(".");
  if (steps.some((step) => step === "")) {
    throw new InvalidArgumentError({ argument: "--field", expected: "dot-separated keys and array indexes, e.g. messages.-1.content", received: JSON.stringify(path) });
  }
  return steps.map((step) => (indexPattern.test(step) ? { index: Number(step) } : { key: step }));
}

const indexPattern = /^-?(0|[1-9][0-9]{0,8})$/;
