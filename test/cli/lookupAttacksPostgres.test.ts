// aiattest lookup attacks on PostgreSQL: findLookupCandidates at the edges (int64 tags, perTag 1, duplicates), and a
// normal sample whose own exact record was crowded out by normalized rows of its tag (F1b).
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { matchSamples } from "../../sdk/src/lookup/matchSamples.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";
import { keyedRecordOf } from "../helpers/keyedRecordOf.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";

const modelId: Hash = keccak256(toHex("atlas 1.0"));
const secret: Hex = `0x${"5e".repeat(32)}`;
let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const mac = (tag: string, rest: string) => `0x${tag}${keccak256(toHex(rest)).slice(18)}` as const;

test("PG: int64 min/max tags, perTag 1, a tag with exactly perTag rows, duplicate tags", async () => {
  const store = await openPostgresStore({ url: await server.createDatabase() });
  const secretId = await store.registerLookupSecret(keccak256(toHex("fp")));
  const base = (i: number): NewRecord => keyedRecordOf({ text: `t${i}`, index: i, modelId });
  const min = "8000000000000000";
  const max = "7fffffffffffffff";
  await store.insertRecords([
    ...[1, 2, 3].map((i) => ({ ...base(i), lookup: { secretId, exact: mac(min, `e${i}`), normalized: mac(`00000000000000${i}0`, `n${i}`) } })),
    ...[4, 5].map((i) => ({ ...base(i), lookup: { secretId, exact: mac(max, "s"), normalized: mac(max, "s") } })),
    ...[6, 7].map((i) => ({ ...base(i), lookup: { secretId, exact: mac("0000000000000abc", `e${i}`), normalized: mac(`00000000000001${i}0`, `n${i}`) } })),
  ]);
  const minTag = -(2n ** 63n);
  const maxTag = 2n ** 63n - 1n;
  const count = (rows: { tag: bigint }[], tag: bigint) => rows.filter((r) => r.tag === tag).length;
  const one = await store.findLookupCandidates([maxTag, minTag, minTag, 0xabcn, maxTag], { perTag: 1 });
  // per tag and kind: int64 max holds records 4 and 5, each with both rows under it
  expect([count(one, minTag), count(one, maxTag), count(one, 0xabcn)]).toEqual([1, 2, 1]);
  const two = await store.findLookupCandidates([0xabcn, 0xabcn], { perTag: 2 });
  expect(count(two, 0xabcn)).toBe(2);
  const all = await store.findLookupCandidates([minTag, maxTag], { perTag: 100 });
  expect([count(all, minTag), count(all, maxTag)]).toEqual([3, 4]);
  await store.close();
}, 60_000);

test("PG F1b: a normal sample's own exact record is found when whitespace variants of it were served first", async () => {
  const store = await openPostgresStore({ url: await server.createDatabase() });
  const secretId = await store.registerLookupSecret(lookupSecretFingerprint(secret));
  const text = "I cannot help with that.";
  const ids = await store.insertRecords([...Array(5).fill(`${text}\n`), text].map((t: string, index) => keyedRecordOf({ text: t, index, modelId, lookup: { secret, secretId } })));
  const { matches } = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples: [{ text, file: "c", line: 1 }], maxRecordsPerSample: 2 });
  await store.close();
  expect(matches.filter((m) => m.kind === "exact").map((m) => m.recordId)).toEqual([ids[5]]);
}, 60_000);
