import type { Hash } from "viem";

/** A model's matches in a lookup: counts by kind, and the first and last served time (unix seconds). */
export type LookupModelSummary = {
  modelId: Hash;
  name: string;
  version: string;
  exact: number;
  normalized: number;
  firstServed: number;
  lastServed: number;
};

/** One matched sample as the HTML report lists it. */
export type LookupReportRow = {
  file: string;
  line: number;
  kind: "exact" | "normalized";
  recordId: number;
  model: string;
  /** Served time, unix seconds. */
  timestamp: number;
  text: string;
  /** The bundle written for it (`--bundles`), or null. */
  bundle: string | null;
  /** The response file written beside that bundle, or null. */
  response: string | null;
};

/** What a lookup counted: the summary both `aiattest lookup`'s result and its HTML report give. */
export type LookupCounts = {
  corpus: string;
  /** Samples read (a JSONL line without the field is not one). */
  samples: number;
  /** JSONL lines without the `--field` (or whose value there is not a string). */
  missingField: number;
  /** Exact matches: samples that are a record's very response (a sample matching two records counts twice). */
  exact: number;
  /** Normalized-only matches: the proof covers the original text, not the sample. */
  normalized: number;
  /** Samples of a text served more than `maxRecordsPerSample` times: each listed with that many of its records. */
  capped: number;
  maxRecordsPerSample: number;
  /** Per model and version, in order of first match. */
  models: LookupModelSummary[];
};

/** What `aiattest lookup --report` draws: the summary, matches per day, and the first rows of the match list. */
export type LookupReport = LookupCounts & {
  /** Unix seconds. */
  generatedAt: number;
  /** Matches per served day (UTC, `YYYY-MM-DD`), in day order; days without matches may be left out. */
  perDay: readonly { day: string; exact: number; normalized: number }[];
  rows: readonly LookupReportRow[];
  /** Matches beyond the rows listed. */
  rowsOmitted: number;
};
