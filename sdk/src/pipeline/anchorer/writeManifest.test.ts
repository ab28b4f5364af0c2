import { mkdir, mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { createMerkleTree } from "../../merkle/createMerkleTree.js";
import { serializeManifest } from "../../merkle/serializeManifest.js";
import { createMerkleTreeInParallel } from "../../merkle/createMerkleTreeInParallel.js";
import { manifestFrameOf } from "../../merkle/serializeManifest.js";
import { startManifestWrite, writeInWorker, writeManifest } from "./writeManifest.js";

const meta = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;

async function treeOf(count: number) {
  const leaves = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) leaves.set(keccak256(toHex(`leaf ${i}`), "bytes"), i * 32);
  return createMerkleTree(leaves);
}

describe("writeManifest", () => {
  // 70,000 leaves: a 5 MB manifest, written by the worker thread; 3 leaves: on this thread
  test.each([3, 70_000])("%i leaves: the file holds serializeManifest's bytes once durable, no temp file is left, and the URI names it", async (count) => {
    const dir = join(await mkdtemp(join(tmpdir(), "aiattest-manifest-")), "manifests");
    const tree = await treeOf(count);
    const expected = serializeManifest(tree, meta);
    const { uri, durable } = startManifestWrite({ tree, meta, dir });
    await durable;
    expect((await readFile(join(dir, `${tree.root}.json`))).equals(Buffer.from(expected))).toBe(true);
    expect(await readdir(dir)).toEqual([`${tree.root}.json`]);
    expect(uri).toBe(`file://${join(dir, `${tree.root}.json`)}`);
    expect(await writeManifest({ tree, meta, dir, baseUrl: "https://lab.example/batches/" })).toBe(`https://lab.example/batches/${tree.root}.json`);
  });
  test.each([3, 70_000])("%i leaves: a write that fails (a folder where the file goes) rejects `durable`, naming why", async (count) => {
    const dir = await mkdtemp(join(tmpdir(), "aiattest-manifest-"));
    const tree = await treeOf(count);
    await mkdir(join(dir, `${tree.root}.json`));
    const { durable } = startManifestWrite({ tree, meta, dir });
    await expect(durable).rejects.toThrow(/EISDIR|directory/i);
  });
  test("the worker itself makes the same bytes, from a tree in shared memory (two threads) or not (no fallback here)", async () => {
    for (const tree of [await treeOf(70_000), await createMerkleTreeInParallel(await treeOf(70_000).then((t) => t.nodes.slice((t.leafCount - 1) * 32)), { minLeaves: 1 })]) {
      const dir = await mkdtemp(join(tmpdir(), "aiattest-manifest-"));
      const path = join(dir, `${tree.root}.json`);
      await writeInWorker(path, tree, manifestFrameOf(tree, meta));
      expect((await readFile(path)).equals(Buffer.from(serializeManifest(tree, meta)))).toBe(true);
    }
  });
});
