import { createInterface } from "node:readline/promises";

/** The streams a question is asked on: stdin for the answer, stderr for the question (stdout is the result's). */
export type ConfirmStreams = {
  input: NodeJS.ReadableStream & { isTTY?: boolean | undefined; setRawMode?: ((mode: boolean) => unknown) | undefined };
  output: NodeJS.WritableStream & { isTTY?: boolean | undefined };
};

/** How long input already typed is read and thrown away before the question is shown. */
const typeAheadDrainMs = 50;

/**
 * Asks the person at the terminal a yes/no question on stderr and reads the answer from stdin: only `y` or
 * `yes` (any case) is a yes, so Enter, EOF or anything else declines. Anything typed before the question was shown
 * (type-ahead: a `y` meant for an earlier prompt, keys pressed while the command was working) is read and thrown
 * away first, so only an answer given to this question counts. Wired into the CLI only when both stdin and
 * stderr are terminals ({@link terminalConfirm}); without them a command that needs consent refuses unless `--yes`.
 *
 * @example
 * if (await confirmOnTty("Revoke 0x70997970…? [y/N] ")) await revokeKey(…)
 */
export async function confirmOnTty(question: string, { input, output }: ConfirmStreams = { input: process.stdin, output: process.stderr }): Promise<boolean> {
  await drainTypeAhead(input);
  const prompt = createInterface({ input, output });
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

/**
 * The CLI's `confirm`: {@link confirmOnTty} when a person can both see the question (stderr is a terminal) and
 * answer it (stdin is a terminal); else undefined, and a command that needs consent refuses without `--yes`
 * (a question written to a redirected stderr would wait for an answer to something never shown).
 *
 * @example
 * const confirm = terminalConfirm({ input: process.stdin, output: process.stderr })
 */
export function terminalConfirm(streams: ConfirmStreams): ((question: string) => Promise<boolean>) | undefined {
  if (!streams.input.isTTY || !streams.output.isTTY) return undefined;
  return (question) => confirmOnTty(question, streams);
}

/** Reads and discards what is already buffered on `input` (a terminal in raw mode, so a line not ended yet too). */
async function drainTypeAhead(input: ConfirmStreams["input"]): Promise<void> {
  const discard = () => undefined;
  input.setRawMode?.(true);
  input.on("data", discard);
  input.resume();
  try {
    await new Promise((resolve) => setTimeout(resolve, typeAheadDrainMs));
  } finally {
    input.off("data", discard);
    input.pause();
    input.setRawMode?.(false);
  }
}
