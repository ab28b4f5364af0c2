import { fc, test } from "@fast-check/vitest";
import { bytesToHex } from "viem";
import { expect } from "vitest";
import { blobToHex } from "./blobToHex.js";

test.prop([fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat()])("gives viem's bytesToHex of the bytes from start to end, whatever their length", (bytes, a, b) => {
  const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
  const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
  expect(blobToHex(bytes)).toBe(bytesToHex(bytes));
  expect(blobToHex(bytes, start, end)).toBe(bytesToHex(bytes.subarray(start, end)));
});

test("reads a view at its own offset, not its buffer's start", () => {
  const buffer = new Uint8Array([0xff, 0x00, 0x10, 0xab, 0xcd]);
  expect(blobToHex(buffer.subarray(2))).toBe("0x10abcd");
  expect(blobToHex(buffer.subarray(1, 4), 1, 3)).toBe("0x10ab");
});
