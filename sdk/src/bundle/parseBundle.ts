import { BundleParseError, type BundleFieldIssue } from "../errors/BundleParseError.js";
import { findStrictJsonViolation, type StrictJsonViolation } from "../json/findStrictJsonViolation.js";
import type { ProofBundle } from "./ProofBundle.js";
import { proofBundleSchema } from "./proofBundleSchema.js";

export type ParseBundleReturnType =
  | { success: true; bundle: ProofBundle }
  | { success: false; issues: BundleFieldIssue[] };

/** The largest bundle text accepted, in bytes of UTF-8: four times the largest bundle the field limits allow. */
export const maxBundleBytes = 65_536;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Validates untrusted input as a v1 proof bundle: JSON text or its UTF-8 bytes (strict: at most
 * {@link maxBundleBytes}; duplicate names, lone surrogate escapes and numbers with a fraction or an exponent are
 * refused), or a value its caller parsed already (then only the schema applies). Never throws on bad data; each bad
 * field is reported with its path (`anchor.proof[3]`, `""` for the bundle itself) and what is wrong with it.
 *
 * @example
 * const parsed = parseBundle(await readFile("bundle.json", "utf8"))
 * if (!parsed.success) for (const issue of parsed.issues) console.error(issue.path, issue.message)
 */
export function parseBundle(input: unknown): ParseBundleReturnType {
  const refuse = (message: string): ParseBundleReturnType => ({ success: false, issues: [{ path: "", message }] });
  let value = input;
  let text: string | undefined;
  if (input instanceof Uint8Array) {
    if (input.length > maxBundleBytes) return refuse(`larger than ${maxBundleBytes} bytes`);
    try {
      text = utf8.decode(input);
    } catch {
      return refuse("not UTF-8 text");
    }
  } else if (typeof input === "string") {
    // a UTF-16 code unit is one to three UTF-8 bytes: count the bytes only when the length cannot decide
    const isTooLarge = input.length > maxBundleBytes || (input.length * 3 > maxBundleBytes && utf8Length(input) > maxBundleBytes);
    if (isTooLarge) return refuse(`larger than ${maxBundleBytes} bytes`);
    text = input;
  }
  if (text !== undefined) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      return refuse(`not valid JSON (${(error as Error).message})`);
    }
    // one meaning for every parser: duplicate names, lone surrogates and non-integer number forms are refused
    const violation = findStrictJsonViolation(text, { isIntegersOnly: true });
    if (violation) return refuse(`not strict JSON: ${describeViolation(violation)}`);
  }
  let result: ReturnType<typeof proofBundleSchema.safeParse>;
  try {
    result = proofBundleSchema.safeParse(value);
  } catch {
    // a caller's object whose getters or proxy traps throw
    return refuse("a value that cannot be read");
  }
  if (result.success) return { success: true, bundle: result.data };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) })),
  };
}

/**
 * {@link parseBundle}, throwing on bad data.
 *
 * @throws {BundleParseError} naming every bad field.
 * @example
 * const bundle = parseBundleOrThrow(json)
 */
export function parseBundleOrThrow(input: unknown): ProofBundle {
  const parsed = parseBundle(input);
  if (!parsed.success) throw new BundleParseError({ issues: parsed.issues });
  return parsed.bundle;
}

function issueMessage(issue: { code: string; message: string; keys?: readonly string[] }): string {
  if (issue.code === "unrecognized_keys" && issue.keys) return `unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_type" && issue.message.includes("received undefined")) return "is missing";
  return issue.message;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function describeViolation(violation: StrictJsonViolation): string {
  if (violation.kind === "duplicate-key") return `duplicate key ${JSON.stringify(violation.key)}`;
  if (violation.kind === "lone-surrogate") return "a string holds a lone surrogate escape";
  return `the number ${violation.text} is not written as a whole number (every number in a bundle is one)`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}
