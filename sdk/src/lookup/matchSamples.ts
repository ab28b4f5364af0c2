import type { Hash, Hex } from "viem";
import { encodeContent, hashContent } from "../hashing/hashContent.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { LookupCandidate } from "./LookupCandidate.js";
import { lookupKeysOf } from "./lookupKeysOf.js";
import { lookupTagOf } from "./lookupTagOf.js";

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

export type MatchSamplesParameters = {
  index: { findLookupCandidates(tags: readonly bigint[]): Promise<LookupCandidate[]> };
  secrets: readonly LookupSecretInUse[];
  samples: readonly LookupSample[];
};

/** Tags asked of the store in one call. */
const tagsPerCall = 8_000;

type SampleKeys = { exact: Map<number, Set<Hash>>; normalized: Map<number, Hash> };

/**
 * The matches of a chunk of samples, in sample order: the tags of every sample's keys under every secret are looked
 * up together (a call per {@link tagsPerCall} tags), then each candidate is re-checked in full, since tags collide:
 * an exact candidate by recomputing its salted response hash from the sample (what its proof bundle proves), a
 * normalized one by comparing its full key. A sample that matches a record exactly is not also reported as a
 * normalized match of that record. A sample that is JSON is also tried as a `jcs` response (its canonical form).
 *
 * @example
 * const matches = await matchSamples({ index: store, secrets: [{ id: 1, secret }], samples: [{ text: "Paris.", file: "corpus.txt", line: 1 }] })
 */
export async function matchSamples({ index, secrets, samples }: MatchSamplesParameters): Promise<LookupMatch[]> {
  // every key of every sample, and which samples each tag may belong to
  const keys: (SampleKeys | null)[] = [];
  const samplesByTag = new Map<bigint, number[]>();
  const addTag = (tag: bigint, sampleIndex: number) => {
    const list = samplesByTag.get(tag);
    if (!list) samplesByTag.set(tag, [sampleIndex]);
    else if (list.at(-1) !== sampleIndex) list.push(sampleIndex);
  };
  samples.forEach((sample, sampleIndex) => {
    // a string with a lone surrogate (from a JSON escape) is no response's text: it cannot be hashed as one
    if (!sample.text.isWellFormed()) return keys.push(null);
    const sampleKeys: SampleKeys = { exact: new Map(), normalized: new Map() };
    const encodings = contentBytesOf(sample.text);
    for (const { id, secret } of secrets) {
      const exact = new Set<Hash>();
      for (const bytes of encodings) {
        const key = lookupKeysOf({ secret, bytes, text: sample.text });
        exact.add(key.exact);
        sampleKeys.normalized.set(id, key.normalized);
      }
      sampleKeys.exact.set(id, exact);
      for (const mac of exact) addTag(lookupTagOf(mac), sampleIndex);
      addTag(lookupTagOf(sampleKeys.normalized.get(id)!), sampleIndex);
    }
    return keys.push(sampleKeys);
  });

  // look the tags up, then re-check every candidate against each sample that has its tag
  const tags = [...samplesByTag.keys()];
  const found = new Map<number, Map<number, LookupMatch>>();
  for (let start = 0; start < tags.length; start += tagsPerCall) {
    for (const candidate of await index.findLookupCandidates(tags.slice(start, start + tagsPerCall))) {
      for (const sampleIndex of samplesByTag.get(candidate.tag) ?? []) {
        const sample = samples[sampleIndex]!;
        if (!isMatch({ candidate, sample, keys: keys[sampleIndex]! })) continue;
        const bySample = found.get(sampleIndex) ?? new Map<number, LookupMatch>();
        found.set(sampleIndex, bySample);
        const earlier = bySample.get(candidate.recordId);
        if (earlier?.kind === "exact") continue;
        bySample.set(candidate.recordId, { sample, kind: candidate.kind, recordId: candidate.recordId, modelId: candidate.modelId, timestamp: candidate.timestamp, encoding: candidate.encoding });
      }
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, bySample]) => [...bySample.values()].sort((a, b) => a.recordId - b.recordId));
}

/** The content bytes a sample could have been hashed as: its UTF-8, and its RFC 8785 form when it is strict JSON. */
function contentBytesOf(text: string): Uint8Array[] {
  const utf8 = encodeContent({ content: text, encoding: "utf8" });
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return [utf8];
  try {
    const jcs = encodeContent({ content: text, encoding: "jcs" });
    return Buffer.compare(jcs, utf8) === 0 ? [utf8] : [utf8, jcs];
  } catch {
    return [utf8];
  }
}

function isMatch({ candidate, sample, keys }: { candidate: LookupCandidate; sample: LookupSample; keys: SampleKeys }): boolean {
  if (candidate.kind === "normalized") return keys.normalized.get(candidate.secretId) === candidate.mac;
  if (!keys.exact.has(candidate.secretId)) return false;
  try {
    return hashContent({ salt: candidate.responseSalt, content: sample.text, encoding: candidate.encoding }) === candidate.responseHash;
  } catch {
    // a jcs record and a sample that is not JSON: not this record's response
    return false;
  }
}
