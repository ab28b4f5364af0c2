import fc from "fast-check";
import { getAddress, keccak256, toHex, zeroHash, type Hex } from "viem";
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

describe("eip712Domain", () => {
  test("the domain is aiattest version 1 on this chain at this contract, with no salt or extensions", async () => {
    const { attest, publicClient } = await loadFixture(deployAttestFixture);
    expect(await attest.read.eip712Domain()).toEqual([
      "0x0f",
      "aiattest",
      "1",
      BigInt(publicClient.chain.id),
      getAddress(attest.address),
      zeroHash,
      [],
    ]);
    expect(await attest.read.DOMAIN_NAME()).toBe("aiattest");
    expect(await attest.read.DOMAIN_VERSION()).toBe("1");
  });
});

describe("KEY_AUTHORIZATION_TYPEHASH", () => {
  test("is keccak256 of the KeyAuthorization type string the interface documents", async () => {
    const { attest } = await loadFixture(deployAttestFixture);
    expect(await attest.read.KEY_AUTHORIZATION_TYPEHASH()).toBe(
      keccak256(toHex("KeyAuthorization(address publisher,address key,uint8 role,uint256 nonce,uint256 deadline)")),
    );
  });
});

describe("outputDigest", () => {
  test(`equals viem's hashTypedData for ${RANDOM_OUTPUTS.length} random and edge outputs`, async () => {
    const { attest, domain } = await loadFixture(deployAttestFixture);

    const onChain = await Promise.all(RANDOM_OUTPUTS.map((output) => attest.read.outputDigest([output])));

    expect(onChain).toEqual(RANDOM_OUTPUTS.map((output) => digestOf(domain, output)));
    expect(new Set(onChain).size).toBe(RANDOM_OUTPUTS.length);
  });

  test("changes when any single field of the output changes", async () => {
    const { attest, labModelId } = await loadFixture(deployAttestFixture);
    const base: Output = { modelId: labModelId, requestHash: zeroHash, responseHash: zeroHash, timestamp: 1n };
    const variants: Output[] = [
      base,
      { ...base, modelId: keccak256(labModelId) },
      { ...base, requestHash: keccak256("0x01") },
      { ...base, responseHash: keccak256("0x01") },
      { ...base, timestamp: 2n },
    ];

    const digests = await Promise.all(variants.map((output) => attest.read.outputDigest([output])));

    expect(new Set(digests).size).toBe(variants.length);
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
