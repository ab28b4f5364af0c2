import { createInterface } from "node:readline/promises";

/**
 * Asks the person at the terminal a yes/no question on stderr and reads the answer from stdin: only `y` or
 * `yes` (any case) is a yes, so Enter, EOF or anything else declines. Wired into the CLI only when stdin is a
 * TTY; without one a command that needs consent refuses unless `--yes` is given.
 *
 * @example
 * if (await confirmOnTty("Revoke 0x70997970…? [y/N] ")) await revokeKey(…)
 */
export async function confirmOnTty(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => {
      prompt.once("close", () => resolve(""));
      void prompt.question(question).then(resolve, () => resolve(""));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    prompt.close();
  }
}
