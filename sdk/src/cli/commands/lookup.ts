import { existsSync } from "node:fs";
import { type FileHandle, mkdir, open, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Hash } from "viem";
import { z } from "zod";
import { serializeBundle } from "../../bundle/serializeBundle.js";
import { loadMerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { requireSetting } from "../../config/requireSetting.js";
import { BaseError } from "../../errors/BaseError.js";
import { CliError } from "../../errors/CliError.js";
import { ConfigError } from "../../errors/ConfigError.js";
import { InvalidArgumentError } from "../../errors/InvalidArgumentError.js";
import { InvariantError } from "../../errors/InvariantError.js";
import type { LookupCounts, LookupModelSummary, LookupReportRow } from "../../lookup/LookupReport.js";
import { type LookupMatch, type LookupSample, type SampleMatches, confirmSamples, defaultMaxRecordsPerSample, tagSamples } from "../../lookup/matchSamples.js";
import { normalizeLookupText } from "../../lookup/normalizeLookupText.js";
import { readCorpus } from "../../lookup/readCorpus.js";
import { getProofBundle } from "../../pipeline/getProofBundle.js";
import type { StoredModel } from "../../store/Store.js";
import type { CommandContext } from "../CommandContext.js";
import { exitCodes } from "../exitCodes.js";
import { refuseOutputsOverCorpus } from "../lookup/refuseOutputsOverCorpus.js";
import { resolveLookupSecrets } from "../lookup/resolveLookupSecrets.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { openStore } from "../openStore.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";
import { renderLookupReport } from "../render/renderLookupReport.js";

const lookupOptionsSchema = globalOptionsSchema.extend({
  /** A text file (one escaped sample a line), a JSONL file with `field`, a folder of either, or `-` for stdin. */
  corpus: z.string({ error: "--corpus is required: a file, a folder, or - for standard input" }).min(1),
  /** JSONL: the path of each line's sample, e.g. `messages.-1.content`. */
  field: z.string().min(1).optional(),
  /** Where the matches go, as JSONL (default: stdout, unless --json). */
  out: z.string().min(1).optional(),
  /** A folder for the proof bundle (`<id>.json`) and exact text (`<id>.response.txt`) of every exact match. */
  bundles: z.string().min(1).optional(),
  /** An HTML report to write. */
  report: z.string().min(1).optional(),
  /** Records listed per sample at most: a text served more often (a refusal) is listed with this many. */
  maxRecordsPerSample: z.coerce
    .number({ error: "--max-records-per-sample takes a whole number from 1 to 10,000" })
    .int({ error: "--max-records-per-sample takes a whole number from 1 to 10,000" })
    .min(1, { error: "--max-records-per-sample takes a whole number from 1 to 10,000" })
    .max(10_000, { error: "--max-records-per-sample takes a whole number from 1 to 10,000" })
    .default(defaultMaxRecordsPerSample),
});

export type LookupOptions = z.input<typeof lookupOptionsSchema>;

export type LookupResult = LookupCounts & {
  firstServed: number | null;
  lastServed: number | null;
  /** The lookup secrets tried, by fingerprint (never the secret), with the records keyed with each. */
  secrets: { fingerprint: Hash; records: number }[];
  /** Secrets configured that key no record in this store (say a new secret no recorder has used yet): not tried. */
  secretsNotInIndex: { setting: string; fingerprint: Hash }[];
  /** Secrets the store holds records of that are not configured: those records were not looked up. */
  secretsNotTried: { fingerprint: Hash; records: number }[];
  /** Records that have no lookup keys (recorded without a lookup secret): no lookup can find them. */
  notIndexed: number;
  /** Where the matches went: a file, `stdout`, or null (with --json and no --out: not written). */
  matches: string | null;
  /** With --bundles: the folder, and the bundles written (one per record exactly matched). */
  bundles: { dir: string; written: number; anchored: number } | null;
  report: string | null;
  seconds: number;
};

/** Samples looked up together: one store call for their tags, memory flat whatever the corpus size. */
const chunkSize = 4_096;
/** ...and at most this many UTF-16 code units of text (32 MB): a corpus of long samples stays flat too. */
const chunkTextLimit = 16 * 1024 * 1024;
/** Matches JSONL is written in pieces of about this many characters. */
const writeSize = 1024 * 1024;
/** Matches listed in the HTML report; the rest are counted (the matches JSONL has them all). */
const reportRowLimit = 10_000;

/**
 * `aiattest lookup --corpus FILE`: finds the lab's own outputs in a dataset through its private provenance index.
 * Reads the corpus as a stream (see `readCorpus`), a chunk of samples at a time, and writes each match as a JSONL
 * line as it is found; with `--bundles`, the proof bundle and exact text of every exact match, each verifiable by
 * anyone with `aiattest verify`; with `--report`, a self-contained HTML page. Progress by sample on stderr.
 *
 * Output contract: without `--out` the matches are stdout (JSONL) and the human summary goes to stderr; with `--out`
 * the summary is stdout; with `--json` stdout is the summary object only (matches only with `--out`).
 *
 * @throws {CliError} (exit 2) without AIATTEST_LOOKUP_SECRET, with a secret the index was not built with, with no
 * store, or for any failure to finish (a file that cannot be read or written, a store that cannot be used): exit 1
 * means no match only; {InvalidArgumentError} (exit 2) for a corpus that cannot be read or a JSONL line that is not JSON.
 * @example
 * const { exact, normalized } = await lookup({ corpus: "dataset.jsonl", field: "messages.-1.content", out: "matches.jsonl" }, context)
 */
export async function lookup(options: LookupOptions, context: CommandContext): Promise<LookupResult> {
  try {
    return await runLookup(options, context);
  } catch (error) {
    // exit 1 means "no match" only: any failure to finish (a corpus or folder that cannot be read or written, a store
    // that cannot be used) is exit 2, never read by a script as a clean dataset
    if (error instanceof CliError || error instanceof InvalidArgumentError || error instanceof ConfigError) throw error;
    const reason = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
    throw new CliError({ message: `aiattest lookup stopped before the end of the corpus: ${reason}`, exitCode: exitCodes.usage });
  }
}

async function runLookup(options: LookupOptions, context: CommandContext): Promise<LookupResult> {
  const parsed = parseOptions(lookupOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const db = requireSetting(config, "db");
  if (!db.includes("://") && !existsSync(db)) throw new CliError({ message: `No store at ${db}: check AIATTEST_DB`, exitCode: exitCodes.usage });
  refuseOutputsOverCorpus({ corpus: parsed.corpus, cwd: context.cwd, outputs: { "--out": parsed.out, "--report": parsed.report, "--bundles": parsed.bundles } });
  const started = performance.now();
  // exact matches are confirmed by their salted keccak hash: the WASM hasher, not viem's pure-JS one
  await loadMerkleHasher();
  const store = await openStore(db, { readOnly: true });
  let out: FileHandle | undefined;
  const isJson = context.logger?.isJson === true;
  const matchesTo = parsed.out !== undefined ? parsed.out : isJson ? null : "stdout";
  const progress = context.logger?.progress({ label: "samples looked up" });
  try {
    const { secrets, used, notInIndex, notTried, notIndexed } = await resolveLookupSecrets({ config, store });
    for (const { setting, fingerprint } of notInIndex) {
      context.logger?.warn(`${setting} (fingerprint ${fingerprint}) keys no record in this store yet (a recorder registers a secret when it starts with it): looked up with the other secret(s) only.`);
    }
    for (const { fingerprint, records } of notTried) {
      context.logger?.warn(`${records} record(s) keyed with the secret of fingerprint ${fingerprint} are not looked up: it is not configured (add it to AIATTEST_LOOKUP_PREVIOUS_SECRETS).`);
    }
    const bundlesDir = parsed.bundles === undefined ? null : resolve(context.cwd, parsed.bundles);
    if (bundlesDir) await mkdir(bundlesDir, { recursive: true });
    if (parsed.out) out = await open(resolve(context.cwd, parsed.out), "w");
    const result: LookupResult = {
      corpus: parsed.corpus,
      samples: 0,
      missingField: 0,
      exact: 0,
      normalized: 0,
      capped: 0,
      maxRecordsPerSample: parsed.maxRecordsPerSample,
      models: [],
      firstServed: null,
      lastServed: null,
      secrets: used,
      secretsNotInIndex: notInIndex,
      secretsNotTried: notTried,
      notIndexed,
      matches: matchesTo,
      bundles: bundlesDir ? { dir: bundlesDir, written: 0, anchored: 0 } : null,
      report: parsed.report ?? null,
      seconds: 0,
    };
    const modelsById = new Map<Hash, { stored: StoredModel | null; summary: LookupModelSummary }>();
    const bundled = new Set<number>();
    const perDay = new Map<string, { exact: number; normalized: number }>();
    const rows: LookupReportRow[] = [];

    const handle = async (match: LookupMatch) => {
      const served = Number(match.timestamp);
      let model = modelsById.get(match.modelId);
      if (!model) {
        const stored = await store.getModel(match.modelId);
        model = { stored, summary: { modelId: match.modelId, name: stored?.name ?? "(unknown model)", version: stored?.version ?? "", exact: 0, normalized: 0, firstServed: served, lastServed: served } };
        modelsById.set(match.modelId, model);
        result.models.push(model.summary);
      }
      model.summary[match.kind]++;
      model.summary.firstServed = Math.min(model.summary.firstServed, served);
      model.summary.lastServed = Math.max(model.summary.lastServed, served);
      result[match.kind]++;
      result.firstServed = Math.min(result.firstServed ?? served, served);
      result.lastServed = Math.max(result.lastServed ?? served, served);
      const day = new Date(served * 1000).toISOString().slice(0, 10);
      const dayCount = perDay.get(day) ?? { exact: 0, normalized: 0 };
      dayCount[match.kind]++;
      perDay.set(day, dayCount);

      let bundle: string | null = null;
      let response: string | null = null;
      if (bundlesDir && match.kind === "exact") {
        bundle = join(bundlesDir, `${match.recordId}.json`);
        response = join(bundlesDir, `${match.recordId}.response.txt`);
        if (!bundled.has(match.recordId)) {
          const proof = await getProofBundle({ store, recordId: match.recordId });
          if (!proof) throw new InvariantError(`Record ${match.recordId} matched but cannot be read.`);
          await writeInPlace(bundle, serializeBundle(proof));
          await writeInPlace(response, match.sample.text);
          bundled.add(match.recordId);
          result.bundles!.written++;
          if (proof.anchor) result.bundles!.anchored++;
        }
      }
      if (parsed.report && rows.length < reportRowLimit) {
        rows.push({ file: match.sample.file, line: match.sample.line, kind: match.kind, recordId: match.recordId, model: `${model.summary.name} ${model.summary.version}`.trim(), timestamp: served, text: match.sample.text, bundle, response });
      }
      return `${jsonLine(matchLine({ match, model: model.summary, bundle, response }))}\n`;
    };

    // a chunk's store call is in flight while the next chunk is read and keyed (PostgreSQL answers meanwhile);
    // chunks are settled in order, so matches are written in corpus order
    let inFlight: { found: Promise<SampleMatches>; samples: number } | undefined;
    const write = async (text: string) => {
      if (text === "" || matchesTo === null) return;
      if (out) await out.write(text);
      else context.logger?.write("stdout", text);
    };
    const settle = async () => {
      if (!inFlight) return;
      const { found, samples } = inFlight;
      inFlight = undefined;
      const { matches, capped } = await found;
      result.capped += capped;
      // written in pieces of about a megabyte: a chunk's matches of long texts served many times are far more
      let text = "";
      for (const match of matches) {
        text += await handle(match);
        if (text.length >= writeSize) {
          await write(text);
          text = "";
        }
      }
      await write(text);
      progress?.increment(samples);
    };
    const flush = async (chunk: LookupSample[], samples: number) => {
      if (chunk.length === 0) return;
      const tagged = tagSamples({ secrets, samples: chunk });
      await settle();
      const found = confirmSamples({ index: store, tagged, maxRecordsPerSample: parsed.maxRecordsPerSample });
      // awaited by the next settle; a failure before then must not be an unhandled rejection
      found.catch(() => {});
      inFlight = { found, samples };
    };

    // fewer samples a chunk under a high cap: a chunk's matches stay about 800,000 at most (two kinds, each capped)
    const samplesPerChunk = Math.max(16, Math.min(chunkSize, Math.floor(409_600 / parsed.maxRecordsPerSample)));
    let chunk: LookupSample[] = [];
    let chunkSamples = 0;
    let chunkText = 0;
    try {
      for await (const item of readCorpus({ path: parsed.corpus, cwd: context.cwd, field: parsed.field })) {
        if (item.kind === "missing-field") {
          result.missingField++;
          continue;
        }
        result.samples++;
        chunkSamples++;
        chunk.push({ text: item.text, file: item.file, line: item.line });
        chunkText += item.text.length;
        // a line whose escapes were decoded is tried as written too: an output may hold a literal \n or \\
        if (item.asWritten !== undefined) {
          chunk.push({ text: item.asWritten, file: item.file, line: item.line });
          chunkText += item.asWritten.length;
        }
        if (chunk.length >= samplesPerChunk || chunkText >= chunkTextLimit) {
          await flush(chunk, chunkSamples);
          chunk = [];
          chunkSamples = 0;
          chunkText = 0;
        }
      }
      await flush(chunk, chunkSamples);
      await settle();
    } catch (error) {
      // the chunk in flight was read before the failure: its matches are written before the run stops
      await settle().catch(() => {});
      throw error;
    }

    if (parsed.report) {
      const days = [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, ...count }));
      const { corpus, samples, missingField, exact, normalized, capped, maxRecordsPerSample, models } = result;
      const html = renderLookupReport({
        corpus,
        samples,
        missingField,
        exact,
        normalized,
        capped,
        maxRecordsPerSample,
        models,
        generatedAt: Math.floor(Date.now() / 1000),
        perDay: days,
        rows,
        rowsOmitted: result.exact + result.normalized - rows.length,
      });
      await writeFile(resolve(context.cwd, parsed.report), html);
    }
    result.seconds = (performance.now() - started) / 1000;
    return result;
  } finally {
    progress?.stop();
    await out?.close();
    await store.close();
  }
}

