import { BundleParseError, type BundleFieldIssue } from "../errors/BundleParseError.js";
import { findStrictJsonViolation } from "../json/findStrictJsonViolation.js";
import type { ProofBundle } from "./ProofBundle.js";
import { proofBundleSchema } from "./proofBundleSchema.js";

export type ParseBundleReturnType =
  | { success: true; bundle: ProofBundle }
  | { success: false; issues: BundleFieldIssue[] };

/**
 * Validates untrusted input as a v1 proof bundle: JSON text (strict: duplicate names and lone surrogate escapes
 * are refused) or an already-parsed value. Never throws on bad data; each bad field is reported with its path
 * (`anchor.proof[3]`, `""` for the bundle itself) and what is wrong with it.
 *
 * @example
 * const parsed = parseBundle(await readFile("bundle.json", "utf8"))
 * if (!parsed.success) for (const issue of parsed.issues) console.error(issue.path, issue.message)
 */
export function parseBundle(input: unknown): ParseBundleReturnType {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { success: false, issues: [{ path: "", message: `not valid JSON (${(error as Error).message})` }] };
    }
    // one meaning for every parser: duplicate names and lone surrogates are refused, not resolved
    const violation = findStrictJsonViolation(input);
    if (violation) {
      const message = violation.kind === "duplicate-key" ? `duplicate key ${JSON.stringify(violation.key)}` : "a string holds a lone surrogate escape";
      return { success: false, issues: [{ path: "", message: `not strict JSON (RFC 7493): ${message}` }] };
    }
  }
  const result = proofBundleSchema.safeParse(value);
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

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}
