import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { lookup } from "../../sdk/src/cli/commands/lookup.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { renderLookup } from "../../sdk/src/cli/render/renderLookup.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { keyedRecordOf } from "../helpers/keyedRecordOf.js";
import { spawnCli } from "../pipeline/helpers/spawnCli.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-lookup-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const secret: Hex = `0x${"3c".repeat(32)}`;
const otherSecret: Hex = `0x${"d4".repeat(32)}`;
const modelId: Hash = keccak256(toHex("atlas 1.0"));
const db = join(scratch, "lab.db");
const texts = ["The capital of France is Paris.", "Caf\u00e9 au lait,\nplease.", "Not indexed."];

/** A real SQLite store: three records of model atlas 1.0, the first two keyed with `secret`, the third with none. */
beforeAll(async () => {
  const store = await openSqliteStore({ path: db });
  try {
    await store.putModel({ modelId, publisher: `0x${"11".repeat(20)}`, name: "atlas", version: "1.0" });
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(secret));
    await store.insertRecords(
      texts.map((text, index) => keyedRecordOf({ text, index, modelId, lookup: index < 2 ? { secret, secretId } : undefined })),
    );
  } finally {
    await store.close();
  }
});

function contextOf({ env = { AIATTEST_LOOKUP_SECRET: secret } as Record<string, string>, json = false } = {}) {
  let stdout = "";
  let stderr = "";
  const logger = createLogger({ json, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  const context: CommandContext = { env: { AIATTEST_DB: db, ...env }, cwd: scratch, logger };
  return { context, output: () => ({ stdout, stderr }) };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: Error) => error,
  );
}

describe("aiattest lookup", () => {
  test("JSONL with --field: exact and normalized matches as JSONL on stdout, lines without the field counted", async () => {
    const lines = [
      { messages: [{ content: "q" }, { content: texts[0] }] },
      { messages: [{ content: "Cafe\u0301 au   lait, please. " }] },
      { messages: [] },
      { messages: [{ content: texts[2] }] },
      { messages: [{ content: "foreign" }] },
    ];
    await writeFile(join(scratch, "chat.jsonl"), lines.map((line) => JSON.stringify(line)).join("\n"));
    const { context, output } = contextOf();
    const result = await lookup({ corpus: "chat.jsonl", field: "messages.-1.content" }, context);
    expect(result).toMatchObject({ samples: 4, missingField: 1, exact: 1, normalized: 1, notIndexed: 1, matches: "stdout", firstServed: 1_767_225_600, lastServed: 1_767_312_000 });
    expect(result.secrets).toEqual([{ fingerprint: lookupSecretFingerprint(secret), records: 2 }]);
    expect(result.models).toEqual([{ modelId, name: "atlas", version: "1.0", exact: 1, normalized: 1, firstServed: 1_767_225_600, lastServed: 1_767_312_000 }]);
    const matches = output().stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(matches).toEqual([
      { file: "chat.jsonl", line: 1, kind: "exact", recordId: 1, modelId, model: "atlas", version: "1.0", timestamp: 1_767_225_600, servedAt: "2026-01-01T00:00:00.000Z", sample: texts[0] },
      {
        file: "chat.jsonl",
        line: 2,
        kind: "normalized",
        recordId: 2,
        modelId,
        model: "atlas",
        version: "1.0",
        timestamp: 1_767_312_000,
        servedAt: "2026-01-02T00:00:00.000Z",
        sample: "Cafe\u0301 au   lait, please. ",
        normalizedSample: "Caf\u00e9 au lait, please.",
        note: "normalized only: this sample is not the served text, only equal to it after normalization (whitespace runs, Unicode NFC); record 2's proof covers the original text, not this sample",
      },
    ]);
    expect(renderLookup(result)).toMatchInlineSnapshot(`
      "Read 4 sample(s) from chat.jsonl: 1 exact match(es), 1 normalized-only match(es).
      1 line(s) without the --field were skipped.
      Served from 2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z.
        atlas 1.0 (0xb2eb1665fa0d5c4759d7a461d94ea0296e6dd8feae9a36f3b06da1816980652f): 1 exact, 1 normalized only, served 2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z
      Normalized-only matches are not the served text: their record's proof covers the original text (whitespace or Unicode composition differ), not the sample.
      Looked up with secret 0xf8c2645024149132… (2 records); 1 record(s) not indexed."
    `);
  });

  test("standard input, as a process: JSONL on stdout, the summary on stderr; no match exits 1 and --out gets no line", async () => {
    const env = { AIATTEST_DB: db, AIATTEST_LOOKUP_SECRET: secret };
    const found = await spawnCli(["lookup", "--corpus", "-"], { cwd: scratch, env, stdin: `nothing here\n${texts[1]!.replace("\n", "\\n")}\n` }).done;
    expect(found.code).toBe(0);
    expect(found.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ file: "-", line: 2, kind: "exact", recordId: 2, sample: texts[1] })]);
    expect(found.stderr).toContain("Read 2 sample(s) from -: 1 exact match(es), 0 normalized-only match(es).");
    const none = await spawnCli(["lookup", "--corpus", "-", "--out", "none.jsonl"], { cwd: scratch, env, stdin: "nothing here\nnor here\n" }).done;
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("Read 2 sample(s) from -: 0 exact match(es), 0 normalized-only match(es).");
    expect(await readFile(join(scratch, "none.jsonl"), "utf8")).toBe("");
  });

  test("no AIATTEST_LOOKUP_SECRET, or a secret the index was not built with: exit 2 saying why, never printing a secret", async () => {
    const missing = await failureOf(lookup({ corpus: "chat.jsonl", field: "messages.-1.content" }, contextOf({ env: {} }).context));
    expect(exitCodeOf(missing)).toBe(2);
    expect(missing.message).toMatchInlineSnapshot(`
      "No index without AIATTEST_LOOKUP_SECRET: set it to the lookup secret the recorder keyed the index with.

      Outputs recorded without a lookup secret cannot be looked up: they have no lookup keys."
    `);
    const wrong = await failureOf(lookup({ corpus: "chat.jsonl", field: "messages.-1.content" }, contextOf({ env: { AIATTEST_LOOKUP_SECRET: otherSecret } }).context));
    expect(exitCodeOf(wrong)).toBe(2);
    expect(wrong.message).toMatchInlineSnapshot(`
      "The index was built with other lookup secret(s): AIATTEST_LOOKUP_SECRET (fingerprint 0x8b57de8d4ee23d710eccfe145764c8b7ddacbf9ea62555aaaba4a941f13bbf2e) is not one of them, so a lookup with it would find nothing.

      the store knows fingerprint 0xf8c264502414913225c3992f4d0e450ba55863c0f820ca43883f1db621aa5fbe: 2 record(s) keyed with it
      1 record(s) are not indexed (recorded without a lookup secret).
      Set AIATTEST_LOOKUP_SECRET (and AIATTEST_LOOKUP_PREVIOUS_SECRETS) to the secret(s) of those fingerprints."
    `);
    expect(wrong.message).not.toContain(otherSecret.slice(2));
    expect(wrong.message).not.toContain(secret.slice(2));
  });

  test("a JSONL line that is not JSON: exit 2 naming the line", async () => {
    await writeFile(join(scratch, "broken.jsonl"), `${JSON.stringify({ t: texts[0] })}\nnot json\n`);
    const error = await failureOf(lookup({ corpus: "broken.jsonl", field: "t" }, contextOf().context));
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toContain("line 2 of broken.jsonl");
  });
});
