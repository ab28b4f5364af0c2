import { type Hex, bytesToHex, hexToBytes } from "viem";
import { describe, expect, test } from "vitest";
import { aiAttestVersions } from "../abi/aiAttestBytecode.js";
import { isAttestRuntimeCode } from "./isAttestRuntimeCode.js";

const [shipped] = aiAttestVersions;
const code = hexToBytes(shipped.runtimeCode);

/** The shipped runtime code with the byte at `index` changed. */
function withByteChanged(index: number): Hex {
  const changed = code.slice();
  changed[index] = changed[index]! ^ 0xff;
  return bytesToHex(changed);
}

describe("isAttestRuntimeCode", () => {
  test("accepts the shipped runtime code, and no code at all is not AIAttest", () => {
    expect(isAttestRuntimeCode(shipped.runtimeCode)).toBe(true);
    expect(isAttestRuntimeCode(shipped.runtimeCode.toUpperCase().replace("0X", "0x") as Hex)).toBe(true);
    expect(isAttestRuntimeCode(undefined)).toBe(false);
    expect(isAttestRuntimeCode("0x")).toBe(false);
  });

  test("code longer or shorter than a shipped version's is refused, even when one is a prefix of the other", () => {
    expect(isAttestRuntimeCode(`${shipped.runtimeCode}00`)).toBe(false);
    expect(isAttestRuntimeCode(shipped.runtimeCode.slice(0, -2) as Hex)).toBe(false);
  });

  test("any byte of every immutable range may differ (the constructor fills them in), first and last included", () => {
    expect(shipped.immutableRanges.length).toBeGreaterThan(1);
    for (const [start, length] of shipped.immutableRanges) {
      expect(isAttestRuntimeCode(withByteChanged(start)), `first byte of [${start}, ${length}]`).toBe(true);
      expect(isAttestRuntimeCode(withByteChanged(start + length - 1)), `last byte of [${start}, ${length}]`).toBe(true);
    }
    // every range filled in at once, as a real deployment does
    const filled = code.slice();
    for (const [start, length] of shipped.immutableRanges) filled.fill(0xab, start, start + length);
    expect(isAttestRuntimeCode(bytesToHex(filled))).toBe(true);
  });

  test("a byte just outside an immutable range, or anywhere else, must match", () => {
    for (const [start, length] of shipped.immutableRanges) {
      expect(isAttestRuntimeCode(withByteChanged(start - 1)), `byte before [${start}, ${length}]`).toBe(false);
      expect(isAttestRuntimeCode(withByteChanged(start + length)), `byte after [${start}, ${length}]`).toBe(false);
    }
    expect(isAttestRuntimeCode(withByteChanged(0))).toBe(false);
    expect(isAttestRuntimeCode(withByteChanged(code.length - 1))).toBe(false);
  });
});
