// aiattest lookup under the attack review of its cap, pipelining and rotation changes (F1–F6): each test failed before
// its fix. F1/F1b: exact matches crowded out by normalized ones; F2: false "capped"; F3: a mistyped secret hiding
// records; F4: matches lost on a failed run; F5: a chunk's JSONL past V8's string limit; F6: JSON canonicalization
// taken for normalization.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { afterAll, describe, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { lookup } from "../../sdk/src/cli/commands/lookup.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { encodeContent } from "../../sdk/src/hashing/hashContent.js";
import { lookupDigestsOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import { normalizeLookupText } from "../../sdk/src/lookup/normalizeLookupText.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { matchSamples } from "../../sdk/src/lookup/matchSamples.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";
import { keyedRecordOf } from "../helpers/keyedRecordOf.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-lookup-review-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const secret: Hex = `0x${"5e".repeat(32)}`;
const modelId: Hash = keccak256(toHex("atlas 1.0"));
let dbs = 0;

async function storeWith(groups: { secret: Hex; texts: string[] }[]) {
  const path = join(scratch, `lab${++dbs}.db`);
  const store = await openSqliteStore({ path });
  await store.putModel({ modelId, publisher: `0x${"11".repeat(20)}`, name: "atlas", version: "1.0" });
  let index = 0;
  const ids: number[][] = [];
  for (const group of groups) {
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(group.secret));
    ids.push(await store.insertRecords(group.texts.map((text) => keyedRecordOf({ text, index: index++, modelId, lookup: { secret: group.secret, secretId } }))));
  }
  return { store, path, ids, secretIdOf: async (s: Hex) => (await store.listLookupSecrets()).find((e) => e.fingerprint === lookupSecretFingerprint(s))!.id };
}

const tagsOf = (text: string) => {
  const { exact, normalized } = lookupDigestsOf({ secret, bytes: encodeContent({ content: text, encoding: "utf8" }), text });
  return { exact: exact.readBigInt64BE(0), normalized: normalized.readBigInt64BE(0) };
};

