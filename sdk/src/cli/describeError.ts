import { BaseError as ViemBaseError } from "viem";
import { BaseError } from "../errors/BaseError.js";
import { escapeText } from "../text/escapeText.js";

/** An error as the CLI reports it: a one-line message, context lines, and (verbose only) the stack. */
export type ErrorDescription = {
  name: string;
  message: string;
  lines: string[];
  /** Extra fields for `--json` readers, such as a decoded revert's `errorName` and `args`. */
  fields: Record<string, unknown>;
  stack?: string | undefined;
};

/**
 * Describes any thrown value for the CLI's top level: an SDK error by its `shortMessage` and `metaMessages`,
 * a viem error likewise, anything else by its message. The stack only with `verbose`. Messages may quote the
 * chain (a manifest URI someone else anchored) or an input file: every control and bidi character is escaped.
 *
 * @example
 * const { message, lines } = describeError(error, { verbose: false })
 */
export function describeError(error: unknown, { verbose }: { verbose: boolean }): ErrorDescription {
  const stack = verbose && error instanceof Error ? error.stack : undefined;
  if (error instanceof BaseError || error instanceof ViemBaseError) {
    const lines = [...(error.metaMessages ?? [])].map((line) => escapeText(line.trim())).filter((line) => line !== "");
    if (verbose && error.details && error.details !== error.shortMessage) lines.push(`Details: ${escapeText(error.details)}`);
    return { name: error.name, message: escapeText(error.shortMessage), lines, fields: fieldsOf(error), stack };
  }
  if (error instanceof Error) return { name: error.name, message: escapeText(error.message), lines: [], fields: {}, stack };
  return { name: "Error", message: escapeText(String(error)), lines: [], fields: {} };
}

function fieldsOf(error: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ["errorName", "args", "txHash", "setting", "action", "issues"]) {
    if (key in error && (error as Record<string, unknown>)[key] !== undefined) fields[key] = (error as Record<string, unknown>)[key];
  }
  return fields;
}
