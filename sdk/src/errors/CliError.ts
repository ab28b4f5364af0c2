import { BaseError } from "./BaseError.js";
import { type ExitCode, exitCodes } from "../cli/exitCodes.js";

/**
 * A command cannot do what was asked: bad options or an unreadable input file (exit 2), or a failure such as
 * a model that does not exist (exit 1).
 *
 * @example
 * throw new CliError({ message: "Cannot read the response file answer.txt (ENOENT)", exitCode: exitCodes.usage })
 */
export class CliError extends BaseError {
  override name = "CliError" as const;
  readonly exitCode: ExitCode;

  constructor({ message, exitCode = exitCodes.failure, metaMessages }: { message: string; exitCode?: ExitCode; metaMessages?: string[] | undefined }) {
    super(message, { metaMessages });
    this.exitCode = exitCode;
  }
}
