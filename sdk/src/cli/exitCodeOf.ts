import { AnchorRunError } from "../errors/AnchorRunError.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { ConfigError } from "../errors/ConfigError.js";
import { CliError } from "../errors/CliError.js";
import { type ExitCode, exitCodes } from "./exitCodes.js";

/**
 * The exit code for an error that reached the CLI's top level: 2 for usage, input and config errors, 3 when
 * the chain is unreachable, 1 for everything else (a revert, a failed transaction, a bug).
 *
 * @example
 * process.exitCode = exitCodeOf(error)
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof ConfigError || error instanceof InvalidArgumentError) return exitCodes.usage;
  if (error instanceof ChainReadError) return exitCodes.chainUnreachable;
  if (error instanceof AnchorRunError && error.isUnreachable) return exitCodes.chainUnreachable;
  // commander's own errors, matched by code: another copy of commander has another CommanderError class
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  if (code.startsWith("commander.")) {
    return code === "commander.helpDisplayed" || code === "commander.version" ? exitCodes.ok : exitCodes.usage;
  }
  return exitCodes.failure;
}
