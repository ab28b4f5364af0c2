import { type Dirent, createReadStream } from "node:fs";
import { opendir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { decodeSampleLine } from "./decodeSampleLine.js";
import { type FieldPathSegment, parseFieldPath } from "./parseFieldPath.js";
import { readFieldPath } from "./readFieldPath.js";

/** Where a sample came from: its file (as given, or relative to a corpus folder; `-` for stdin) and 1-based line. */
export type CorpusLocation = { file: string; line: number };

/**
 * What a corpus yields: a sample's text, or a JSONL line without the `--field` (or whose field is not a string). A
 * text line whose escapes were decoded also carries the line as written (`asWritten`): a corpus written without the
 * escape convention holds outputs with a literal `\n` or `\\`, which only the line as written finds.
 */
export type CorpusItem = ({ kind: "sample"; text: string; asWritten?: string } | { kind: "missing-field" }) & CorpusLocation;

export type ReadCorpusParameters = {
  /** A file, a folder, or `-` for `stdin`. */
  path: string;
  /** The folder a relative path is resolved against. */
  cwd: string;
  /** JSONL: the path of each line's sample (`messages.-1.content`); without it every line is one escaped sample. */
  field?: string | undefined;
  /** Standard input, for `-` (a parameter so tests can feed it). */
  stdin?: Readable | undefined;
};

/**
 * Reads a corpus as a stream of samples, in flat memory whatever its size (one line at a time).
 *
 * - A text file: one sample a line, decoded with {@link decodeSampleLine} (`\n`, `\r`, `\t`, `\\`), and as
 *   written when that changed it; an empty line is skipped (it cannot be told from a separator).
 * - With `field`: JSONL, each line a JSON value whose `field` (see {@link parseFieldPath}) is the sample's exact text;
 *   a line without it, or whose value there is not a string, yields `missing-field` (counted, not fatal). A blank
 *   line is skipped.
 * - A folder: every regular file under it, recursively, in code-point order of their paths, each read by the rules
 *   above (a folder of shards is the usual dataset dump). Symbolic links are not followed.
 * - `-`: standard input, by the rules above.
 *
 * A UTF-8 byte order mark at the start of a file is dropped; line ends are `\n` or `\r\n`.
 *
 * @throws {InvalidArgumentError} for a JSONL line that is not JSON (naming its file and line), a bad `field`, or a
 * path that is neither file, folder nor `-`.
 * @example
 * for await (const item of readCorpus({ path: "dataset.jsonl", cwd: process.cwd(), field: "messages.-1.content" }))
 *   if (item.kind === "sample") console.log(item.file, item.line, item.text)
 */
export async function* readCorpus({ path, cwd, field, stdin = process.stdin }: ReadCorpusParameters): AsyncGenerator<CorpusItem> {
  const fieldPath = field === undefined ? undefined : parseFieldPath(field);
  if (path === "-") {
    yield* readCorpusStream({ input: stdin, file: "-", fieldPath });
    return;
  }
  const absolute = resolve(cwd, path);
  const stats = await stat(absolute).catch(() => undefined);
  if (stats?.isFile()) {
    yield* readCorpusStream({ input: createReadStream(absolute), file: path, fieldPath });
  } else if (stats?.isDirectory()) {
    for await (const file of walkFiles(absolute)) {
      yield* readCorpusStream({ input: createReadStream(file), file: join(path, relative(absolute, file)), fieldPath });
    }
  } else {
    throw new InvalidArgumentError({ argument: "--corpus", expected: "a readable file, a folder, or - for standard input", received: JSON.stringify(path) });
  }
}

async function* readCorpusStream({ input, file, fieldPath }: { input: Readable; file: string; fieldPath: FieldPathSegment[] | undefined }): AsyncGenerator<CorpusItem> {
  input.setEncoding("utf8");
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (let text of lines) {
      line++;
      if (line === 1 && text.startsWith(byteOrderMark)) text = text.slice(1);
      if (fieldPath === undefined) {
        if (text === "") continue;
        const decoded = decodeSampleLine(text);
        yield decoded === text ? { kind: "sample", text, file, line } : { kind: "sample", text: decoded, asWritten: text, file, line };
        continue;
      }
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new InvalidArgumentError({ argument: `line ${line} of ${file}`, expected: "one JSON value a line (--field reads JSONL)", received: `text that is not JSON (${reason})` });
      }
      const sample = readFieldPath({ value, path: fieldPath });
      yield typeof sample === "string" ? { kind: "sample", text: sample, file, line } : { kind: "missing-field", file, line };
    }
  } finally {
    lines.close();
    if (file !== "-") input.destroy();
  }
}

/** Regular files under a folder, depth first, each folder's entries in code-point order: the same order every run. */
async function* walkFiles(folder: string): AsyncGenerator<string> {
  const entries: Dirent[] = [];
  for await (const entry of await opendir(folder)) entries.push(entry);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkFiles(path);
    else if (entry.isFile()) yield path;
  }
}

const byteOrderMark = "\uFEFF";
