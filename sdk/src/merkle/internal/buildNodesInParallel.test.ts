// buildNodesInParallel when this thread fails mid-level: the worker's answer must not become an unhandled rejection.
import { keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { loadMerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { buildNodesInParallel } from "./buildNodesInParallel.js";

function leavesOf(count: number): Uint8Array {
  const leaves = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) leaves.set(keccak256(toHex(`leaf ${i}`), "bytes"), i * 32);
  return leaves;
}

describe("buildNodesInParallel failure modes", () => {
  test("this thread's hashing throws while the worker hashes its half: the worker's pending promise must not become an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    // vitest installs its own listener; ours only records
    process.on("unhandledRejection", onUnhandled);
    try {
      const real = await loadMerkleHasher();
      let calls = 0;
      // this thread's hash fails part way through the first split level (e.g. hash-wasm's memory cannot grow)
      const hash = (data: Uint8Array) => {
        if (++calls === 3_000) throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
        return real(data);
      };
      const count = 20_000;
      await expect(buildNodesInParallel({ leaves: leavesOf(count), leafCount: count, order: undefined, hash })).rejects.toThrow(RangeError);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled.map((reason) => String(reason))).toEqual([]);
  });
});
