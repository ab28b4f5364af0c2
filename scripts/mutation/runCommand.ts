import { spawn, type ChildProcess } from "node:child_process";

export type RunCommandResult = { code: number; output: string };

const running = new Set<ChildProcess>();

/**
 * Runs `command` in `cwd` and collects its stdout and stderr together; never throws on a non-zero exit.
 * With `echo`, the output is also passed through to this process's own streams.
 */
export function runCommand({ command, args, cwd, echo = false }: { command: string; args: string[]; cwd: string; echo?: boolean }): Promise<RunCommandResult> {
  return new Promise((resolve, reject) => {
    // its own process group, so an interrupted check can stop the whole tree (npx -> node -> workers)
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }, detached: true });
    running.add(child);
    let output = "";
    const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (echo) stream.write(chunk);
    };
    child.stdout.on("data", collect(process.stdout));
    child.stderr.on("data", collect(process.stderr));
    child.on("error", (error) => {
      running.delete(child);
      reject(error);
    });
    child.on("close", (code) => {
      running.delete(child);
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * Stops every command still running (their whole process groups) for an interrupted check, and waits up to
 * `graceMs` for them to exit: Stryker writes its incremental file on the way out, and a cut-off write loses it.
 */
export async function stopCommands({ graceMs = 30_000 }: { graceMs?: number } = {}): Promise<void> {
  const exits = [...running].map((child) => new Promise<void>((resolve) => child.once("close", () => resolve())));
  for (const child of running) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        // already gone
      }
    }
  }
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
}
