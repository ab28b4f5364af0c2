import { readdir, readFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, keccak256, stringToBytes, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, test } from "vitest";
import { serializeBundle } from "../bundle/serializeBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { encodeContent, hashContent } from "../hashing/hashContent.js";
import { lookupKeysOf } from "../lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../lookup/lookupSecretFingerprint.js";
import { lookupTagOf } from "../lookup/lookupTagOf.js";
import { openSqliteStore } from "../store/openSqliteStore.js";
import type { Store } from "../store/Store.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { createRecorder } from "./createRecorder.js";

const signer = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: signer.address } as const;
const model = { modelId: keccak256(toHex("lookup model")), publisher: signer.address, name: "m", version: "1" } as const;
const secret: Hex = `0x${"5e".repeat(16)}${"c7".repeat(16)}`;

async function openLab(): Promise<{ path: string; dir: string; store: Store }> {
  const dir = await mkdtemp(join(tmpdir(), "aiattest-lookup-"));
  const path = join(dir, "lab.db");
  const store = await openSqliteStore({ path });
  await store.putModel(model);
  return { path, dir, store };
}

/** The candidates of a sample under `secret`, confirmed as the lookup command does: exact by the salted hash, normalized by the full mac. */
async function confirmedRecords(store: Store, sample: { content: unknown; encoding: ContentEncoding }): Promise<{ exact: number[]; normalized: number[] }> {
  const bytes = encodeContent(sample);
  const keys = lookupKeysOf({ secret, bytes });
  const candidates = await store.findLookupCandidates([lookupTagOf(keys.exact), lookupTagOf(keys.normalized)], { perTag: 10 });
  const exact = candidates.filter((c) => c.kind === "exact" && c.encoding === sample.encoding && hashContent({ salt: c.responseSalt, content: sample.content, encoding: c.encoding }) === c.responseHash);
  const normalized = candidates.filter((c) => c.kind === "normalized" && c.mac === keys.normalized);
  return { exact: exact.map((c) => c.recordId).sort(), normalized: normalized.map((c) => c.recordId).sort() };
}

test("a recorder with a lookup secret indexes every output; exact and normalized copies are found, and re-checked", async () => {
  const { store } = await openLab();
  const recorder = await createRecorder({ store, signer, deployment, lookupSecret: secret });
  const plain = await recorder.record({ modelId: model.modelId, response: "  Cafe\u0301 au\u00a0lait,\n\tplease. " });
  const json = await recorder.record({ modelId: model.modelId, response: '{"b": [1, 2], "a": "x"}', encoding: "jcs" });
  const bytes = await recorder.record({ modelId: model.modelId, response: stringToBytes("Paris.") });
  recorder.close();

  expect(await confirmedRecords(store, { content: "  Cafe\u0301 au\u00a0lait,\n\tplease. ", encoding: "utf8" })).toEqual({ exact: [Number(plain.recordId)], normalized: [Number(plain.recordId)] });
  // re-wrapped and composed: only the normalized key matches
  expect(await confirmedRecords(store, { content: "Caf\u00e9 au lait, please.", encoding: "utf8" })).toEqual({ exact: [], normalized: [Number(plain.recordId)] });
  expect(await confirmedRecords(store, { content: { a: "x", b: [1, 2] }, encoding: "jcs" })).toEqual({ exact: [Number(json.recordId)], normalized: [Number(json.recordId)] });
  expect(await confirmedRecords(store, { content: "Paris.", encoding: "utf8" })).toEqual({ exact: [Number(bytes.recordId)], normalized: [Number(bytes.recordId)] });
  expect(await confirmedRecords(store, { content: "Paris!", encoding: "utf8" })).toEqual({ exact: [], normalized: [] });
  const [registered] = await store.listLookupSecrets();
  expect(registered).toMatchObject({ fingerprint: lookupSecretFingerprint(secret), records: 3 });
  expect(await store.countNotIndexed()).toBe(0);

  // a restart with the same secret keeps its id; a recorder without one records outputs that are not indexed
  const again = await createRecorder({ store, signer, deployment, lookupSecret: secret });
  await again.record({ modelId: model.modelId, response: "second run" });
  again.close();
  const without = await createRecorder({ store, signer, deployment });
  await without.record({ modelId: model.modelId, response: "not indexed" });
  without.close();
  expect(await store.listLookupSecrets()).toEqual([{ ...registered, records: 4 }]);
  expect(await store.countNotIndexed()).toBe(1);
  await store.close();
});

test("the lookup secret is in no file of the store, no receipt, and no error", async () => {
  const { dir, store } = await openLab();
  const recorder = await createRecorder({ store, signer, deployment, lookupSecret: secret });
  const receipts = await Promise.all(Array.from({ length: 20 }, (_, i) => recorder.record({ modelId: model.modelId, response: `output ${i}` })));
  recorder.close();
  await store.close();
  const raw = Buffer.from(secret.slice(2), "hex");
  const forms = [secret.slice(2), secret.slice(2).toUpperCase()];
  const files = await readdir(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const content = await readFile(join(dir, file));
    expect(content.includes(raw), file).toBe(false);
    for (const form of forms) expect(content.includes(Buffer.from(form)), file).toBe(false);
  }
  for (const receipt of receipts) {
    const text = serializeBundle(receipt);
    for (const form of forms) expect(text).not.toContain(form);
  }

  // a malformed secret is refused at start, before anything is recorded, without quoting it
  const lab = await openLab();
  const malformed = `${secret.slice(0, 64)}zz` as Hex;
  const error = await createRecorder({ store: lab.store, signer, deployment, lookupSecret: malformed }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message).toContain("lookup secret");
  expect((error as Error).message).not.toContain(malformed.slice(2, 40));
  expect(await lab.store.listLookupSecrets()).toEqual([]);
  await lab.store.close();
});
