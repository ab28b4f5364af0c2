import { createHMAC, createSHA256 } from "hash-wasm";
import { type Hash, type Hex, bytesToHex, stringToBytes } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { encodeContent } from "../hashing/hashContent.js";
import { lookupKeysOf } from "./lookupKeysOf.js";
import { lookupSecretFingerprint } from "./lookupSecretFingerprint.js";
import { lookupTagOf } from "./lookupTagOf.js";
import { normalizeLookupText } from "./normalizeLookupText.js";

const secret: Hex = `0x${"42".repeat(32)}`;

/** HMAC-SHA256 by a second implementation (hash-wasm's WASM), so node:crypto's use is pinned against it. */
async function hmacOf(key: Hex, message: Uint8Array): Promise<Hash> {
  const mac = await createHMAC(createSHA256(), Buffer.from(key.slice(2), "hex"));
  mac.init();
  mac.update(message);
  return `0x${mac.digest("hex")}`;
}

describe("normalizeLookupText", () => {
  test("NFC, every White_Space run to one space, trimmed", () => {
    expect(normalizeLookupText("  Cafe\u0301\tau\u00a0lait\r\n\n ")).toBe("Caf\u00e9 au lait");
    expect(normalizeLookupText("a\u2003\u3000b\u2028c\u0085d")).toBe("a b c d");
    expect(normalizeLookupText(" \t\n")).toBe("");
    // U+FEFF and U+200B are not White_Space: kept (JS \s would have removed U+FEFF)
    expect(normalizeLookupText("a\ufeffb\u200bc")).toBe("a\ufeffb\u200bc");
    expect(normalizeLookupText("x")).toBe("x");
  });

  test("the one-pass check for plain ASCII gives what the full steps give", () => {
    const full = (text: string) => text.normalize("NFC").replace(/\p{White_Space}+/gu, " ").replace(/^ | $/g, "");
    const alphabet = ["a", "Z", "0", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u0000", "\u001f", "\u007f", "\u0085", "\u00a0", "~", "e\u0301"];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5_000; i++) {
      const text = Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(normalizeLookupText(text)).toBe(full(text));
    }
    for (const text of ["", " ", "a", " a", "a ", "a b", "a  b", "a\u007fb"]) expect(normalizeLookupText(text)).toBe(full(text));
  });

  test("idempotent, and a text already normal is unchanged", () => {
    for (const text of ["  Cafe\u0301\tau\u00a0lait\r\n", "one two", "\u00c5\u212b"]) {
      const once = normalizeLookupText(text);
      expect(normalizeLookupText(once)).toBe(once);
    }
  });
});

describe("lookupKeysOf", () => {
  test("exact = HMAC of the content bytes, normalized = HMAC of the normalized text (checked with hash-wasm)", async () => {
    const text = " Cafe\u0301\n au\u00a0lait ";
    const bytes = encodeContent({ content: text, encoding: "utf8" });
    const keys = lookupKeysOf({ secret, bytes });
    expect(keys.exact).toBe(await hmacOf(secret, bytes));
    expect(keys.normalized).toBe(await hmacOf(secret, stringToBytes("Caf\u00e9 au lait")));
    expect(lookupKeysOf({ secret, bytes, text })).toEqual(keys);
    // the same text re-wrapped and composed has another exact key and the same normalized key
    const copy = lookupKeysOf({ secret, bytes: stringToBytes("Caf\u00e9 au lait") });
    expect(copy.exact).not.toBe(keys.exact);
    expect(copy.normalized).toBe(keys.normalized);
  });

  test("a leading U+FEFF is part of the text of the bytes (no BOM handling, PROTOCOL §3)", async () => {
    const bytes = encodeContent({ content: "\ufeffParis.", encoding: "utf8" });
    const keys = lookupKeysOf({ secret, bytes });
    expect(keys).toEqual(lookupKeysOf({ secret, bytes, text: "\ufeffParis." }));
    expect(keys.normalized).toBe(await hmacOf(secret, stringToBytes("\ufeffParis.")));
    // a text already normal has one key, its exact key
    expect(keys.normalized).toBe(keys.exact);
  });

  test("jcs: both keys are over the canonical JSON", async () => {
    const bytes = encodeContent({ content: '{ "b": [1, 2],\n "a": "x  y" }', encoding: "jcs" });
    expect(new TextDecoder().decode(bytes)).toBe('{"a":"x  y","b":[1,2]}');
    const keys = lookupKeysOf({ secret, bytes });
    expect(keys.exact).toBe(await hmacOf(secret, bytes));
    expect(keys.normalized).toBe(await hmacOf(secret, stringToBytes('{"a":"x y","b":[1,2]}')));
  });

  test("another secret gives other keys", () => {
    const bytes = stringToBytes("Paris.");
    const other = lookupKeysOf({ secret: `0x${"43".repeat(32)}`, bytes });
    const keys = lookupKeysOf({ secret, bytes });
    expect(other.exact).not.toBe(keys.exact);
    expect(other.normalized).not.toBe(keys.normalized);
  });

  test("a malformed secret is refused, and the error does not quote it", () => {
    const bad = `0x${"ab".repeat(31)}zz` as Hex;
    let error: unknown;
    try {
      lookupKeysOf({ secret: bad, bytes: stringToBytes("x") });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/lookup secret: expected 32 bytes as 0x \+ 64 hex digits/);
    expect((error as Error).message).not.toContain("abab");
    expect(() => lookupSecretFingerprint(`0x${"42".repeat(31)}` as Hex)).toThrow(/received a value of 64 characters/);
  });

  test("bytes that are not UTF-8 are refused", () => {
    expect(() => lookupKeysOf({ secret, bytes: new Uint8Array([0xff]) })).toThrow(TypeError);
  });
});

describe("lookupSecretFingerprint", () => {
  test("HMAC-SHA256(secret, utf8(label)), different per secret", async () => {
    expect(lookupSecretFingerprint(secret)).toBe(await hmacOf(secret, stringToBytes("aiattest lookup secret fingerprint v1")));
    expect(lookupSecretFingerprint(`0x${"43".repeat(32)}`)).not.toBe(lookupSecretFingerprint(secret));
  });
});

describe("lookupTagOf", () => {
  test("the first 8 bytes, big-endian, signed 64-bit", () => {
    const rest = "00".repeat(24);
    expect(lookupTagOf(`0x0000000000000001${rest}`)).toBe(1n);
    expect(lookupTagOf(`0xffffffffffffffff${rest}`)).toBe(-1n);
    expect(lookupTagOf(`0x8000000000000000${rest}`)).toBe(-(2n ** 63n));
    expect(lookupTagOf(`0x7fffffffffffffff${"ff".repeat(24)}`)).toBe(2n ** 63n - 1n);
    const mac = bytesToHex(new Uint8Array(32).map((_, i) => i + 1));
    expect(lookupTagOf(mac)).toBe(Buffer.from(mac.slice(2), "hex").readBigInt64BE(0));
  });
});
