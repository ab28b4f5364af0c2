import type { ChildProcess } from "node:child_process";

/**
 * The URL an `aiattest serve` process prints (`listening on http://…`) on its standard error, once it does;
 * rejects with everything it printed when it exits first.
 *
 * @example
 * const url = await waitForListening(spawn(process.execPath, [...]), "aiattest serve")
 */
export function waitForListening(server: ChildProcess, name: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let seen = "";
    server.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    server.once("exit", (code) => reject(new Error(`${name} exited ${code}: ${seen}`)));
  });
}