function contextOf(path: string, env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const logger = createLogger({ json: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  const context: CommandContext = { env: { AIATTEST_DB: path, ...env }, cwd: scratch, logger };
  return { context, output: () => ({ stdout, stderr }) };
}

describe("lookup attacks", () => {
  test("F1: a sample's own exact record is listed even when its normalized tag is a hot text's (cap must not drop the exact match)", async () => {
    // a sample whose normalized tag sorts before its exact tag (SQLite answers in tag order)
    let i = 0;
    while (!(tagsOf(`Hello  world ${i}`).normalized < tagsOf(`Hello  world ${i}`).exact)) i++;
    const hot = `Hello world ${i}`; // normal text, served 5 times
    const variant = `Hello  world ${i}`; // served once, exactly this text
    const { store, ids } = await storeWith([{ secret, texts: [...Array(5).fill(hot), variant] }]);
    const secretId = (await store.listLookupSecrets())[0]!.id;
    const { matches } = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples: [{ text: variant, file: "c.txt", line: 1 }], maxRecordsPerSample: 2 });
    await store.close();
    // the one record whose proof bundle proves this very sample
    expect(matches.filter((m) => m.kind === "exact").map((m) => m.recordId)).toEqual([ids[0]![5]]);
  });

  test("F1b: a normal sample's own exact record is found when many whitespace variants of it were served first (shared tag budget)", async () => {
    const text = "I cannot help with that.";
    // 5 variants served first (a trailing newline: same normalized text, so their normalized rows share the sample's tag)
    const { store, ids } = await storeWith([{ secret, texts: [...Array(5).fill(`${text}\n`), text] }]);
    const secretId = (await store.listLookupSecrets())[0]!.id;
    const { matches, capped } = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples: [{ text, file: "c.txt", line: 1 }], maxRecordsPerSample: 2 });
    await store.close();
    expect(capped).toBe(1);
    expect(matches.filter((m) => m.kind === "exact").map((m) => m.recordId)).toEqual([ids[0]![5]]);
  });

  test("S1: fast path and single-HMAC shortcut equal the spec's formula (fuzz)", () => {
    const alphabet = ["a", "B", "z", "1", " ", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2028", "\u0301", "e", "\u00e9", "\ufeff", "\u200b", "\u001f", "\u007f", "\u0085", "{", "}", "[", "]", '"', ":", ",", "\\"];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const reference = (t: string) => t.normalize("NFC").replace(/\p{White_Space}+/gu, " ").replace(/^ | $/g, "");
    const hmac = (data: Uint8Array | string) => createHmac("sha256", Buffer.from(secret.slice(2), "hex")).update(data).digest();
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join("");
      expect(normalizeLookupText(text)).toBe(reference(text));
      const bytes = encodeContent({ content: text, encoding: "utf8" });
      const { exact, normalized } = lookupDigestsOf({ secret, bytes, text });
      expect(exact.equals(hmac(bytes))).toBe(true);
      expect(normalized.equals(hmac(Buffer.from(reference(text), "utf8")))).toBe(true);
      // bytes only (the recorder's path for bytes and jcs)
      expect(lookupDigestsOf({ secret, bytes }).normalized.equals(normalized)).toBe(true);
    }
  });

  test("F6: a utf8 (plain-text) record is not a 'normalized' match of a JSON sample that only canonicalizes to it (keys reordered, 1.0 vs 1)", async () => {
    const { store } = await storeWith([{ secret, texts: ['{"a":1,"b":[1]}'] }]);
    const secretId = (await store.listLookupSecrets())[0]!.id;
    const samples = ['{"b":[1.0],"a":1}', '{ "b" : [ 100e-2 ] , "a" : 1 }'].map((text, i) => ({ text, file: "c", line: i + 1 }));
    const { matches } = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples });
    await store.close();
    // the record was served as text: its proof and its normalized key cover that text, not the JSON value
    expect(matches.map((m) => `${m.sample.line} ${m.kind}`)).toEqual([]);
  });

  test("F2: a text served exactly maxRecordsPerSample times (or once, with the cap at 1) is not reported as capped", async () => {
    const { store } = await storeWith([{ secret, texts: ["Served once.", "Twice.", "Twice."] }]);
    const secretId = (await store.listLookupSecrets())[0]!.id;
    const once = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples: [{ text: "Served once.", file: "c", line: 1 }], maxRecordsPerSample: 1 });
    const twice = await matchSamples({ index: store, secrets: [{ id: secretId, secret }], samples: [{ text: "Twice.", file: "c", line: 1 }], maxRecordsPerSample: 2 });
    await store.close();
    expect(once.matches).toHaveLength(1);
    expect(twice.matches).toHaveLength(2);
    expect([once.capped, twice.capped]).toEqual([0, 0]);
  });

  test("F3: a wrong current secret with a known previous one must not silently skip the records of the store's other (current) secret", async () => {
    const current: Hex = `0x${"c1".repeat(32)}`;
    const old: Hex = `0x${"01".repeat(32)}`;
    const typo: Hex = `0x${"c2".repeat(32)}`;
    const { store, path } = await storeWith([{ secret: old, texts: ["old output"] }, { secret: current, texts: ["new output"] }]);
    await store.close();
    await writeFile(join(scratch, "f3.txt"), "new output\nold output\n");
    const { context } = contextOf(path, { AIATTEST_LOOKUP_SECRET: typo, AIATTEST_LOOKUP_PREVIOUS_SECRETS: old });
    // the store knows a fingerprint with records that no configured secret can look up: exit 2, as before the change
    await expect(lookup({ corpus: "f3.txt", out: "f3.jsonl" }, context)).rejects.toThrow();
  });

  test("F4: on a corpus error (exit 2), the matches of lines read before the last full chunk are written, as before pipelining", async () => {
    const { store, path } = await storeWith([{ secret, texts: ["found on line 1"] }]);
    await store.close();
    const lines = [JSON.stringify({ t: "found on line 1" }), ...Array.from({ length: 5_000 }, (_, n) => JSON.stringify({ t: `x${n}` })), "not json"];
    await writeFile(join(scratch, "f4.jsonl"), `${lines.join("\n")}\n`);
    const { context } = contextOf(path, { AIATTEST_LOOKUP_SECRET: secret });
    await expect(lookup({ corpus: "f4.jsonl", field: "t", out: "f4.out.jsonl" }, context)).rejects.toThrow();
    expect(await readFile(join(scratch, "f4.out.jsonl"), "utf8")).toContain("found on line 1");
  });

  test("F5: the matches written for one chunk stay bounded (a hot text repeated in the corpus): ≤ 64 MB of JSONL per write", async () => {
    const long = `${"A boilerplate answer served again and again. ".repeat(40)}End.`; // ~1.8 K characters
    const { store, path } = await storeWith([{ secret, texts: Array(100).fill(long) }]);
    await store.close();
    await writeFile(join(scratch, "f5.txt"), `${`${long}\n`.repeat(4_096)}`);
    let largest = 0;
    let error: unknown;
    const logger = createLogger({ json: false, stdout: { write: (t: string) => (largest = Math.max(largest, t.length)) }, stderr: { write: () => {} } });
    try {
      await lookup({ corpus: "f5.txt" }, { env: { AIATTEST_DB: path, AIATTEST_LOOKUP_SECRET: secret }, cwd: scratch, logger });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeUndefined();
    expect(largest).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);
});

