import type { Hash, Hex } from "viem";
import { describe, expect, test } from "vitest";
import { encodeContent, hashContent } from "../hashing/hashContent.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import type { LookupCandidate } from "./LookupCandidate.js";
import { lookupKeysOf } from "./lookupKeysOf.js";
import { lookupTagOf } from "./lookupTagOf.js";
import { type LookupSample, matchSamples } from "./matchSamples.js";

const secret: Hex = `0x${"42".repeat(32)}`;
const otherSecret: Hex = `0x${"17".repeat(32)}`;
const modelId: Hash = `0x${"ab".repeat(32)}`;

/** The index rows a store keeps for a record (what the recorder writes), by the announced layout. */
function rowsOf({ recordId, content, encoding, secretId, key }: { recordId: number; content: string; encoding: ContentEncoding; secretId: number; key: Hex }): LookupCandidate[] {
  const salt: Hash = `0x${recordId.toString(16).padStart(64, "0")}`;
  const keys = lookupKeysOf({ secret: key, bytes: encodeContent({ content, encoding }) });
  const common = { secretId, recordId, modelId, timestamp: 1_767_225_600n + BigInt(recordId), encoding, responseSalt: salt, responseHash: hashContent({ salt, content, encoding }) };
  return [
    { ...common, tag: lookupTagOf(keys.exact), kind: "exact", mac: null },
    { ...common, tag: lookupTagOf(keys.normalized), kind: "normalized", mac: keys.normalized },
  ];
}

const rows = [
  ...rowsOf({ recordId: 1, content: "The capital of France is Paris.", encoding: "utf8", secretId: 1, key: secret }),
  ...rowsOf({ recordId: 2, content: "Caf\u00e9 au lait,\nplease.", encoding: "utf8", secretId: 1, key: secret }),
  ...rowsOf({ recordId: 3, content: '{"answer":42,"unit":"m"}', encoding: "jcs", secretId: 1, key: secret }),
  ...rowsOf({ recordId: 5, content: '{"text":"two  spaces"}', encoding: "jcs", secretId: 1, key: secret }),
  ...rowsOf({ recordId: 4, content: "Keyed with the previous secret.", encoding: "utf8", secretId: 2, key: otherSecret }),
];

/** An index that answers by tag, as a store does; `collide` answers every row for any tag (tags are only 8 bytes). */
function indexOf({ collide = false } = {}) {
  const calls: number[] = [];
  return {
    calls,
    async findLookupCandidates(tags: readonly bigint[], { perTag }: { perTag: number }) {
      calls.push(tags.length);
      return collide ? tags.flatMap((tag) => rows.slice(0, perTag).map((row) => ({ ...row, tag }))) : rows.filter((row) => tags.includes(row.tag));
    },
  };
}

const samples: LookupSample[] = [
  "The capital of France is Paris.",
  "  The capital of\tFrance is Paris. ",
  "Cafe\u0301 au lait, please.",
  "The capital of France is",
  "The capital of France is Paris!",
  '{ "unit": "m", "answer": 42 }',
  "Keyed with the previous secret.",
  "something else entirely",
  "lone \ud800 surrogate",
  '{"unit": "m", "answer": 42, "note": "x"}',
  '{ "text": "two spaces" }',
].map((text, index) => ({ text, file: "corpus.txt", line: index + 1 }));

const secrets = [
  { id: 1, secret },
  { id: 2, secret: otherSecret },
];

