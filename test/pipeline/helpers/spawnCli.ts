import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const cli = fileURLToPath(new URL("../../../sdk/src/cli/cli.ts", import.meta.url));
const failpointPreload = pathToFileURL(fileURLToPath(new URL("./failpointPreload.ts", import.meta.url))).href;

export type SpawnedCli = {
  child: ChildProcess;
  /** Resolves when the process ends: its exit code (null when killed) and signal. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
};

export type SpawnCliOptions = {
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  /** Kill the process (SIGKILL) right after this anchor step is durable (test/pipeline/helpers/failpointPreload.ts). */
  failpoint?: "built" | "sent" | "anchored" | undefined;
};

/** Starts `aiattest <args>` as a separate process, which a test may kill at any moment. */
export function spawnCli(args: string[], { cwd, env, stdin, failpoint }: SpawnCliOptions): SpawnedCli {
  const preload = failpoint ? ["--import", failpointPreload] : [];
  const child = spawn(process.execPath, ["--import", tsxLoader, ...preload, cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, ...(failpoint ? { AIATTEST_FAILPOINT: failpoint } : {}) },
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
