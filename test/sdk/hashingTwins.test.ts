import { fc } from "@fast-check/vitest";
import { ethers } from "ethers";
import { type Hash, type Hex, bytesToHex, hashTypedData, keccak256 } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../../sdk/src/errors/InvalidArgumentError.js";
import { computeModelId } from "../../sdk/src/hashing/computeModelId.js";
import { getAttestTypedDataDomain } from "../../sdk/src/hashing/getAttestTypedDataDomain.js";
import { hashContent } from "../../sdk/src/hashing/hashContent.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { outputTypes } from "../../sdk/src/hashing/outputTypes.js";
import type { Output } from "../../sdk/src/types/Output.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((value) => bytesToHex(value) as Hash);
const text = fc.oneof(
  fc.constant(""),
  fc.string({ unit: "grapheme", maxLength: 64 }),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.constantFrom("yes", "naïve café", "東京タワー", "🚀👩‍👩‍👧🏳️‍🌈", "\u0000\uFFFF", "e\u0301"),
);
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const oneMiB = `${"a".repeat(1024 * 1024 - 6)}🚀é`;

/** The content hash computed by an independent implementation (ethers). */
function ethersContentHash(salt: Hex, content: string): Hash {
  return ethers.keccak256(ethers.concat([salt, ethers.toUtf8Bytes(content)])) as Hash;
}

describe("content hashes", () => {
  test("hashContent equals keccak256(salt ‖ UTF-8) computed by ethers, for any text", () => {
    fc.assert(
      fc.property(bytes32, text, (salt, content) => {
        expect(hashContent({ salt, content })).toBe(ethersContentHash(salt, content));
      }),
      { numRuns: 300 },
    );
  });

  test("a 1 MiB response hashes like its bytes", () => {
    const salt = keccak256("0x01");
    expect(hashContent({ salt, content: oneMiB })).toBe(ethersContentHash(salt, oneMiB));
    expect(hashContent({ salt, content: new TextEncoder().encode(oneMiB) })).toBe(ethersContentHash(salt, oneMiB));
  });

  test("jcs hashes the RFC 8785 canonical form, so key order and spacing do not matter", () => {
    const salt = keccak256("0x02");
    const a = hashContent({ salt, content: '{"b": [1, 2.50, "é"], "a": {"y": null, "x": true}}', encoding: "jcs" });
    const b = hashContent({ salt, content: { a: { x: true, y: null }, b: [1, 2.5, "é"] }, encoding: "jcs" });
    expect(a).toBe(b);
    // the encoding is bound: jcs hashes under keccak256(salt ‖ "aiattest:jcs"), so it never equals a utf8 hash
    const jcsSalt = ethers.keccak256(ethers.concat([salt, ethers.toUtf8Bytes("aiattest:jcs")])) as Hex;
    expect(a).toBe(ethersContentHash(jcsSalt, '{"a":{"x":true,"y":null},"b":[1,2.5,"é"]}'));
    expect(hashContent({ salt, content: '{"a":{"x":true,"y":null},"b":[1,2.5,"é"]}' })).not.toBe(a);
    expect(() => hashContent({ salt, content: "{oops", encoding: "jcs" })).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid content: expected valid JSON for the jcs encoding, received text that does not parse as JSON.]`);
    expect(() => hashContent({ salt, content: new Uint8Array([0xff, 0xfe]), encoding: "jcs" })).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid content: expected UTF-8 text for the jcs encoding, received bytes that are not valid UTF-8.]`);
    expect(() => hashContent({ salt, content: '{"\\ud800": 1}', encoding: "jcs" })).toThrow(InvalidArgumentError);
  });

  test("text with a lone surrogate is refused rather than hashed like U+FFFD", () => {
    const salt = keccak256("0x03");
    expect(() => hashContent({ salt, content: "ok \uD83D" })).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: Invalid content: expected well-formed Unicode text, received a string with a lone surrogate.]`);
  });

  test("a salt that is not 32 bytes is refused", () => {
    expect(() => hashContent({ salt: "0x1234", content: "x" })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidArgumentError: Invalid salt: expected 32 bytes of 0x-hex, received 0x1234.]`,
    );
  });
});

describe("twins of the contract", () => {
  test("computeModelId equals ModelRegistry.computeModelId", async () => {
    const { attest, addr } = await loadFixture(deployAttestFixture);
    const samples = fc.sample(fc.tuple(text.filter((value) => value.length > 0), text), 60);
    await Promise.all(
      samples.map(async ([name, version]) => {
        expect(computeModelId({ publisher: addr.lab, name, version })).toBe(await attest.read.computeModelId([addr.lab, name, version]));
      }),
    );
  });

  test("hashOutput and hashOutputLeaf equal outputDigest, outputLeaf and viem's hashTypedData for 200 random outputs", async () => {
    const { attest, publicClient } = await loadFixture(deployAttestFixture);
    const domain = { chainId: publicClient.chain.id, contract: attest.address };
    const outputs = fc.sample(
      fc.record({ modelId: bytes32, salt: bytes32, request: fc.option(text), response: fc.oneof(text, fc.constant(oneMiB)), timestamp: uint64 }),
      200,
    );
    await Promise.all(
      outputs.map(async ({ modelId, salt, request, response, timestamp }) => {
        const output: Output = {
          modelId,
          requestHash: request === null ? (`0x${"00".repeat(32)}` as Hash) : hashContent({ salt, content: request }),
          responseHash: hashContent({ salt, content: response }),
          timestamp,
        };
        const digest = hashOutput({ domain, output });
        const [onchainDigest, onchainLeaf] = await Promise.all([attest.read.outputDigest([output]), attest.read.outputLeaf([output])]);
        expect(digest).toBe(onchainDigest);
        expect(digest).toBe(hashTypedData({ domain: getAttestTypedDataDomain(domain), types: outputTypes, primaryType: "Output", message: output }));
        expect(hashOutputLeaf(digest)).toBe(onchainLeaf);
      }),
    );
  });
});