describe("matchSamples", () => {
  test("exact and normalized matches, each re-checked in full; truncated, edited and foreign samples find nothing", async () => {
    const { matches, capped } = await matchSamples({ index: indexOf(), secrets, samples });
    expect(capped).toBe(0);
    expect(matches.map(({ sample, kind, recordId }) => `line ${sample.line}: ${kind} ${recordId}`)).toEqual([
      "line 1: exact 1",
      "line 2: normalized 1",
      "line 3: normalized 2",
      // a JSON sample is tried in its canonical form: the jcs record's proof covers it
      "line 6: exact 3",
      "line 7: exact 4",
      // and a JSON sample's canonical text normalized, as the index keyed the jcs record's (PROTOCOL §11)
      "line 11: normalized 5",
    ]);
    expect(matches[0]).toMatchObject({ modelId, timestamp: 1_767_225_601n, encoding: "utf8" });
  });

  test("tag collisions change nothing: every candidate is re-checked", async () => {
    const collided = await matchSamples({ index: indexOf({ collide: true }), secrets, samples });
    expect(collided).toEqual(await matchSamples({ index: indexOf(), secrets, samples }));
    expect(collided.matches).toHaveLength(6);
  });

  test("without the secret a record was keyed with, its samples find nothing", async () => {
    const { matches } = await matchSamples({ index: indexOf(), secrets: [{ id: 1, secret }], samples });
    expect(matches.map((match) => match.recordId)).not.toContain(4);
    expect(matches).toHaveLength(5);
  });

  test("a text served many times is listed with maxRecordsPerSample records and counted as capped", async () => {
    const served = Array.from({ length: 30 }, (_, i) => rowsOf({ recordId: 100 + i, content: "I cannot help with that.", encoding: "utf8", secretId: 1, key: secret })).flat();
    const calls: number[] = [];
    const index = {
      async findLookupCandidates(tags: readonly bigint[], { perTag }: { perTag: number }) {
        calls.push(perTag);
        // as a store does: per tag and kind, its rows of the lowest record ids, perTag of them
        return tags.flatMap((tag) => (["exact", "normalized"] as const).flatMap((kind) => served.filter((row) => row.tag === tag && row.kind === kind).slice(0, perTag)));
      },
    };
    const twice = ["I cannot help with that.", "I  cannot help with that.", "Something else."].map((text, i) => ({ text, file: "c.txt", line: i + 1 }));
    const { matches, capped } = await matchSamples({ index, secrets, samples: twice, maxRecordsPerSample: 4 });
    expect(calls).toEqual([5]);
    expect(matches.map(({ sample, kind, recordId }) => `line ${sample.line}: ${kind} ${recordId}`)).toEqual([
      "line 1: exact 100",
      "line 1: exact 101",
      "line 1: exact 102",
      "line 1: exact 103",
      "line 2: normalized 100",
      "line 2: normalized 101",
      "line 2: normalized 102",
      "line 2: normalized 103",
    ]);
    expect(capped).toBe(2);
    // at the cap or under it, nothing is capped
    for (const cap of [30, 31]) {
      const all = await matchSamples({ index, secrets, samples: twice, maxRecordsPerSample: cap });
      expect(all.matches).toHaveLength(60);
      expect(all.capped).toBe(0);
    }
  });

  test("an exact match is never crowded out by normalized ones, whatever order the store answers in", async () => {
    // "Hello world" served 5 times; "Hello  world" (two spaces) once: the sample "Hello  world" matches the latter exactly
    const served = [
      ...Array.from({ length: 5 }, (_, i) => rowsOf({ recordId: 200 + i, content: "Hello world", encoding: "utf8", secretId: 1, key: secret })).flat(),
      ...rowsOf({ recordId: 300, content: "Hello  world", encoding: "utf8", secretId: 1, key: secret }),
    ];
    for (const order of ["normalized first", "exact first"]) {
      const index = {
        async findLookupCandidates(tags: readonly bigint[], { perTag }: { perTag: number }) {
          const rows = tags.flatMap((tag) => (["exact", "normalized"] as const).flatMap((kind) => served.filter((row) => row.tag === tag && row.kind === kind).slice(0, perTag)));
          return order === "normalized first" ? rows.reverse() : rows;
        },
      };
      const { matches, capped } = await matchSamples({ index, secrets, samples: [{ text: "Hello  world", file: "c.txt", line: 1 }], maxRecordsPerSample: 2 });
      // the exact match is listed, and two of the five normalized ones (which two: the order the store answers in)
      expect(matches.filter(({ kind }) => kind === "exact").map(({ recordId }) => recordId)).toEqual([300]);
      expect(matches.filter(({ kind, recordId }) => kind === "normalized" && recordId >= 200 && recordId < 205)).toHaveLength(2);
      expect(matches).toHaveLength(3);
      expect(capped).toBe(1);
    }
  });

  test("a JSON sample matches a utf8 record only by its own text, a jcs record only by its canonical form", async () => {
    const records = [...rowsOf({ recordId: 400, content: '{"a":1,"b":[1]}', encoding: "utf8", secretId: 1, key: secret }), ...rowsOf({ recordId: 401, content: '{"a":1,"b":[1]}', encoding: "jcs", secretId: 1, key: secret })];
    const index = { findLookupCandidates: async (tags: readonly bigint[]) => records.filter((row) => tags.includes(row.tag)) };
    const lines = ['{"b":[1.0],"a":1}', '{ "b" : [ 100e-2 ] , "a" : 1 }', '{"a":1,"b":[1]}', ' {"a":1,"b":[1]}'].map((text, i) => ({ text, file: "c.jsonl", line: i + 1 }));
    const { matches } = await matchSamples({ index, secrets, samples: lines });
    expect(matches.map(({ sample, kind, recordId }) => `line ${sample.line}: ${kind} ${recordId}`)).toEqual([
      // the same JSON value as the jcs record: exact; never "normalized" to the utf8 record, whose text it is not
      "line 1: exact 401",
      "line 2: exact 401",
      "line 3: exact 400",
      "line 3: exact 401",
      // a leading space: the utf8 record's text up to whitespace, and the jcs record's value
      "line 4: normalized 400",
      "line 4: exact 401",
    ]);
  });

  test("many samples: one store call per 8,000 tags", async () => {
    const index = indexOf();
    const many = Array.from({ length: 5_000 }, (_, index) => ({ text: `sample  ${index}`, file: "-", line: index + 1 }));
    await matchSamples({ index, secrets, samples: many });
    // 5,000 samples × 2 secrets × 2 keys (each text has two spaces: its exact and normalized keys differ)
    expect(index.calls).toEqual([8_000, 8_000, 4_000]);
  });
});
