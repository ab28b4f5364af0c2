import fc from "fast-check";
import { keccak256, zeroHash, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { digestOf, leafOf, outputArbitrary, type Output } from "../helpers/outputs.js";

const MAX_BYTES32: Hex = `0x${"ff".repeat(32)}`;
const EDGE_OUTPUTS: Output[] = [
  { modelId: zeroHash, requestHash: zeroHash, responseHash: zeroHash, timestamp: 0n },
  { modelId: MAX_BYTES32, requestHash: MAX_BYTES32, responseHash: MAX_BYTES32, timestamp: 2n ** 64n - 1n },
];
const RANDOM_OUTPUTS: Output[] = [...EDGE_OUTPUTS, ...fc.sample(outputArbitrary, { numRuns: 220, seed: 712 })];

describe("outputDigest", () => {
  test(`equals viem's hashTypedData for ${RANDOM_OUTPUTS.length} random and edge outputs`, async () => {
    const { attest, domain } = await loadFixture(deployAttestFixture);

    const onChain = await Promise.all(RANDOM_OUTPUTS.map((output) => attest.read.outputDigest([output])));

    expect(onChain).toEqual(RANDOM_OUTPUTS.map((output) => digestOf(domain, output)));
    expect(new Set(onChain).size).toBe(RANDOM_OUTPUTS.length);
  });

});

describe("outputLeaf", () => {
  test(`is keccak256 of the 32-byte digest for ${RANDOM_OUTPUTS.length} random and edge outputs`, async () => {
    const { attest, domain } = await loadFixture(deployAttestFixture);

    const [digests, leaves] = await Promise.all([
      Promise.all(RANDOM_OUTPUTS.map((output) => attest.read.outputDigest([output]))),
      Promise.all(RANDOM_OUTPUTS.map((output) => attest.read.outputLeaf([output]))),
    ]);

    expect(leaves).toEqual(digests.map((digest) => keccak256(digest)));
    expect(leaves).toEqual(RANDOM_OUTPUTS.map((output) => leafOf(domain, output)));
  });
});