/**
 * A JSON line a terminal shows as it is: C1 controls, line and paragraph separators and bidirectional controls (in
 * a sample, or in a corpus file's name) are written as \\u escapes. JSON.stringify escapes only U+0000–U+001F;
 * the value read back is the same.
 */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line of the matches JSONL. */
function matchLine({ match, model, bundle, response }: { match: LookupMatch; model: LookupModelSummary; bundle: string | null; response: string | null }) {
  const served = Number(match.timestamp);
  const common = {
    file: match.sample.file,
    line: match.sample.line,
    kind: match.kind,
    recordId: match.recordId,
    modelId: match.modelId,
    model: model.name,
    version: model.version,
    timestamp: served,
    servedAt: new Date(served * 1000).toISOString(),
    sample: match.sample.text,
  };
  if (match.kind === "exact") return { ...common, ...(bundle ? { bundle, response } : {}) };
  return {
    ...common,
    normalizedSample: normalizeLookupText(match.sample.text),
    note: `normalized only: this sample is not the served text, only equal to it after normalization (whitespace runs, Unicode NFC); record ${match.recordId}'s proof covers the original text, not this sample`,
  };
}

/**
 * Writes `path` through a new file renamed over it: a symbolic link already at `path` is replaced, never followed (a
 * link planted in the bundles folder cannot make the command overwrite a file elsewhere).
 */
async function writeInPlace(path: string, data: string): Promise<void> {
  const fresh = `${path}.${process.pid}.tmp`;
  await writeFile(fresh, data, { flag: "wx" });
  await rename(fresh, path);
}
