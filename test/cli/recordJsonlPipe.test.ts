import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { custom } from "viem";
import { afterAll, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { modelRegister } from "../../sdk/src/cli/commands/modelRegister.js";
import { recordJsonl } from "../../sdk/src/cli/commands/recordJsonl.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-jsonl-pipe-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test("record --jsonl from a pipe (a FIFO, as `<(…)` gives): every line is recorded, read once, with no total to count first", async () => {
  const { provider } = await network.connect();
  const env = { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher, AIATTEST_SIGNER_KEY: hardhatKeys.signer, AIATTEST_DB: join(scratch, "lab.db") };
  const base: CommandContext = { env, cwd: scratch, transport: custom(provider) };
  const { contract } = await deploy({}, base);
  const context: CommandContext = { ...base, env: { ...env, AIATTEST_CONTRACT: contract } };
  const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, context);
  await keyAdd({ role: "signer" }, context);

  const fifo = join(scratch, "outputs.fifo");
  execFileSync("mkfifo", [fifo]);
  // the writer opens the FIFO when the command opens it for reading; counting its lines first would consume them
  const writer = createWriteStream(fifo);
  writer.end(['{"response":"a"}', '{"response":"b"}', '{"response":"c"}'].join("\n") + "\n");

  const result = await recordJsonl({ jsonl: fifo, model: modelId, out: "receipts.jsonl" }, context);
  expect(result.recorded).toBe(3);
  const receipts = (await readFile(join(scratch, "receipts.jsonl"), "utf8")).trimEnd().split("\n");
  expect(receipts.map((line) => (JSON.parse(line) as { recordId: string }).recordId)).toEqual(["1", "2", "3"]);
});
