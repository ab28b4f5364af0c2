import { CliError } from "./CliError.js";
import { exitCodes } from "./exitCodes.js";

/**
 * The error of a command that is declared but not built yet.
 *
 * @example
 * throw notImplemented("record")
 */
export function notImplemented(command: string): CliError {
  return new CliError({
    message: `aiattest ${command} is not implemented yet`,
    exitCode: exitCodes.failure,
    metaMessages: ["It lands with the lab pipeline (store, recorder, anchorer)."],
  });
}
