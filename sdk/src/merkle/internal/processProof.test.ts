import { expect, test } from "vitest";
import { loadMerkleHasher } from "../../hashing/loadMerkleHasher.js";
import { processProof } from "./processProof.js";
import { ozTreeOf } from "../../../../test/helpers/merkle/ozTreeOf.js";
import { seededLeaves } from "../../../../test/helpers/merkle/seededLeaves.js";
import type { Hex } from "viem";

// Runs in its own worker: nothing here loads the WebAssembly hasher before the first test.
const leaves = seededLeaves(50, 21);
const oz = ozTreeOf(leaves, { sortLeaves: true });

test("computes OpenZeppelin's root synchronously before the WebAssembly hasher is loaded", () => {
  leaves.forEach((leaf, i) => expect(processProof(leaf, oz.getProof(i) as Hex[])).toBe(oz.root));
});

test("computes the same root once the WebAssembly hasher is loaded", async () => {
  await loadMerkleHasher();
  leaves.forEach((leaf, i) => expect(processProof(leaf, oz.getProof(i) as Hex[])).toBe(oz.root));
});

test("an empty proof leads to the leaf itself", () => {
  expect(processProof(leaves[0]!, [])).toBe(leaves[0]);
});
