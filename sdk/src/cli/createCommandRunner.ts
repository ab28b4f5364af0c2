import type { Command } from "commander";
import type { CommandContext } from "./CommandContext.js";
import { type ExitCode, exitCodes } from "./exitCodes.js";
import type { Logger } from "./logger.js";

export type RunCommandParameters<result> = {
  /** Names of the command's positional arguments, in order: they join the options object under these keys. */
  positionals?: readonly string[] | undefined;
  // the options object is validated by the command itself (zod), so commander's untyped values go in as is
  run: (options: never, context: CommandContext) => Promise<result>;
  /** The human text of a result; null when the command has already written its output (`record --jsonl` to stdout). */
  render: (result: result) => string | null;
  /** The exit code of a result (for `verify`: 1 when invalid). Default 0. */
  exitCodeOf?: ((result: result) => ExitCode) | undefined;
};

export type CommandRunner = {
  /** A commander action handler that runs a command function and prints its result through the logger. */
  action<result>(parameters: RunCommandParameters<result>): (...args: unknown[]) => Promise<void>;
  /** The exit code of the last result (errors are turned into exit codes by cli.ts). */
  exitCode(): ExitCode;
};

/**
 * Glue between commander and the command functions: collects positional arguments and options (global ones
 * included) into one options object, calls the command, and prints its result.
 *
 * @example
 * program.command("deploy").action(runner.action({ run: deploy, render: renderDeploy }))
 */
export function createCommandRunner(context: CommandContext & { logger: Logger }): CommandRunner {
  let lastExitCode: ExitCode = exitCodes.ok;
  return {
    action({ positionals = [], run, render, exitCodeOf }) {
      return async (...args) => {
        const command = args.at(-1) as Command;
        const options = { ...command.optsWithGlobals(), ...Object.fromEntries(positionals.map((name, index) => [name, args[index]])) };
        const result = await run(options as never, context);
        const human = render(result);
        if (human !== null) context.logger.result(result, human);
        lastExitCode = exitCodeOf?.(result) ?? exitCodes.ok;
      };
    },
    exitCode: () => lastExitCode,
  };
}
