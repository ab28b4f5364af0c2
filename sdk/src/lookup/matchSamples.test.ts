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
  ...rowsOf({ recordId: 4, content: "Keyed with the previous secret.", encoding: "utf8", secretId: 2, key: otherSecret }),
];

/** An index that answers by tag, as a store does; `collide` answers every row for any tag (tags are only 8 bytes). */
function indexOf({ collide = false } = {}) {
  const calls: number[] = [];
  return {
    calls,
    async findLookupCandidates(tags: readonly bigint[]) {
      calls.push(tags.length);
      return collide ? tags.flatMap((tag) => rows.map((row) => ({ ...row, tag }))) : rows.filter((row) => tags.includes(row.tag));
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
].map((text, index) => ({ text, file: "corpus.txt", line: index + 1 }));

const secrets = [
  { id: 1, secret },
  { id: 2, secret: otherSecret },
];

describe("matchSamples", () => {
  test("exact and normalized matches, each re-checked in full; truncated, edited and foreign samples find nothing", async () => {
    const matches = await matchSamples({ index: indexOf(), secrets, samples });
    expect(matches.map(({ sample, kind, recordId }) => `line ${sample.line}: ${kind} ${recordId}`)).toEqual([
      "line 1: exact 1",
      "line 2: normalized 1",
      "line 3: normalized 2",
      // a JSON sample is tried in its canonical form: the jcs record's proof covers it
      "line 6: exact 3",
      "line 7: exact 4",
    ]);
    expect(matches[0]).toMatchObject({ modelId, timestamp: 1_767_225_601n, encoding: "utf8" });
  });

  test("tag collisions change nothing: every candidate is re-checked", async () => {
    const collided = await matchSamples({ index: indexOf({ collide: true }), secrets, samples });
    expect(collided).toEqual(await matchSamples({ index: indexOf(), secrets, samples }));
  });

  test("without the secret a record was keyed with, its samples find nothing", async () => {
    const matches = await matchSamples({ index: indexOf(), secrets: [{ id: 1, secret }], samples });
    expect(matches.map((match) => match.recordId)).not.toContain(4);
  });

  test("many samples: one store call per 8,000 tags", async () => {
    const index = indexOf();
    const many = Array.from({ length: 5_000 }, (_, index) => ({ text: `sample  ${index}`, file: "-", line: index + 1 }));
    await matchSamples({ index, secrets, samples: many });
    // 5,000 samples × 2 secrets × 2 keys (each text has two spaces: its exact and normalized keys differ)
    expect(index.calls).toEqual([8_000, 8_000, 4_000]);
  });
});
