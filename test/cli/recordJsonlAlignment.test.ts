// `record --jsonl`: output line i answers input line i, receipt or error, whatever failed before it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { network } from "hardhat";
import { custom } from "viem";
import { afterAll, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { modelRegister } from "../../sdk/src/cli/commands/modelRegister.js";
import { recordJsonl } from "../../sdk/src/cli/commands/recordJsonl.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-jsonl-align-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test("a failing group commit and a bad line in the middle: each gets an error line in its place, and every receipt stays on its own line", async () => {
  const { provider } = await network.connect();
  const db = join(scratch, "lab.db");
  const env = { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher, AIATTEST_SIGNER_KEY: hardhatKeys.signer, AIATTEST_DB: db };
  const base: CommandContext = { env, cwd: scratch, transport: custom(provider) };
  const { contract } = await deploy({}, base);
  const context: CommandContext = { ...base, env: { ...env, AIATTEST_CONTRACT: contract } };
  const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, context);
  await keyAdd({ role: "signer" }, context);
  await writeFile(join(scratch, "first.jsonl"), '{"response":"creates the store"}\n');
  await recordJsonl({ jsonl: "first.jsonl", model: modelId, out: "first-receipts.jsonl" }, context);

  // the store refuses any transaction holding a jcs output: that line's whole group commit fails
  const sqlite = new DatabaseSync(db);
  sqlite.exec("CREATE TRIGGER refuse_jcs BEFORE INSERT ON records WHEN NEW.encoding = 'jcs' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  sqlite.close();
  // lines long enough to be read in several chunks, so signed in several group commits: the one holding line 100
  // fails, the others do not
  const padding = "x".repeat(1_000);
  const lines = Array.from({ length: 520 }, (_, index) => JSON.stringify({ response: `line ${index + 1} ${padding}` }));
  lines[99] = JSON.stringify({ response: '{"line":100}', encoding: "jcs" });
  lines[499] = "{not json";
  await writeFile(join(scratch, "outputs.jsonl"), `${lines.join("\n")}\n`);
  await expect(recordJsonl({ jsonl: "outputs.jsonl", model: modelId, out: "receipts.jsonl" }, context)).rejects.toThrow("refused by the test");

  const written = (await readFile(join(scratch, "receipts.jsonl"), "utf8")).trimEnd().split("\n");
  // reading stopped at the bad line 500: every line up to it has its output line
  expect(written).toHaveLength(500);
  const errors: number[] = [];
  for (const [index, text] of written.entries()) {
    const line = JSON.parse(text) as { line?: number; error?: string };
    if (line.error !== undefined) {
      expect(line.line).toBe(index + 1);
      errors.push(index + 1);
      continue;
    }
    // a receipt: it commits to the response of the input line at its own position
    const response = (JSON.parse(lines[index]!) as { response: string }).response;
    const result = await verifyOutput({ bundle: JSON.parse(text), response });
    expect(result.checks.filter((check) => check.outcome === "fail"), `output line ${index + 1}`).toEqual([]);
    expect(result.checks.find((check) => check.name === "content")?.outcome, `output line ${index + 1}`).toBe("pass");
  }
  expect(JSON.parse(written[99]!)).toEqual({ line: 100, error: expect.stringContaining("refused by the test") });
  expect(JSON.parse(written[499]!)).toMatchObject({ line: 500 });
  // the failed group is the lines around 100 only: receipts follow it, each on its own line
  expect(errors.length).toBeLessThan(400);
  expect(errors.at(-2)).toBeLessThan(499);
});
