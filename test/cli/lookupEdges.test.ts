import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { lookup } from "../../sdk/src/cli/commands/lookup.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { renderLookup } from "../../sdk/src/cli/render/renderLookup.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { keyedRecordOf } from "../helpers/keyedRecordOf.js";

// aiattest lookup on the cases the attack review raised: a text served many times, outputs holding a literal
// backslash escape in a corpus written without the escape convention, hostile file names, and a rotated secret
const scratch = await mkdtemp(join(tmpdir(), "aiattest-lookup-edges-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const secret: Hex = `0x${"5e".repeat(32)}`;
const newSecret: Hex = `0x${"a7".repeat(32)}`;
const modelId: Hash = keccak256(toHex("atlas 1.0"));
const db = join(scratch, "lab.db");
const refusal = "I cannot help with that.";
const literalEscape = 'Write "\\n" to end a line, and "\\\\" for one backslash.';
/** Records 1–12: the refusal; 13: a text holding a literal backslash-n and two backslashes. */
const texts = [...Array.from({ length: 12 }, () => refusal), literalEscape];

beforeAll(async () => {
  const store = await openSqliteStore({ path: db });
  try {
    await store.putModel({ modelId, publisher: `0x${"11".repeat(20)}`, name: "atlas", version: "1.0" });
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(secret));
    await store.insertRecords(
      texts.map((text, index) => keyedRecordOf({ text, index, modelId, lookup: { secret, secretId }, spacing: 3_600n })),
    );
  } finally {
    await store.close();
  }
});

function contextOf(env: Record<string, string> = { AIATTEST_LOOKUP_SECRET: secret }) {
  let stdout = "";
  let stderr = "";
  const logger = createLogger({ json: false, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  const context: CommandContext = { env: { AIATTEST_DB: db, ...env }, cwd: scratch, logger };
  return { context, output: () => ({ stdout, stderr }) };
}

const matchesIn = async (file: string) =>
  (await readFile(join(scratch, file), "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { file: string; line: number; kind: string; recordId: number; sample: string });

describe("aiattest lookup: edges", () => {
  test("a text served 12 times is listed with --max-records-per-sample of its records, and the summary says so", async () => {
    await writeFile(join(scratch, "refusals.txt"), `${refusal}\nsomething else\n${refusal}\n`);
    const { context } = contextOf();
    const result = await lookup({ corpus: "refusals.txt", out: "refusals.jsonl", maxRecordsPerSample: 5 }, context);
    expect(result).toMatchObject({ samples: 3, exact: 10, normalized: 0, capped: 2, maxRecordsPerSample: 5 });
    const matches = await matchesIn("refusals.jsonl");
    expect(matches.map(({ line, recordId }) => `${line}:${recordId}`)).toEqual(["1:1", "1:2", "1:3", "1:4", "1:5", "3:1", "3:2", "3:3", "3:4", "3:5"]);
    expect(renderLookup(result)).toContain("2 sample(s) match more than 5 records each (a text served that often): each lists 5 of them (--max-records-per-sample).");
    // the default lists all 12
    expect(await lookup({ corpus: "refusals.txt", out: "all.jsonl" }, contextOf().context)).toMatchObject({ exact: 24, capped: 0, maxRecordsPerSample: 100 });
    await expect(lookup({ corpus: "refusals.txt", maxRecordsPerSample: 0 }, contextOf().context)).rejects.toThrow("--max-records-per-sample takes a whole number from 1 to 10,000");
  });

  test("a line with a backslash escape is tried decoded and as written: an output holding a literal \\n is found", async () => {
    // one corpus written raw (the output as it is, a literal backslash-n), one with the escape convention
    await writeFile(join(scratch, "raw.txt"), `${literalEscape}\n`);
    await writeFile(join(scratch, "escaped.txt"), `${literalEscape.replaceAll("\\", "\\\\")}\n`);
    for (const corpus of ["raw.txt", "escaped.txt"]) {
      const result = await lookup({ corpus, out: `${corpus}.jsonl` }, contextOf().context);
      expect(result).toMatchObject({ samples: 1, exact: 1 });
      expect((await matchesIn(`${corpus}.jsonl`)).map(({ recordId, sample }) => ({ recordId, sample }))).toEqual([{ recordId: 13, sample: literalEscape }]);
    }
  });

  test("a corpus file named with bidi and C1 controls: the matches JSONL escapes them, and reads back the same", async () => {
    const folder = join(scratch, "shards");
    await mkdir(folder, { recursive: true });
    const name = "evil\u202e\u0085\u2028txt.jsonl";
    await writeFile(join(folder, name), `${JSON.stringify({ text: refusal })}\n`);
    await lookup({ corpus: "shards", field: "text", out: "shards.jsonl", maxRecordsPerSample: 1 }, contextOf().context);
    const written = await readFile(join(scratch, "shards.jsonl"), "utf8");
    expect(written).not.toMatch(/[\u0085\u2028\u202e]/);
    expect(written).toContain("evil\\u202e\\u0085\\u2028txt.jsonl");
    expect((await matchesIn("shards.jsonl"))[0]!.file).toBe(join("shards", name));
  });

  test("just after a rotation the new secret keys nothing yet: the previous one is used, with a warning; no secret known is still exit 2", async () => {
    const { context, output } = contextOf({ AIATTEST_LOOKUP_SECRET: newSecret, AIATTEST_LOOKUP_PREVIOUS_SECRETS: secret });
    const result = await lookup({ corpus: "refusals.txt", out: "rotated.jsonl", maxRecordsPerSample: 1 }, context);
    expect(result.exact).toBe(2);
    expect(result.secretsNotInIndex).toEqual([{ setting: "AIATTEST_LOOKUP_SECRET", fingerprint: lookupSecretFingerprint(newSecret) }]);
    expect(output().stderr).toContain(`warning: AIATTEST_LOOKUP_SECRET (fingerprint ${lookupSecretFingerprint(newSecret)}) keys no record in this store yet`);
    expect(JSON.stringify(result) + output().stderr + output().stdout).not.toContain(newSecret.slice(2));
    await expect(lookup({ corpus: "refusals.txt" }, contextOf({ AIATTEST_LOOKUP_SECRET: newSecret }).context)).rejects.toThrow("The index was built with other lookup secret(s)");
  });
});
