import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import { type ConfirmStreams, confirmOnTty, terminalConfirm } from "./confirmOnTty.js";

function terminal({ isTTY = true }: { isTTY?: boolean } = {}) {
  const input = Object.assign(new PassThrough(), { isTTY, rawModes: [] as boolean[], setRawMode(mode: boolean) {
    this.rawModes.push(mode);
  } });
  const shown: string[] = [];
  const output = Object.assign(new PassThrough(), { isTTY });
  output.on("data", (chunk: Buffer) => shown.push(chunk.toString()));
  return { input, output, shown };
}

test("a 'y' typed before the question was shown is thrown away: it declines, and only an answer given after the question counts", async () => {
  const early = terminal();
  early.input.write("y\n");
  const declined = confirmOnTty("Send? [y/N] ", early);
  // no answer after the question: end of input
  setTimeout(() => early.input.end(), 200);
  expect(await declined).toBe(false);
  // raw mode while draining, so a line not ended yet is thrown away too
  expect(early.input.rawModes.slice(0, 2)).toEqual([true, false]);

  const late = terminal();
  late.input.write("yes, typed ahead\n");
  const accepted = confirmOnTty("Send? [y/N] ", late);
  // typed once the question is on the screen
  const answer = setInterval(() => {
    if (late.shown.join("").includes("Send? [y/N] ")) {
      clearInterval(answer);
      late.input.write("y\n");
    }
  }, 10);
  expect(await accepted).toBe(true);
});

test("the CLI asks only when stdin and stderr are both terminals: a question on a redirected stderr would be invisible", () => {
  const streams = (input: boolean, output: boolean): ConfirmStreams => ({ input: terminal({ isTTY: input }).input, output: terminal({ isTTY: output }).output });
  expect(terminalConfirm(streams(true, true))).toBeTypeOf("function");
  expect(terminalConfirm(streams(true, false))).toBeUndefined();
  expect(terminalConfirm(streams(false, true))).toBeUndefined();
});
