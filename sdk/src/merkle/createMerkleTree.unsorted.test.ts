import { expect, test } from "vitest";
import { ozMismatches } from "./test-helpers/ozMismatches.js";
import { proofSample } from "./test-helpers/proofSample.js";
import { seededLeaves } from "./test-helpers/seededLeaves.js";

// Split from createMerkleTree.test.ts so the two thousand-tree comparisons run in parallel workers.
test("createMerkleTree equals SimpleMerkleTree.of with sortLeaves: false for every size from 1 to 1000", async () => {
  const mismatches: string[] = [];
  for (let n = 1; n <= 1000; n++)
    mismatches.push(...(await ozMismatches({ leaves: seededLeaves(1_000_000 + n, n), sortLeaves: false, proofInputIndices: proofSample(n) })));
  expect(mismatches).toEqual([]);
});
