import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { countLines } from "./countLines.js";

test("countLines counts a last line without a newline, and reads a file larger than one chunk", async () => {
  const dir = await mkdtemp(join(tmpdir(), "aiattest-lines-"));
  const cases: [string, number][] = [["", 0], ["a", 1], ["a\n", 1], ["a\nb", 2], ["\n\n", 2], [`${"x".repeat(200_000)}\n`.repeat(3), 3]];
  for (const [index, [text, lines]] of cases.entries()) {
    await writeFile(join(dir, `${index}.jsonl`), text);
    expect(await countLines(join(dir, `${index}.jsonl`)), JSON.stringify(text.slice(0, 8))).toBe(lines);
  }
});
