import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, test } from "vitest";
import { type CorpusItem, readCorpus } from "./readCorpus.js";
import { decodeSampleLine } from "./decodeSampleLine.js";
import { parseFieldPath } from "./parseFieldPath.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-corpus-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function collect(items: AsyncIterable<CorpusItem>): Promise<CorpusItem[]> {
  const all: CorpusItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("decodeSampleLine", () => {
  test("decodes \\n, \\r, \\t and \\\\, left to right", () => {
    expect(decodeSampleLine(String.raw`a\nb\tc\rd\\e`)).toBe("a\nb\tc\rd\\e");
    // an escaped backslash then n is not a newline
    expect(decodeSampleLine(String.raw`C:\\new`)).toBe("C:\\new");
  });

  test("keeps an unknown escape and a trailing backslash as they are", () => {
    expect(decodeSampleLine(String.raw`\alpha + \u00e9 \x`)).toBe(String.raw`\alpha + \u00e9 \x`);
    expect(decodeSampleLine("ends with \\")).toBe("ends with \\");
  });
});

describe("parseFieldPath", () => {
  test("keys and indexes, negative from the end", () => {
    expect(parseFieldPath("messages.-1.content")).toEqual([{ key: "messages" }, { index: -1 }, { key: "content" }]);
  });

  test("refuses an empty step", () => {
    expect(() => parseFieldPath("messages..content")).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid --field: expected dot-separated keys and array indexes, e.g. messages.-1.content, received "messages..content".]`);
  });
});

describe("readCorpus", () => {
  test("a text file: one decoded sample a line, empty lines skipped, CRLF and a BOM handled", async () => {
    await writeFile(join(scratch, "lines.txt"), "\uFEFFfirst\\nline\r\n\r\nsecond\n\nthird");
    expect(await collect(readCorpus({ path: "lines.txt", cwd: scratch }))).toEqual([
      // decoded, and as written: an output may hold a literal backslash-n
      { kind: "sample", text: "first\nline", asWritten: "first\\nline", file: "lines.txt", line: 1 },
      { kind: "sample", text: "second", file: "lines.txt", line: 3 },
      { kind: "sample", text: "third", file: "lines.txt", line: 5 },
    ]);
  });

  test("JSONL with --field: the field's exact text, lines without it counted as missing", async () => {
    const lines = [
      { messages: [{ role: "user", content: "q" }, { role: "assistant", content: "  spaced\\n  " }] },
      { messages: [] },
      { messages: [{ content: 42 }] },
      { other: 1 },
    ].map((value) => JSON.stringify(value));
    await writeFile(join(scratch, "chat.jsonl"), `${lines[0]}\n\n${lines.slice(1).join("\n")}\n`);
    expect(await collect(readCorpus({ path: "chat.jsonl", cwd: scratch, field: "messages.-1.content" }))).toEqual([
      // JSON's own escapes are the only ones: the text is not decoded again
      { kind: "sample", text: "  spaced\\n  ", file: "chat.jsonl", line: 1 },
      { kind: "missing-field", file: "chat.jsonl", line: 3 },
      { kind: "missing-field", file: "chat.jsonl", line: 4 },
      { kind: "missing-field", file: "chat.jsonl", line: 5 },
    ]);
  });

  test("a JSONL line that is not JSON is bad input naming its file and line", async () => {
    await writeFile(join(scratch, "broken.jsonl"), '{"text":"ok"}\n{"text": oops}\n');
    await expect(collect(readCorpus({ path: "broken.jsonl", cwd: scratch, field: "text" }))).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid line 2 of broken.jsonl: expected one JSON value a line (--field reads JSONL), received text that is not JSON (Unexpected token 'o', "{"text": oops}" is not valid JSON).]`);
  });

  test("a folder: every regular file, recursively, in a stable order, each by the file rules", async () => {
    const folder = join(scratch, "shards");
    await mkdir(join(folder, "b"), { recursive: true });
    await writeFile(join(folder, "c.txt"), "c1\n");
    await writeFile(join(folder, "a.txt"), "a1\na2\n");
    await writeFile(join(folder, "b", "z.txt"), "bz1\n");
    const items = await collect(readCorpus({ path: "shards", cwd: scratch }));
    expect(items.map((item) => `${item.file}:${item.line}:${item.kind === "sample" ? item.text : ""}`)).toEqual(["shards/a.txt:1:a1", "shards/a.txt:2:a2", "shards/b/z.txt:1:bz1", "shards/c.txt:1:c1"]);
  });

  test("- reads standard input", async () => {
    const stdin = Readable.from(['{"t":"from stdin"}\n', '{"t":"second"}']);
    expect(await collect(readCorpus({ path: "-", cwd: scratch, field: "t", stdin }))).toEqual([
      { kind: "sample", text: "from stdin", file: "-", line: 1 },
      { kind: "sample", text: "second", file: "-", line: 2 },
    ]);
  });

  test("a path that is not there is bad input", async () => {
    await expect(collect(readCorpus({ path: "nowhere.txt", cwd: scratch }))).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid --corpus: expected a readable file, a folder, or - for standard input, received "nowhere.txt".]`);
  });

  test("1,000,000 lines are read in flat memory", { timeout: 60_000 }, async () => {
    const path = join(scratch, "big.txt");
    const out = createWriteStream(path);
    for (let index = 0; index < 1_000_000; index++) {
      if (!out.write(`sample number ${index} with some padding text to make the line longer than a few bytes\\n.\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let peak = before;
    for await (const item of readCorpus({ path, cwd: scratch })) {
      count++;
      if (item.kind === "sample" && count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(1_000_000);
    // the file is ~95 MB: holding it, or its lines, would add far more than this
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
  });
});
