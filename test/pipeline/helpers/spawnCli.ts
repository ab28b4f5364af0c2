import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const cli = fileURLToPath(new URL("../../../sdk/src/cli/cli.ts", import.meta.url));

export type SpawnedCli = {
  child: ChildProcess;
  /** Resolves when the process ends: its exit code (null when killed) and signal. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
};

/** Starts `aiattest <args>` as a separate process, which a test may kill at any moment. */
export function spawnCli(args: string[], { cwd, env, stdin }: { cwd: string; env: Record<string, string>; stdin?: string }): SpawnedCli {
  const child = spawn(process.execPath, ["--import", tsxLoader, cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(stdin ?? "");
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
