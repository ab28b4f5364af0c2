import type { LookupResult } from "../commands/lookup.js";
import { escapeText } from "../../text/escapeText.js";

/**
 * The human summary of `aiattest lookup`: samples read, matches by kind, per model and version with first and last
 * served time, the secrets tried (by fingerprint), and where matches, bundles and report went.
 *
 * @example
 * renderLookup(result)
 * // "Read 110,000 samples from corpus.txt: 10,000 exact matches, 2,000 normalized-only matches.\n…"
 */
export function renderLookup(result: LookupResult): string {
  const count = (value: number) => value.toLocaleString("en-US");
  const lines = [
    `Read ${count(result.samples)} sample(s) from ${escapeText(result.corpus)}: ${count(result.exact)} exact match(es), ${count(result.normalized)} normalized-only match(es).`,
  ];
  if (result.missingField > 0) lines.push(`${count(result.missingField)} line(s) without the --field were skipped.`);
  if (result.firstServed !== null && result.lastServed !== null) lines.push(`Served from ${isoOf(result.firstServed)} to ${isoOf(result.lastServed)}.`);
  for (const model of result.models) {
    lines.push(`  ${escapeText(`${model.name} ${model.version}`.trim())} (${model.modelId}): ${count(model.exact)} exact, ${count(model.normalized)} normalized only, served ${isoOf(model.firstServed)} to ${isoOf(model.lastServed)}`);
  }
  if (result.capped > 0) lines.push(`${count(result.capped)} sample(s) match more than ${count(result.maxRecordsPerSample)} records each (a text served that often): each lists ${count(result.maxRecordsPerSample)} of them (--max-records-per-sample).`);
  if (result.normalized > 0) lines.push("Normalized-only matches are not the served text: their record's proof covers the original text (whitespace or Unicode composition differ), not the sample.");
  lines.push(`Looked up with ${result.secrets.map((secret) => `secret ${secret.fingerprint.slice(0, 18)}… (${count(secret.records)} records)`).join(", ")}; ${count(result.notIndexed)} record(s) not indexed.`);
  if (result.matches !== null && result.matches !== "stdout") lines.push(`Matches: ${escapeText(result.matches)}`);
  if (result.bundles) lines.push(`Bundles: ${count(result.bundles.written)} written to ${escapeText(result.bundles.dir)} (${count(result.bundles.anchored)} anchored; check one with aiattest verify --bundle <id>.json --response <id>.response.txt).`);
  if (result.report) lines.push(`Report: ${escapeText(result.report)}`);
  return lines.join("\n");
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}
