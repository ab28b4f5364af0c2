import { constants, createReadStream } from "node:fs";
import { type FileHandle, access, open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Hash } from "viem";
import { z } from "zod";
import type { ProofBundle } from "../../bundle/ProofBundle.js";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { BaseError } from "../../errors/BaseError.js";
import { CliError } from "../../errors/CliError.js";
import { InvalidArgumentError } from "../../errors/InvalidArgumentError.js";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { countLines } from "../jsonl/countLines.js";
import { parseRecordLine } from "../jsonl/parseRecordLine.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openRecorder } from "../openRecorder.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const recordJsonlOptionsSchema = globalOptionsSchema.extend({
  /** The JSONL file of outputs, one JSON object a line; `-` reads standard input. */
  jsonl: z.string().min(1),
  /** The model of every line that names none. */
  model: z.string().trim().regex(bytes32Pattern, "expected a model id: 0x followed by 64 hex digits").optional(),
  response: z.never({ error: "not with --jsonl: each line carries its response" }).optional(),
  request: z.never({ error: "not with --jsonl: each line carries its request" }).optional(),
  encoding: z.never({ error: 'not with --jsonl: each line may say "encoding"' }).optional(),
  /** Where to write the receipts, one a line (default: stdout). */
  out: z.string().min(1).optional(),
});

export type RecordJsonlOptions = z.input<typeof recordJsonlOptionsSchema>;

export type RecordJsonlResult = {
  /** Outputs recorded (each durable in the store, its receipt written). */
  recorded: number;
  /** The receipts file, or null when they went to stdout (then nothing else is printed there). */
  out: string | null;
  seconds: number;
};

/** Records being signed or written at once: enough for large group commits, few enough to keep memory flat. */
const window = 2_000;

type Settled = { lineNumber: number; result: Promise<{ receipt: ProofBundle } | { error: unknown }> };

/**
 * `aiattest record --jsonl <file|->`: records one output per line (`{"response": …, "request"?: …, "model"?: "0x…",
 * "encoding"?: "utf8" | "jcs"}`) and writes the receipts as JSONL, line i's receipt on line i, each written only
 * once its record is durable. Reads as a stream (flat memory for a file of any size); the recorder group-commits
 * the records being signed together, one transaction for many lines.
 *
 * A line that is not a valid output (bad JSON, an unknown key, a bad model id, content its encoding cannot hash,
 * a model the publisher does not have) stops the run with exit 2 naming the line: every line before it is recorded
 * and its receipt written, nothing from it on is recorded. A line that is not recorded (that one, or a line the
 * recorder refused, e.g. with its whole group commit) gets `{"line": n, "error": "…"}` in its place, so output line
 * i always answers input line i; lines after a refused one that were already being signed keep their receipts.
 *
 * @throws {CliError} (exit 2) for a bad line or an unreadable input file; what `record` throws otherwise.
 * @example
 * const { recorded } = await recordJsonl({ jsonl: "outputs.jsonl", model: modelId, out: "receipts.jsonl" }, context)
 */
export async function recordJsonl(options: RecordJsonlOptions, context: CommandContext): Promise<RecordJsonlResult> {
  const parsed = parseOptions(recordJsonlOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const path = parsed.jsonl === "-" ? null : resolve(context.cwd, parsed.jsonl);
  if (path !== null) {
    await access(path, constants.R_OK).catch(() => {
      throw new CliError({ message: `Cannot read the JSONL file ${parsed.jsonl}`, exitCode: exitCodes.usage });
    });
  }
  // a total only for a regular file: a pipe or FIFO (`<(…)`, a named pipe) can be read once, and counting it first
  // would consume every line (or block on the second open)
  const total = path !== null && (await stat(path)).isFile() ? await countLines(path) : undefined;
  const started = performance.now();
  const { recorder, store } = await openRecorder(config, context);
  let out: FileHandle | undefined;
  const progress = context.logger?.progress({ total, label: "recording" });
  const input = path === null ? process.stdin : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const pending: Settled[] = [];
  let recorded = 0;
  let failure: { lineNumber: number; error: unknown } | undefined;

  // writes the receipts of the oldest lines, in line order, until at most `keep` lines are in flight
  const settle = async (keep: number) => {
    let text = "";
    let count = 0;
    while (pending.length > keep) {
      const { lineNumber, result } = pending.shift()!;
      const settled = await result;
      if ("error" in settled) {
        failure ??= { lineNumber, error: settled.error };
        // in place: output line i always answers input line i, whatever failed before it
        text += errorLine(lineNumber, settled.error);
      } else {
        text += `${JSON.stringify(JSON.parse(serializeBundle(settled.receipt)))}\n`;
        count++;
      }
    }
    if (text === "") return;
    await write(text);
    recorded += count;
    progress?.increment(count);
  };
  const write = async (text: string) => {
    if (out) await out.write(text);
    else context.logger?.write("stdout", text);
  };

  try {
    if (parsed.out) out = await open(resolve(context.cwd, parsed.out), "w");
    const models = new Set<Hash>();
    let lineNumber = 0;
    let badLine: unknown;
    for await (const text of lines) {
      lineNumber++;
      let line;
      try {
        line = parseRecordLine({ text, lineNumber, defaultModel: parsed.model as Hash | undefined });
      } catch (error) {
        badLine = error;
        break;
      }
      const result = recorder.record({ modelId: line.modelId, response: line.response, request: line.request, encoding: line.encoding }).then(
        (receipt) => ({ receipt }),
        (error: unknown) => ({ error }),
      );
      pending.push({ lineNumber, result });
      if (!models.has(line.modelId)) {
        // the first line of a model waits for it: a model the publisher does not have fails on its own line,
        // before any later line is signed
        await settle(0);
        if (!failure) models.add(line.modelId);
      } else if (pending.length >= window) await settle(window / 2);
      if (failure) break;
    }
    await settle(0);
    if (badLine) await write(errorLine(lineNumber, badLine));
    if (failure) throw lineFailure({ ...failure, recorded });
    if (badLine) throw badLine;
    return { recorded, out: parsed.out ?? null, seconds: (performance.now() - started) / 1000 };
  } finally {
    lines.close();
    // a file is closed; standard input may still have a writer after a bad line: it must not keep this process alive
    if (path !== null) input.destroy();
    else process.stdin.unref?.();
    progress?.stop();
    await out?.close();
    recorder.close();
    await store.close();
  }
}

/** The output line of an input line that was not recorded: `{"line": n, "error": "…"}`, where its receipt would be. */
function errorLine(lineNumber: number, error: unknown): string {
  const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  return `${JSON.stringify({ line: lineNumber, error: message })}\n`;
}

/** A line the recorder refused: a caller's mistake (an unknown model) exits 2; anything else keeps its own error. */
function lineFailure({ lineNumber, error, recorded }: { lineNumber: number; error: unknown; recorded: number }): unknown {
  const metaMessages = [`${recorded} receipt(s) written: every line before line ${lineNumber}, and any line after it that was already being signed; each line not recorded has {"line": n, "error": …} in its place.`];
  if (error instanceof InvalidArgumentError && error.argument === "modelId") {
    return new CliError({ message: `Line ${lineNumber} of the JSONL input: ${error.shortMessage}`, exitCode: exitCodes.usage, metaMessages });
  }
  if (error instanceof InvalidArgumentError) return new CliError({ message: `Line ${lineNumber} of the JSONL input could not be recorded: ${error.shortMessage}`, metaMessages });
  return error;
}
