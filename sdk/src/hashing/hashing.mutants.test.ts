import { keccak256, toHex, zeroHash } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { hashContent } from "./hashContent.js";
import { hashOutputLeaf } from "./hashOutputLeaf.js";
import { hashOutputStruct } from "./hashOutputStruct.js";

const salt = keccak256(toHex("salt"));
const output = { modelId: keccak256(toHex("model")), requestHash: zeroHash, responseHash: keccak256(toHex("response")), timestamp: 1_700_000_000n };

function failure(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("hashContent arguments", () => {
  test("the salt must be exactly 32 bytes of 0x-hex", () => {
    for (const bad of ["0x1234", `${salt}00`, salt.slice(2), `0x${"zz".repeat(32)}`]) {
      expect(failure(() => hashContent({ salt: bad as `0x${string}`, content: "x" })).message, bad).toMatch(/^Invalid salt: expected 32 bytes of 0x-hex/);
    }
    expect(hashContent({ salt: salt.toUpperCase().replace("0X", "0x") as `0x${string}`, content: "x" })).toBe(hashContent({ salt, content: "x" }));
  });

  test("utf8 takes text or UTF-8 bytes, hashing bytes like the text they encode", () => {
    expect(hashContent({ salt, content: new TextEncoder().encode("naïve") })).toBe(hashContent({ salt, content: "naïve" }));
    expect(failure(() => hashContent({ salt, content: 42 })).message).toMatch(/^Invalid content: expected a string or bytes/);
    expect(failure(() => hashContent({ salt, content: new Uint8Array([0xff]) })).message).toMatch(/^Invalid content: expected UTF-8 text for the utf8 encoding/);
  });

  test("jcs takes a JSON value, JSON text or its UTF-8 bytes, all hashing alike", () => {
    const value = { b: 1, a: [true, null] };
    const expected = hashContent({ salt, content: value, encoding: "jcs" });
    expect(hashContent({ salt, content: '{"b":1,"a":[true,null]}', encoding: "jcs" })).toBe(expected);
    expect(hashContent({ salt, content: new TextEncoder().encode('{"a":[true,null],"b":1}'), encoding: "jcs" })).toBe(expected);
    expect(expected).not.toBe(hashContent({ salt, content: '{"a":[true,null],"b":1}' }));
  });

  test("jcs refuses what RFC 8785 cannot canonicalize: no JSON value, a BigInt, a duplicate member name", () => {
    expect(failure(() => hashContent({ salt, content: undefined, encoding: "jcs" })).message).toMatch(/^Invalid content: expected a JSON value for the jcs encoding/);
    expect(failure(() => hashContent({ salt, content: { n: 1n }, encoding: "jcs" })).message).toMatch(/^Invalid content: expected JSON that RFC 8785 can canonicalize/);
    expect(failure(() => hashContent({ salt, content: '{"a":1,"a":2}', encoding: "jcs" })).message).toMatch(
      /^Invalid content: expected I-JSON \(RFC 7493\) for the jcs encoding, received an object with a duplicate member name/,
    );
  });
});

describe("hashOutputLeaf arguments", () => {
  test("is keccak256 of a 32-byte digest, and refuses anything else", () => {
    expect(hashOutputLeaf(salt)).toBe(keccak256(salt));
    for (const bad of ["0x1234", `${salt}00`, salt.slice(2), 7]) {
      expect(failure(() => hashOutputLeaf(bad as `0x${string}`)).message, String(bad)).toMatch(/^Invalid digest: expected 32 bytes of 0x-hex/);
    }
  });
});

describe("hashOutputStruct arguments", () => {
  test("the timestamp is a uint64 bigint: 0 and 2^64 - 1 are fine, -1, 2^64 and numbers are refused", () => {
    expect(() => hashOutputStruct({ ...output, timestamp: 0n })).not.toThrow();
    expect(() => hashOutputStruct({ ...output, timestamp: 2n ** 64n - 1n })).not.toThrow();
    for (const bad of [-1n, 2n ** 64n, 1_700_000_000]) {
      expect(failure(() => hashOutputStruct({ ...output, timestamp: bad as bigint })).message, String(bad)).toMatch(/^Invalid timestamp: expected a uint64/);
    }
  });

  test("each bytes32 field must be exactly 32 bytes of 0x-hex, named in the error", () => {
    for (const field of ["modelId", "requestHash", "responseHash"] as const) {
      expect(failure(() => hashOutputStruct({ ...output, [field]: "0x1234" })).message).toMatch(new RegExp(`^Invalid ${field}: expected 32 bytes of 0x-hex`));
      expect(failure(() => hashOutputStruct({ ...output, [field]: `${zeroHash}00` })).message).toMatch(new RegExp(`^Invalid ${field}:`));
    }
  });
});
