// Where no worker thread can start (Node's permission model without --allow-worker, a thread limit): the tree and a large manifest are written on this thread.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex } from "viem";
import { describe, expect, test, vi } from "vitest";

// a process where worker threads cannot start (Node's permission model without --allow-worker throws
// ERR_ACCESS_DENIED from the constructor; so does a thread/memory limit reached: ERR_WORKER_INIT_FAILED)
vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  class NoWorker {
    constructor() {
      throw Object.assign(new Error("Access to this API has been restricted"), { code: "ERR_ACCESS_DENIED" });
    }
  }
  return { ...original, Worker: NoWorker };
});

const { createMerkleTree } = await import("../../merkle/createMerkleTree.js");
const { createMerkleTreeInParallel } = await import("../../merkle/createMerkleTreeInParallel.js");
const { serializeManifest } = await import("../../merkle/serializeManifest.js");
const { startManifestWrite } = await import("./writeManifest.js");

const meta = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;

describe("no worker threads", () => {
  test("the tree still builds (its worker falls back to this thread), and so does a 5 MB manifest", async () => {
    const count = 70_000;
    const leaves = new Uint8Array(count * 32);
    for (let i = 0; i < count; i++) leaves.set(keccak256(toHex(`leaf ${i}`), "bytes"), i * 32);
    const tree = await createMerkleTreeInParallel(leaves);
    expect(tree.root).toBe((await createMerkleTree(leaves)).root);
    const dir = await mkdtemp(join(tmpdir(), "aiattest-noworker-"));
    const { durable } = startManifestWrite({ tree, meta, dir });
    const outcome = await durable.then(() => "written", (error: Error) => `failed: ${error.message}`);
    expect(outcome).toBe("written");
    expect((await readFile(join(dir, `${tree.root}.json`))).equals(Buffer.from(serializeManifest(tree, meta)))).toBe(true);
  });
});
