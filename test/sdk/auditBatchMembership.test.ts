// The attack review's batch-level findings (issue 9), against the lab's own pipeline on Hardhat's in-process chain:
// a reordered copy of the lab's manifest served under its anchored URI, and a rival anchoring the lab's root as its own.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { anchorBatch } from "../../sdk/src/actions/anchorBatch.js";
import { auditBundle } from "../../sdk/src/audit/auditBundle.js";
import { auditManifest } from "../../sdk/src/audit/auditManifest.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { type AttestFixture, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "../pipeline/labPipeline.js";

const responses = ["one", "two", "three", "four", "five"];
let fixture: AttestFixture;
let lab: Awaited<ReturnType<typeof labPipeline>>;
let honest: { format: string; chainId: number; contract: string; publisher: string; root: string; sortLeaves: boolean; leaves: string[] };
let manifestUri: string;
let bundles: string[];

beforeAll(async () => {
  fixture = await loadFixture(deployAttestFixture);
  lab = await labPipeline(fixture);
  const receipts = [];
  for (const response of responses) receipts.push(await lab.recorder.record({ modelId: fixture.labModelId, response }));
  await lab.anchor();
  const dir = join(lab.dir, "manifests");
  const [file] = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  honest = JSON.parse(await readFile(join(dir, file!), "utf8"));
  manifestUri = (await lab.store.getBatch(1))!.manifestUri!;
  bundles = [];
  for (const receipt of receipts) bundles.push(serializeBundle((await getProofBundle({ store: lab.store, recordId: Number(receipt.recordId) }))!) as string);
  return () => lab.store.close();
}, 120_000);

const auditAll = async (manifest: Parameters<typeof auditBundle>[0]["manifest"]) =>
  Promise.all(bundles.map((bundle, index) => auditBundle({ bundle, response: responses[index], manifest, client: fixture.publicClient })));

test("the lab's manifest is in the canonical order, audits valid, and every honest bundle is valid with its leaf at its leafIndex", async () => {
  expect(honest.sortLeaves).toBe(true);
  expect([...honest.leaves].sort()).toEqual(honest.leaves);
  expect(new Set(honest.leaves).size).toBe(honest.leaves.length);
  const { result, manifest } = await auditManifest({ manifest: JSON.stringify(honest), client: fixture.publicClient, manifestUri });
  expect(result).toMatchObject({ valid: true, unchecked: [] });
  expect((await auditAll(manifest!)).map((audited) => audited.status)).toEqual(responses.map(() => "valid"));
});

test("a reordered copy under the anchored URI (same root, same count) is malformed-manifest, so it never calls the lab's bundles invalid", async () => {
  const leaves = [...honest.leaves];
  [leaves[0], leaves[1]] = [leaves[1]!, leaves[0]!];
  expect((await createMerkleTree(leaves as `0x${string}`[], { sortLeaves: false })).root).toBe(honest.root);
  const { result, manifest } = await auditManifest({ manifest: JSON.stringify({ ...honest, sortLeaves: false, leaves }), client: fixture.publicClient, manifestUri });
  expect(manifest).toBeNull();
  expect(result).toMatchObject({ valid: false, reason: "malformed-manifest", readAt: null, issues: [{ path: "sortLeaves" }] });
  expect(result.checks[0]!.message).toContain("an audit requires the canonical order");
});

test("a bundle whose leafIndex was moved is leaf-index-mismatch against the canonical manifest", async () => {
  const { manifest } = await auditManifest({ manifest: JSON.stringify(honest), client: fixture.publicClient, manifestUri });
  const moved = JSON.parse(bundles[0]!);
  const at: number = moved.anchor.leafIndex;
  moved.anchor.leafIndex = (at + 1) % responses.length;
  const audited = await auditBundle({ bundle: JSON.stringify(moved), response: responses[0], manifest: manifest!, client: fixture.publicClient });
  expect(audited).toMatchObject({ status: "invalid", reason: "leaf-index-mismatch", message: `The bundle's leaf is at index ${at} of the manifest, not at its leafIndex ${moved.anchor.leafIndex}.` });
});

test("a rival anchoring the lab's root as its own gets a valid audit of its own batch, and none of the lab's bundles counts in it", async () => {
  const rivalUri = "https://rival.example/m.json";
  await anchorBatch(fixture.rivalAnchorer, { contract: fixture.attest.address, root: honest.root as `0x${string}`, count: honest.leaves.length, uri: rivalUri });
  const { result, manifest } = await auditManifest({ manifest: JSON.stringify({ ...honest, publisher: fixture.addr.rival }), client: fixture.publicClient, manifestUri: rivalUri });
  expect(result).toMatchObject({ valid: true, manifest: { publisher: fixture.addr.rival } });
  for (const audited of await auditAll(manifest!)) {
    expect(audited).toMatchObject({ status: "skipped", skip: "other-publisher", root: honest.root });
    expect(audited.message).toBe(`Of publisher ${fixture.addr.lab}, not the audited batch's ${fixture.addr.rival}: not a member, even with the same root.`);
  }
});