describe("findLookupCandidates (SQLite) at the edges", () => {
  const mac = (tag: string, rest: string) => `0x${tag}${keccak256(toHex(rest)).slice(18)}` as const;
  test("int64 min/max tags, perTag 1, a tag with exactly perTag rows, duplicate tags", async () => {
    const store = await openSqliteStore({ path: join(scratch, "edges.db") });
    const secretId = await store.registerLookupSecret(keccak256(toHex("fp")));
    const base = (i: number): NewRecord => keyedRecordOf({ text: `t${i}`, index: i, modelId });
    const min = "8000000000000000";
    const max = "7fffffffffffffff";
    const records = [
      // 3 records under int64 min (exact) with distinct normalized tags
      ...[1, 2, 3].map((i) => ({ ...base(i), lookup: { secretId, exact: mac(min, `e${i}`), normalized: mac(`00000000000000${i}0`, `n${i}`) } })),
      // 2 records under int64 max: both rows each (a normal text)
      ...[4, 5].map((i) => ({ ...base(i), lookup: { secretId, exact: mac(max, `s`), normalized: mac(max, `s`) } })),
      // a tag of exactly 2 rows
      ...[6, 7].map((i) => ({ ...base(i), lookup: { secretId, exact: mac("0000000000000abc", `e${i}`), normalized: mac(`00000000000001${i}0`, `n${i}`) } })),
    ];
    const ids = await store.insertRecords(records);
    const minTag = -(2n ** 63n);
    const maxTag = 2n ** 63n - 1n;
    const count = (rows: { tag: bigint }[], tag: bigint) => rows.filter((r) => r.tag === tag).length;
    const one = await store.findLookupCandidates([maxTag, minTag, minTag, 0xabcn, maxTag], { perTag: 1 });
    expect(count(one, minTag)).toBe(1);
    expect(one.find((r) => r.tag === minTag)!.recordId).toBe(ids[0]);
    expect(count(one, maxTag)).toBe(2); // perTag + 1: record 4's two rows
    expect(count(one, 0xabcn)).toBe(1);
    const two = await store.findLookupCandidates([0xabcn, 0xabcn], { perTag: 2 });
    expect(count(two, 0xabcn)).toBe(2);
    const all = await store.findLookupCandidates([minTag, maxTag], { perTag: 100 });
    expect([count(all, minTag), count(all, maxTag)]).toEqual([3, 4]);
    await store.close();
  });
});
