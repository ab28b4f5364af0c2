import type { Hash, Hex } from "viem";
import { encodeContent, hashContent } from "../hashing/hashContent.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { LookupCandidate } from "./LookupCandidate.js";
import { lookupDigestsOf, normalizedDigestOf } from "./lookupKeysOf.js";

/** A sample of a corpus and where it was read. */
export type LookupSample = { text: string; file: string; line: number };

/** A lookup secret the store knows: its id there, and the secret itself (never printed). */
export type LookupSecretInUse = { id: number; secret: Hex };

/**
 * A sample found in the index. `exact`: the sample is the record's very response (its salted hash checks, so the
 * record's proof bundle proves this sample). `normalized`: only its normalized text is the response's (whitespace or
 * Unicode composition differ), so the record's proof covers the original text, not this sample.
 */
export type LookupMatch = {
  sample: LookupSample;
  kind: "exact" | "normalized";
  recordId: number;
  modelId: Hash;
  /** The record's signed time: when it was served, in unix seconds. */
  timestamp: bigint;
  encoding: ContentEncoding;
};

/** The part of a store a lookup reads. */
export type LookupIndex = {
  findLookupCandidates(tags: readonly bigint[], options: { perTag: number }): Promise<LookupCandidate[]>;
};

/** What `matchSamples` found in a chunk of samples. */
export type SampleMatches = {
  /** In sample order; per sample, in record order. */
  matches: LookupMatch[];
  /**
   * Samples that match more records than listed: a text served more than `maxRecordsPerSample` times (say a refusal)
   * is listed with that many of its records (exact matches, and as many normalized-only ones), not all of them.
   */
  capped: number;
};

/** Records listed per sample unless told otherwise: a text served more often than this is capped (see `capped`). */
export const defaultMaxRecordsPerSample = 100;

/** Tags asked of the store in one call. */
const tagsPerCall = 8_000;

/**
 * A chunk's samples keyed and tagged, ready to look up: the CPU half of `matchSamples`, so a caller can key the
 * next chunk while the store answers for this one.
 */
export type TaggedSamples = {
  samples: readonly LookupSample[];
  secrets: ReadonlyMap<number, Hex>;
  /** Each sample's forms (null: not a text any response could be), by index. */
  forms: (SampleForms | null)[];
  /** Each tag of a sample's keys, and the sample (or samples) that have it. */
  samplesByTag: Map<bigint, number | number[]>;
};

/**
 * Keys every sample under every secret (its exact and normalized keys, and when it is JSON those of its RFC 8785
 * form too, as a `jcs` record was keyed: PROTOCOL §11) and groups the samples by the tags of those keys.
 *
 * @example
 * const tagged = tagSamples({ secrets: [{ id: 1, secret }], samples })
 */
export function tagSamples({ secrets, samples }: { secrets: readonly LookupSecretInUse[]; samples: readonly LookupSample[] }): TaggedSamples {
  const samplesByTag = new Map<bigint, number | number[]>();
  const addTag = (tag: bigint, sampleIndex: number) => {
    const known = samplesByTag.get(tag);
    if (known === undefined) samplesByTag.set(tag, sampleIndex);
    else if (typeof known === "number") {
      if (known !== sampleIndex) samplesByTag.set(tag, [known, sampleIndex]);
    } else if (known.at(-1) !== sampleIndex) known.push(sampleIndex);
  };
  const forms: (SampleForms | null)[] = [];
  for (let sampleIndex = 0; sampleIndex < samples.length; sampleIndex++) {
    const { text } = samples[sampleIndex]!;
    // a string with a lone surrogate (from a JSON escape) is no response's text: it cannot be hashed as one
    const sampleForms = text.isWellFormed() ? formsOf(text) : null;
    forms.push(sampleForms);
    if (!sampleForms) continue;
    for (const { secret } of secrets) {
      for (const form of sampleForms.jcs && sampleForms.jcs !== sampleForms.utf8 ? [sampleForms.utf8, sampleForms.jcs] : [sampleForms.utf8]) {
        const { exact, normalized } = lookupDigestsOf({ secret, bytes: form.bytes, text: form.text });
        addTag(exact.readBigInt64BE(0), sampleIndex);
        if (normalized !== exact) addTag(normalized.readBigInt64BE(0), sampleIndex);
      }
    }
  }
  return { samples, secrets: new Map(secrets.map(({ id, secret }) => [id, secret])), forms, samplesByTag };
}

/**
 * Looks a chunk's tags up (a store call per {@link tagsPerCall} tags, at most `maxRecordsPerSample + 1` rows per tag
 * and kind), then re-checks each candidate in full, since tags collide: an exact candidate by recomputing its salted
 * response hash from the sample (what its proof bundle proves), a normalized one by recomputing the sample's
 * normalized key under the candidate's secret, in the candidate's encoding, and comparing it with the full mac.
 * Exact candidates are judged first: a sample that matches a record exactly is not also reported as a normalized
 * match of that record, and normalized matches never take an exact match's place under the cap (each kind has its
 * own `maxRecordsPerSample`).
 *
 * @example
 * const { matches } = await confirmSamples({ index: store, tagged: tagSamples({ secrets, samples }) })
 */
