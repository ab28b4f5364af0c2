// aiattest lookup on a PostgreSQL store, as a process: the same command, matches and bundles as on SQLite
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseBundleOrThrow } from "../../sdk/src/bundle/parseBundle.js";
import { hashContent } from "../../sdk/src/hashing/hashContent.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";
import { keyedRecordOf } from "../helpers/keyedRecordOf.js";
import { spawnCli } from "../pipeline/helpers/spawnCli.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-lookup-pg-"));
const secret: Hex = `0x${"6b".repeat(32)}`;
const modelId: Hash = keccak256(toHex("atlas 1.0"));
const publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const texts = ["The capital of France is Paris.", "Caf\u00e9 au lait,\nplease.", "I cannot help with that.", "I cannot help with that.", "I cannot help with that."];
let server: EmbeddedPostgresServer;
let db: string;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  db = await server.createDatabase();
  const store = await openPostgresStore({ url: db });
  try {
    await store.bindDeployment({ chainId: 31_337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher });
    await store.putModel({ modelId, publisher, name: "atlas", version: "1.0" });
    const secretId = await store.registerLookupSecret(lookupSecretFingerprint(secret));
    await store.insertRecords(
      texts.map((text, index) => keyedRecordOf({ text, index, modelId, lookup: { secret, secretId } })),
    );
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

test("matches, a capped refusal and bundles of exact matches, read from PostgreSQL", async () => {
  const corpus = ["foreign line", texts[0], "Cafe\u0301 au   lait, please.", texts[2], texts[1]!.replace("\n", "\\n")].join("\n");
  await writeFile(join(scratch, "corpus.txt"), `${corpus}\n`);
  const run = await spawnCli(["lookup", "--corpus", "corpus.txt", "--out", "matches.jsonl", "--bundles", "evidence", "--max-records-per-sample", "2", "--json"], {
    cwd: scratch,
    env: { AIATTEST_DB: db, AIATTEST_LOOKUP_SECRET: secret },
  }).done;
  expect(run.stderr).not.toContain(secret.slice(2));
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ samples: 5, exact: 4, normalized: 1, capped: 1, maxRecordsPerSample: 2, notIndexed: 0, bundles: { written: 4, anchored: 0 } });
  const matches = (await readFile(join(scratch, "matches.jsonl"), "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { line: number; kind: string; recordId: number; bundle?: string; response?: string });
  expect(matches.map(({ line, kind }) => `${line} ${kind}`)).toEqual(["2 exact", "3 normalized", "4 exact", "4 exact", "5 exact"]);
  expect(matches.filter(({ line }) => line === 4).every(({ recordId }) => recordId >= 3 && recordId <= 5)).toBe(true);
  // every exact match's bundle proves its written text: the salted hash of the response file is the bundle's
  for (const { kind, bundle, response } of matches) {
    if (kind !== "exact") continue;
    const proof = parseBundleOrThrow(JSON.parse(await readFile(bundle!, "utf8")));
    expect(hashContent({ salt: proof.content.responseSalt, content: await readFile(response!, "utf8") })).toBe(proof.output.responseHash);
  }
}, 60_000);
