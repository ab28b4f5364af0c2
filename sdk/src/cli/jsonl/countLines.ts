import { createReadStream } from "node:fs";

/**
 * The number of lines in a file (a last line without a newline counts), read in chunks: the total a progress bar
 * needs, in flat memory whatever the file's size.
 *
 * @example
 * const total = await countLines("outputs.jsonl")
 */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = newline;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let index = chunk.indexOf(newline); index !== -1; index = chunk.indexOf(newline, index + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === newline ? lines : lines + 1;
}

const newline = 0x0a;