export async function confirmSamples({ index, tagged, maxRecordsPerSample = defaultMaxRecordsPerSample }: { index: LookupIndex; tagged: TaggedSamples; maxRecordsPerSample?: number | undefined }): Promise<SampleMatches> {
  const { samples, secrets, forms, samplesByTag } = tagged;
  // one row past the cap: a sample with more matches than the cap is then seen to have them
  const perTag = maxRecordsPerSample + 1;
  // per sample: its matches by record, their count per kind, and the records it matched past the cap
  const found = new Map<number, { matches: Map<number, LookupMatch>; exact: number; normalized: number; refused: Set<number> }>();
  const cappedSamples = new Set<number>();
  const normalizedDigests = new Map<string, Buffer | null>();
  const tags = [...samplesByTag.keys()];
  for (let start = 0; start < tags.length; start += tagsPerCall) {
    const candidates = await index.findLookupCandidates(tags.slice(start, start + tagsPerCall), { perTag });
    for (const candidate of [...candidates.filter(({ kind }) => kind === "exact"), ...candidates.filter(({ kind }) => kind === "normalized")]) {
      const known = samplesByTag.get(candidate.tag);
      if (known === undefined) continue;
      for (const sampleIndex of typeof known === "number" ? [known] : known) {
        const sampleForms = forms[sampleIndex];
        if (!sampleForms) continue;
        const sample = samples[sampleIndex]!;
        let bySample = found.get(sampleIndex);
        const earlier = bySample?.matches.get(candidate.recordId);
        if (earlier?.kind === "exact" || earlier?.kind === candidate.kind || bySample?.refused.has(candidate.recordId)) continue;
        const isMatch =
          candidate.kind === "exact"
            ? isExactMatch({ candidate, sample, secrets })
            : isNormalizedMatch({ candidate, digest: () => cached(normalizedDigests, `${sampleIndex} ${candidate.secretId} ${candidate.encoding}`, () => normalizedDigestFor({ forms: sampleForms, candidate, secrets })) });
        if (!isMatch) continue;
        bySample ??= { matches: new Map(), exact: 0, normalized: 0, refused: new Set() };
        found.set(sampleIndex, bySample);
        if (bySample[candidate.kind] >= maxRecordsPerSample) {
          // past the cap; a record refused as exact is not listed as normalized either (not even if it was before)
          bySample.refused.add(candidate.recordId);
          if (earlier) {
            bySample.matches.delete(candidate.recordId);
            bySample[earlier.kind]--;
          }
          cappedSamples.add(sampleIndex);
          continue;
        }
        // an exact match of a record met before as normalized (its tags came in an earlier call) takes its place
        if (earlier) bySample[earlier.kind]--;
        bySample[candidate.kind]++;
        bySample.matches.set(candidate.recordId, { sample, kind: candidate.kind, recordId: candidate.recordId, modelId: candidate.modelId, timestamp: candidate.timestamp, encoding: candidate.encoding });
      }
    }
  }
  const matches = [...found.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, bySample]) => [...bySample.matches.values()].sort((a, b) => a.recordId - b.recordId));
  return { matches, capped: cappedSamples.size };
}

/**
 * The matches of a chunk of samples in the lab's index: {@link tagSamples}, then {@link confirmSamples}.
 *
 * @example
 * const { matches } = await matchSamples({ index: store, secrets: [{ id: 1, secret }], samples: [{ text: "Paris.", file: "corpus.txt", line: 1 }] })
 */
export async function matchSamples({ index, secrets, samples, maxRecordsPerSample }: { index: LookupIndex; secrets: readonly LookupSecretInUse[]; samples: readonly LookupSample[]; maxRecordsPerSample?: number | undefined }): Promise<SampleMatches> {
  return confirmSamples({ index, tagged: tagSamples({ secrets, samples }), maxRecordsPerSample });
}

/** A sample's text as content of each encoding: its UTF-8, and its RFC 8785 form when it is strict JSON (else null). */
type SampleForms = { utf8: SampleForm; jcs: SampleForm | null };
type SampleForm = { bytes: Uint8Array; text: string };

function formsOf(text: string): SampleForms {
  const utf8 = { bytes: encodeContent({ content: text, encoding: "utf8" }), text };
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return { utf8, jcs: null };
  try {
    const jcs = encodeContent({ content: text, encoding: "jcs" });
    return { utf8, jcs: Buffer.compare(jcs, utf8.bytes) === 0 ? utf8 : { bytes: jcs, text: jcsText.decode(jcs) } };
  } catch {
    return { utf8, jcs: null };
  }
}

const jcsText = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

function isExactMatch({ candidate, sample, secrets }: { candidate: LookupCandidate; sample: LookupSample; secrets: ReadonlyMap<number, Hex> }): boolean {
  if (!secrets.has(candidate.secretId)) return false;
  try {
    return hashContent({ salt: candidate.responseSalt, content: sample.text, encoding: candidate.encoding }) === candidate.responseHash;
  } catch {
    // a jcs record and a sample that is not JSON: not this record's response
    return false;
  }
}

/**
 * The sample's normalized key as the candidate's record was keyed: over the normalized text of the sample's form in
 * the record's encoding (a `utf8` record: its text; a `jcs` record: its canonical JSON). Null when it has no such form.
 */
function normalizedDigestFor({ forms, candidate, secrets }: { forms: SampleForms; candidate: LookupCandidate; secrets: ReadonlyMap<number, Hex> }): Buffer | null {
  const secret = secrets.get(candidate.secretId);
  const form = candidate.encoding === "jcs" ? forms.jcs : forms.utf8;
  return secret === undefined || !form ? null : normalizedDigestOf({ secret, text: form.text });
}

function isNormalizedMatch({ candidate, digest }: { candidate: LookupCandidate; digest: () => Buffer | null }): boolean {
  if (candidate.mac === null) return false;
  return digest()?.equals(Buffer.from(candidate.mac.slice(2), "hex")) === true;
}
