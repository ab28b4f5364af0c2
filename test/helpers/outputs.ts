import fc from "fast-check";
import { hashTypedData, keccak256, toHex, type Hash, type Hex, type TypedDataDomain } from "viem";
import { outputTypes } from "./typedData.js";

/** An `IOutputAnchor.Output`, as viem encodes the struct. */
export type Output = { modelId: Hex; requestHash: Hex; responseHash: Hex; timestamp: bigint };

/** Any 32-byte value. */
export const bytes32Arbitrary = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => toHex(bytes));

/** Any output: arbitrary hashes and any uint64 timestamp. */
export const outputArbitrary: fc.Arbitrary<Output> = fc.record({
  modelId: bytes32Arbitrary,
  requestHash: bytes32Arbitrary,
  responseHash: bytes32Arbitrary,
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
});

/** `count` reproducible outputs of `modelId` with random hashes, claimed at `timestamp`. */
export function makeOutputs(parameters: { modelId: Hex; timestamp: bigint; count: number; seed?: number }): Output[] {
  const { modelId, timestamp, count, seed = 1 } = parameters;
  const hashes = fc.sample(fc.tuple(bytes32Arbitrary, bytes32Arbitrary), { numRuns: count, seed });
  return hashes.map(([requestHash, responseHash]) => ({ modelId, requestHash, responseHash, timestamp }));
}

/** The EIP-712 digest of `output` under `domain`: what `outputDigest` returns and a signer signs. */
export function digestOf(domain: TypedDataDomain, output: Output): Hash {
  return hashTypedData({ domain, types: outputTypes, primaryType: "Output", message: output });
}

/** The Merkle leaf of `output`: keccak256 of its 32-byte digest, as `outputLeaf` returns. */
export function leafOf(domain: TypedDataDomain, output: Output): Hash {
  return keccak256(digestOf(domain, output));
}
