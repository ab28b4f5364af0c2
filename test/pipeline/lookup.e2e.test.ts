import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Hex, createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseBundleOrThrow } from "../../sdk/src/bundle/parseBundle.js";
import { openStore } from "../../sdk/src/cli/openStore.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { hardhatKeys } from "../cli/helpers/attestChainFixture.js";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { labOverRpc } from "./helpers/labOverRpc.js";

const lookupSecret: Hex = `0x${"5e".repeat(16)}${"c7".repeat(16)}`;
const wrongSecret: Hex = `0x${"0b".repeat(32)}`;
const outputCount = 10_000;
const foreignCount = 100_000;
const variantsEach = 500;

let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
let lab: Awaited<ReturnType<typeof labOverRpc>>;
beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
}, 180_000);
afterAll(() => node?.stop());

/** A seeded generator (mulberry32): the same corpus every run, so a failure replays. */
function randomOf(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const words = ["the", "café", "naïve", "résumé", "model", "answer", "東京", "über", "data", "proof", "señor", "light", "river", "Zoë", "whole", "net"];

function textOf(random: () => number, label: string): string {
  const length = 8 + Math.floor(random() * 24);
  const parts = [label];
  for (let index = 0; index < length; index++) parts.push(words[Math.floor(random() * words.length)]!);
  // some outputs span lines, and some hold a backslash: the corpus's escapes must carry both
  if (random() < 0.1) parts.push("\nSecond line,\twith a tab.");
  if (random() < 0.05) parts.push("C:\\path\\to");
  return parts.join(" ");
}

/** A sample as one corpus line, by the escape convention `aiattest lookup` documents. */
function escapeLine(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\r", "\\r").replaceAll("\t", "\\t");
}

test("lookup finds every exact and normalized output in a 110,000-line corpus and no foreign, truncated or edited line; every bundle verifies", { timeout: 300_000 }, async () => {
  const random = randomOf(12);
  const outputs = Array.from({ length: outputCount }, (_, index) => textOf(random, `Output ${index}:`));

  // record through the real recorder, keyed with the lookup secret, then anchor once through the CLI
  const client = createPublicClient({ transport: http(node!.rpcUrl) });
  const store = await openStore(lab.env.AIATTEST_DB!);
  let ids: number[];
  try {
    const recorder = await createRecorder({ store, signer: privateKeyToAccount(hardhatKeys.signer), deployment: { chainId: 31337, contract: lab.contract, publisher: lab.publisher }, client, lookupSecret });
    ids = (await Promise.all(outputs.map((response) => recorder.record({ modelId: lab.modelId, response })))).map((receipt) => Number(receipt.recordId));
    recorder.close();
  } finally {
    await store.close();
  }
  const anchored = await lab.json(["anchor"]);
  expect(anchored).toMatchObject({ status: "done", anchored: outputCount });

  // the corpus: every output as is, variants of some, and foreign lines, shuffled
  type Expected = { kind: "exact" | "normalized" | "none"; recordId: number | null; text: string };
  const lines: Expected[] = outputs.map((text, index) => ({ kind: "exact", recordId: ids[index]!, text }));
  for (let index = 0; index < variantsEach; index++) {
    const pick = (offset: number) => (index * 4 + offset) % outputCount;
    lines.push({ kind: "normalized", recordId: ids[pick(0)]!, text: `  ${outputs[pick(0)]!.replaceAll(" ", " \t ")}\u00a0` });
    const composed = outputs[pick(1)]!;
    // only a text whose NFD differs is a variant at all
    if (composed.normalize("NFD") !== composed) lines.push({ kind: "normalized", recordId: ids[pick(1)]!, text: composed.normalize("NFD") });
    lines.push({ kind: "none", recordId: null, text: outputs[pick(2)]!.slice(0, -3) });
    const edited = outputs[pick(3)]!;
    const at = Math.floor(edited.length / 2);
    lines.push({ kind: "none", recordId: null, text: `${edited.slice(0, at)}${edited[at] === "x" ? "y" : "x"}${edited.slice(at + 1)}` });
  }
  for (let index = 0; index < foreignCount; index++) lines.push({ kind: "none", recordId: null, text: textOf(random, `Foreign ${index}:`) });
  for (let index = lines.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [lines[index], lines[other]] = [lines[other]!, lines[index]!];
  }
  await writeFile(join(lab.cwd, "corpus.txt"), `${lines.map((line) => escapeLine(line.text)).join("\n")}\n`);

  const env = { AIATTEST_LOOKUP_SECRET: lookupSecret };
  const started = performance.now();
  const run = await lab.run(["lookup", "--corpus", "corpus.txt", "--out", "matches.jsonl", "--bundles", "evidence", "--report", "report.html", "--json"], { env });
  const seconds = (performance.now() - started) / 1000;
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout);
  const expectedExact = lines.filter((line) => line.kind === "exact").length;
  const expectedNormalized = lines.filter((line) => line.kind === "normalized").length;
  expect(summary).toMatchObject({ samples: lines.length, exact: expectedExact, normalized: expectedNormalized, notIndexed: 0, bundles: { written: outputCount, anchored: outputCount } });
  expect(summary.models).toEqual([expect.objectContaining({ modelId: lab.modelId, name: "atlas", version: "1.0", exact: expectedExact, normalized: expectedNormalized })]);

  // every match against what the corpus holds, line by line
  const found = (await readFile(join(lab.cwd, "matches.jsonl"), "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line));
  let truePositives = 0;
  let falsePositives = 0;
  for (const match of found) {
    const expected = lines[match.line - 1]!;
    if (expected.kind === match.kind && expected.recordId === match.recordId && expected.text === match.sample) truePositives++;
    else falsePositives++;
  }
  const expectedMatches = expectedExact + expectedNormalized;
  const precision = truePositives / (truePositives + falsePositives);
  const recall = truePositives / expectedMatches;
  console.log(`lookup: ${lines.length} samples in ${seconds.toFixed(1)} s (${Math.round(lines.length / seconds)} samples/s with ${outputCount} bundles and a report); precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (${expectedExact} exact, ${expectedNormalized} normalized expected)`);
  expect(falsePositives).toBe(0);
  expect(truePositives).toBe(expectedMatches);
  expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });

  // every bundle verifies against its exact text: all offline, some on chain in process and some with `aiattest verify`
  const files = await readdir(join(lab.cwd, "evidence"));
  const bundleFiles = files.filter((file) => /^\d+\.json$/.test(file));
  expect(bundleFiles).toHaveLength(outputCount);
  expect(files).toHaveLength(2 * outputCount);
  for (const [index, file] of bundleFiles.entries()) {
    const text = await readFile(join(lab.cwd, "evidence", file), "utf8");
    expect(text.toLowerCase()).not.toContain(lookupSecret.slice(2));
    const bundle = parseBundleOrThrow(text);
    const response = await readFile(join(lab.cwd, "evidence", file.replace(".json", ".response.txt")));
    expect(response.toString("utf8")).toBe(outputs[ids.indexOf(Number(bundle.recordId))]);
    const result = await verifyOutput({ bundle, response, ...(index % 500 === 0 ? { client } : {}) });
    expect(result.checks.filter((check) => check.outcome === "fail"), file).toEqual([]);
    expect(result.valid).toBe(true);
  }
  for (const file of bundleFiles.slice(0, 3)) {
    const verified = await lab.run(["verify", "--bundle", join("evidence", file), "--response", join("evidence", file.replace(".json", ".response.txt")), "--json"]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, status: "anchored", mode: "online" });
  }

  // the report names every kind and draws its chart
  const report = await readFile(join(lab.cwd, "report.html"), "utf8");
  expect(report).toContain("<svg");
  expect(report).not.toMatch(/<script/i);

  // a wrong secret and no secret find nothing and say why
  const wrong = await lab.run(["lookup", "--corpus", "corpus.txt"], { env: { AIATTEST_LOOKUP_SECRET: wrongSecret } });
  expect(wrong.code).toBe(2);
  expect(wrong.stdout).toBe("");
  expect(wrong.stderr).toContain("The index was built with other lookup secret(s)");
  expect(wrong.stderr).toContain(`${outputCount} record(s) keyed with it`);
  const missing = await lab.run(["lookup", "--corpus", "corpus.txt"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("No index without AIATTEST_LOOKUP_SECRET");
  const plainStarted = performance.now();
  const human = await lab.run(["lookup", "--corpus", "corpus.txt", "--out", "matches-2.jsonl"], { env });
  console.log(`lookup without --bundles and --report: ${lines.length} samples in ${((performance.now() - plainStarted) / 1000).toFixed(1)} s (process start included)`);
  expect(human.code).toBe(0);
  expect(human.stdout).toContain(`${expectedExact.toLocaleString("en-US")} exact match(es)`);

  // the secret is in no output, log, error or file but the settings (the bundles were checked above)
  const outputsSeen = [run.stdout, run.stderr, wrong.stdout, wrong.stderr, missing.stdout, missing.stderr, human.stdout, human.stderr, report, await readFile(join(lab.cwd, "matches.jsonl"), "utf8")];
  for (const text of outputsSeen) {
    expect(text.toLowerCase()).not.toContain(lookupSecret.slice(2));
    expect(text.toLowerCase()).not.toContain(wrongSecret.slice(2));
  }
});
