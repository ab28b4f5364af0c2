// buildNodesInParallel with a worker that exits while idle, between two levels (a mocked worker: a real one cannot be made to stop there).
import { keccak256, toHex } from "viem";
import { describe, expect, test, vi } from "vitest";

// a worker thread that starts, says "ready", answers its first range, then stops (exit code 1) while idle, as a
// worker killed between two levels would; later messages go nowhere, as postMessage to an exited worker does
vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  const { EventEmitter } = await import("node:events");
  class IdleExitWorker extends EventEmitter {
    #exited = false;
    constructor() {
      super();
      setTimeout(() => this.emit("message", "ready"), 10);
    }
    postMessage({ from, to }: { from: number; to: number }) {
      if (this.#exited) return;
      void from;
      void to;
      // no real hashing: answer, then exit while idle
      setTimeout(() => {
        this.emit("message", "hashed");
        this.#exited = true;
        setTimeout(() => this.emit("exit", 1), 5);
      }, 5);
    }
    async terminate() {
      return 1;
    }
  }
  return { ...original, Worker: IdleExitWorker };
});

const { buildNodesInParallel } = await import("./buildNodesInParallel.js");
const { loadMerkleHasher } = await import("../../hashing/loadMerkleHasher.js");

describe("buildNodesInParallel, a worker that exits between levels", () => {
  test("settles (rejects, so the caller falls back) instead of waiting forever", async () => {
    // 40,000 leaves: two levels wide enough to split (19,999 then 10,000 nodes)
    const count = 40_000;
    const leaves = new Uint8Array(count * 32);
    for (let i = 0; i < count; i++) leaves.set(keccak256(toHex(`leaf ${i}`), "bytes"), i * 32);
    const built = buildNodesInParallel({ leaves, leafCount: count, order: undefined, hash: await loadMerkleHasher() }).then(
      () => "resolved",
      () => "rejected",
    );
    const outcome = await Promise.race([built, new Promise((resolve) => setTimeout(() => resolve("still waiting after 10 s"), 10_000))]);
    expect(outcome).not.toBe("still waiting after 10 s");
  });
});
