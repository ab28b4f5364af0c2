import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const cli = new URL("../../../sdk/src/cli/cli.ts", import.meta.url).pathname;

export type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `aiattest <args>` in its own process (`node --import tsx sdk/src/cli/cli.ts`) in `cwd`, with only
 * PATH, HOME and the given environment, and returns its exit code and output.
 */
export function runCli(args: string[], { cwd, env }: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", tsxLoader, cli, ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}
