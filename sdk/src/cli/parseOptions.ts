import type { z } from "zod";
import { CliError } from "../errors/CliError.js";
import { exitCodes } from "./exitCodes.js";

/**
 * Validates a command's options with its zod schema; each bad option is named as the user typed it
 * (`--min-confirmations`, or `<role>` for a positional argument).
 *
 * @throws {CliError} (exit 2) listing every bad option.
 * @example
 * const { role } = parseOptions(keyAddOptionsSchema, options, { positionals: ["role"] })
 */
export function parseOptions<schema extends z.ZodType>(
  schema: schema,
  options: unknown,
  { positionals = [] }: { positionals?: readonly string[] } = {},
): z.output<schema> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const label = positionals.includes(key) ? `<${key}>` : `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    return `${label}: ${issue.message}`;
  });
  throw new CliError({ message: `Invalid option${lines.length === 1 ? "" : "s"}: ${lines.join("; ")}`, exitCode: exitCodes.usage });
}
