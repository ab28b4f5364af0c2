// aiattest lookup's outputs never write over its corpus (the attack review of issue 12: --out naming the corpus
// emptied it before it was read; --out inside a corpus folder was read back, and the run never ended).
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hash, type Hex, keccak256, toHex, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { lookup } from "../../sdk/src/cli/commands/lookup.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { encodeContent, hashContent } from "../../sdk/src/hashing/hashContent.js";
import { lookupKeysOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-lookup-outputs-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const secret: Hex = `0x${"3c".repeat(32)}`;
const modelId: Hash = keccak256(toHex("atlas 1.0"));
const db = join(scratch, "lab.db");
const text = "The capital of France is Paris.";

beforeAll(async () => {
  const store = await openSqliteStore({ path: db });
  try {
    await store.bindDeployment({ chainId: 31337, contract: `0x${"33".repeat(20)}`, publisher: `0x${"11".repeat(20)}` });
    await store.putModel({ modelId, publisher: `0x${"11".repeat(20)}`, name: "atlas", version: "1.0" });
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(secret));
    const responseSalt: Hash = keccak256(toHex("salt"));
    const keys = lookupKeysOf({ secret, bytes: encodeContent({ content: text, encoding: "utf8" }) });
    await store.insertRecords([
      {
        modelId,
        requestHash: zeroHash,
        responseHash: hashContent({ salt: responseSalt, content: text }),
        timestamp: 1_767_225_600n,
        encoding: "utf8" as const,
        responseSalt,
        requestSalt: null,
        signer: `0x${"22".repeat(20)}`,
        signature: `0x${"ab".repeat(64)}1b`,
        leaf: keccak256(toHex("leaf")),
        lookup: { secretId, exact: keys.exact, normalized: keys.normalized },
      },
    ]);
  } finally {
    await store.close();
  }
});

function contextOf(): CommandContext {
  const logger = createLogger({ json: false, stdout: { write: () => true }, stderr: { write: () => true } });
  return { env: { AIATTEST_DB: db, AIATTEST_LOOKUP_SECRET: secret }, cwd: scratch, logger };
}

const refused = (run: Promise<unknown>) =>
  run.then(
    () => null,
    (error: Error) => ({ exitCode: exitCodeOf(error), message: error.message }),
  );

describe("aiattest lookup: outputs over the corpus are refused before anything is opened", () => {
  test("--out, --report or --bundles naming the corpus file (or a link to it): exit 2, the corpus as it was", async () => {
    const corpus = `${text}\nsomething else\n`;
    await writeFile(join(scratch, "dataset.txt"), corpus);
    await symlink(join(scratch, "dataset.txt"), join(scratch, "alias.txt"));
    for (const options of [{ out: "dataset.txt" }, { report: "./dataset.txt" }, { out: "alias.txt" }, { bundles: "." }]) {
      const outcome = await refused(lookup({ corpus: "dataset.txt", ...options }, contextOf()));
      expect(outcome, JSON.stringify(options)).toMatchObject({ exitCode: 2, message: expect.stringContaining("would write over the corpus (dataset.txt)") });
      expect(await readFile(join(scratch, "dataset.txt"), "utf8")).toBe(corpus);
    }
  });

  test("an output inside a corpus folder: exit 2 at once, nothing written there; outside it the run finds its match", async () => {
    const folder = join(scratch, "shards");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "a.jsonl"), `${JSON.stringify({ sample: text })}\n`.repeat(50));
    for (const options of [{ out: "shards/z-matches.jsonl" }, { report: "shards/report.html" }, { bundles: "shards/evidence" }]) {
      const outcome = await refused(lookup({ corpus: "shards", field: "sample", ...options }, contextOf()));
      expect(outcome, JSON.stringify(options)).toMatchObject({ exitCode: 2, message: expect.stringContaining("would write over the corpus (shards)") });
    }
    expect(await readdir(folder)).toEqual(["a.jsonl"]);
    const result = await lookup({ corpus: "shards", field: "sample", out: "matches.jsonl" }, contextOf());
    expect(result).toMatchObject({ samples: 50, exact: 50 });
  });
});

describe("aiattest lookup: exit 1 means no match only", () => {
  test("a --bundles path that is a file, or a corpus that cannot be read, is exit 2 naming the problem", async () => {
    await writeFile(join(scratch, "one.txt"), `${text}\n`);
    await writeFile(join(scratch, "not-a-folder"), "x");
    expect(await refused(lookup({ corpus: "one.txt", bundles: "not-a-folder" }, contextOf()))).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("aiattest lookup stopped before the end of the corpus"),
    });
    // a file that exists and cannot be read (EIO): not "no match"
    expect(await refused(lookup({ corpus: "/proc/self/mem" }, contextOf()))).toMatchObject({ exitCode: 2 });
  });
});

test("a symbolic link already in the bundles folder is replaced by the bundle's file, never followed out of it", async () => {
  const outside = join(scratch, "outside-victim.txt");
  await writeFile(outside, "precious\n");
  const bundles = join(scratch, "bundles");
  await mkdir(bundles, { recursive: true });
  await symlink(outside, join(bundles, "1.response.txt"));
  await writeFile(join(scratch, "one-more.txt"), `${text}\n`);
  const result = await lookup({ corpus: "one-more.txt", bundles: "bundles" }, contextOf());
  expect(result.bundles?.written).toBe(1);
  expect(await readFile(outside, "utf8")).toBe("precious\n");
  expect(await readFile(join(bundles, "1.response.txt"), "utf8")).toBe(text);
  expect((await readdir(bundles)).sort()).toEqual(["1.json", "1.response.txt"]);
});
