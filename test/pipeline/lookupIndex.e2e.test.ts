// The provenance index through the CLI against a real JSON-RPC node: `aiattest record` and `record --jsonl` with
// AIATTEST_LOOKUP_SECRET key every output; without it, outputs are not indexed; the secret is in no output or file.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { encodeContent, hashContent } from "../../sdk/src/hashing/hashContent.js";
import { lookupKeysOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { lookupTagOf } from "../../sdk/src/lookup/lookupTagOf.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { startLabBehindProxy } from "./helpers/startLabBehindProxy.js";

let lab: Awaited<ReturnType<typeof startLabBehindProxy>>["lab"];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ lab, stop } = await startLabBehindProxy()), 180_000);
afterAll(() => stop?.());

const secret: Hex = `0x${"d1".repeat(8)}${"e2".repeat(8)}${"f3".repeat(16)}`;

test("record and record --jsonl with AIATTEST_LOOKUP_SECRET index every output; without it, not indexed", async () => {
  const env = { AIATTEST_LOOKUP_SECRET: secret };
  await lab.writeText("one.txt", "Cafe\u0301 au lait.\n");
  const one = await lab.run(["record", "--model", lab.modelId, "--response", "one.txt", "--json"], { env });
  expect(one.code).toBe(0);
  await lab.writeText("many.jsonl", `${JSON.stringify({ response: "first  line" })}\n${JSON.stringify({ response: "second" })}\n`);
  const many = await lab.run(["record", "--jsonl", "many.jsonl", "--model", lab.modelId], { env });
  expect(many.code).toBe(0);
  const plain = await lab.run(["record", "--model", lab.modelId, "--response", "one.txt", "--json"]);
  expect(plain.code).toBe(0);
  for (const output of [one, many, plain]) expect(`${output.stdout}${output.stderr}`).not.toContain(secret.slice(2, 34));

  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    expect(await store.listLookupSecrets()).toEqual([{ id: 1, fingerprint: lookupSecretFingerprint(secret), createdAt: expect.any(Number), records: 3 }]);
    expect(await store.countNotIndexed()).toBe(1);
    for (const [sample, isExact] of [
      ["Cafe\u0301 au lait.\n", true],
      ["Café au lait.", false],
      ["first line", false],
      ["second", true],
    ] as const) {
      const keys = lookupKeysOf({ secret, bytes: encodeContent({ content: sample, encoding: "utf8" }) });
      const candidates = await store.findLookupCandidates([lookupTagOf(keys.exact), lookupTagOf(keys.normalized)], { perTag: 10 });
      const exact = candidates.filter((c) => c.kind === "exact" && hashContent({ salt: c.responseSalt, content: sample, encoding: c.encoding }) === c.responseHash);
      const normalized = candidates.filter((c) => c.kind === "normalized" && c.mac === keys.normalized);
      expect([sample, exact.length, normalized.length]).toEqual([sample, isExact ? 1 : 0, 1]);
    }
  } finally {
    await store.close();
  }
  const dir = join(lab.env.AIATTEST_DB!, "..");
  for (const file of await readdir(dir)) {
    if (!file.startsWith("lab.db") && !file.endsWith(".json")) continue;
    const content = await readFile(join(dir, file));
    expect(content.includes(Buffer.from(secret.slice(2), "hex")), file).toBe(false);
    expect(content.includes(Buffer.from(secret.slice(2))), file).toBe(false);
  }
});
