import canonicalize from "canonicalize";
import { type Hash, type Hex, bytesToHex, hexToBytes, size, stringToBytes } from "viem";
import { getMerkleHasher } from "./loadMerkleHasher.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { findStrictJsonViolation } from "../json/findStrictJsonViolation.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

export type HashContentParameters = {
  /** 32 random bytes, fresh for every output, so short answers cannot be brute-forced from the hash. */
  salt: Hex;
  /** The content: text (hashed as exact UTF-8), raw bytes, or for `jcs` the JSON text or value. */
  content: string | Uint8Array | unknown;
  encoding?: ContentEncoding | undefined;
};

/**
 * The salted hash of a response or request: `keccak256(salt ‖ bytes)` where `bytes` is the exact UTF-8 of the
 * text (`utf8`, the default); for `jcs`, `keccak256(keccak256(salt ‖ "aiattest:jcs") ‖ bytes)` where `bytes` is
 * the UTF-8 of the RFC 8785 canonical JSON form (the encoding is bound into the hash).
 *
 * @throws {InvalidArgumentError} if the salt is not 32 bytes, or `jcs` content is not valid JSON.
 * @example
 * const responseHash = hashContent({ salt: generateSalt(), content: "Paris." })
 */
export function hashContent({ salt, content, encoding = "utf8" }: HashContentParameters): Hash {
  if (!bytes32Pattern.test(salt) || size(salt) !== 32) {
    throw new InvalidArgumentError({ argument: "salt", expected: "32 bytes of 0x-hex", received: String(salt) });
  }
  return hashEncodedContent({ salt, bytes: encodeContent({ content, encoding }), encoding });
}

/**
 * `hashContent` of content already encoded (`encodeContent`): for a caller that needs the bytes too (the recorder
 * keys them for its lookup index), so they are encoded once. The salt must have been checked (32 bytes).
 *
 * @example
 * const bytes = encodeContent({ content: "Paris.", encoding: "utf8" })
 * const responseHash = hashEncodedContent({ salt: generateSalt(), bytes, encoding: "utf8" })
 */
export function hashEncodedContent({ salt, bytes, encoding }: { salt: Hex; bytes: Uint8Array; encoding: ContentEncoding }): Hash {
  const hash = getMerkleHasher();
  // jcs hashes under its own salt, so a text signed as utf8 can never be re-presented as jcs, nor the reverse
  const saltBytes = encoding === "jcs" ? hash(concatBytes(hexToBytes(salt), jcsSaltTag)) : hexToBytes(salt);
  return bytesToHex(hash(concatBytes(saltBytes, bytes))) as Hash;
}

const jcsSaltTag = stringToBytes("aiattest:jcs");

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * The bytes of content as they are hashed.
 *
 * @throws {InvalidArgumentError} for `jcs` content that is not valid JSON, or `utf8` content that is not text/bytes.
 * @example
 * encodeContent({ content: '{"b":1,"a":2}', encoding: "jcs" }) // UTF-8 of '{"a":2,"b":1}'
 */
export function encodeContent({ content, encoding }: { content: unknown; encoding: ContentEncoding }): Uint8Array {
  if (typeof content === "string" && !content.isWellFormed()) {
    // TextEncoder would turn a lone surrogate into U+FFFD, so two different strings would hash alike
    throw new InvalidArgumentError({ argument: "content", expected: "well-formed Unicode text", received: "a string with a lone surrogate" });
  }
  if (encoding === "utf8") {
    if (typeof content === "string") return stringToBytes(content);
    if (content instanceof Uint8Array) {
      // the encoding promises UTF-8 text: a verifier holding the decoded text could never match other bytes
      if (!isUtf8(content)) throw new InvalidArgumentError({ argument: "content", expected: "UTF-8 text for the utf8 encoding", received: "bytes that are not valid UTF-8" });
      return content;
    }
    throw new InvalidArgumentError({ argument: "content", expected: "a string or bytes", received: typeof content });
  }
  // every failure below is the content's fault; its text is private, so no message quotes it
  let value = content;
  if (typeof content === "string" || content instanceof Uint8Array) {
    let text: string;
    try {
      text = typeof content === "string" ? content : new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      throw new InvalidArgumentError({ argument: "content", expected: "UTF-8 text for the jcs encoding", received: "bytes that are not valid UTF-8" });
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidArgumentError({ argument: "content", expected: "valid JSON for the jcs encoding", received: "text that does not parse as JSON" });
    }
    // RFC 8785 takes I-JSON: parsers resolve duplicate names differently, so they are refused, never resolved
    const violation = findStrictJsonViolation(text);
    if (violation) {
      throw new InvalidArgumentError({
        argument: "content",
        expected: "I-JSON (RFC 7493) for the jcs encoding",
        received: violation.kind === "duplicate-key" ? "an object with a duplicate member name" : "a string with a lone surrogate escape",
      });
    }
  }
  let canonical: string | undefined;
  try {
    canonical = canonicalize(value);
  } catch (error) {
    throw new InvalidArgumentError({ argument: "content", expected: "JSON that RFC 8785 can canonicalize", received: (error as Error).message });
  }
  if (canonical === undefined) {
    throw new InvalidArgumentError({ argument: "content", expected: "a JSON value for the jcs encoding", received: typeof value });
  }
  return stringToBytes(canonical);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
