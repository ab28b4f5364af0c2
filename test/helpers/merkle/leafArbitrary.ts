import { fc } from "@fast-check/vitest";
import { bytesToHex, type Hex } from "viem";

/** Any 32-byte leaf. */
export const leafArbitrary: fc.Arbitrary<Hex> = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => bytesToHex(bytes));

/**
 * 32-byte leaves that often collide on their first 4 bytes or entirely, to exercise tie-breaking in sorting
 * and duplicate handling.
 */
export const collidingLeafArbitrary: fc.Arbitrary<Hex> = fc
  .tuple(
    fc.constantFrom("00000000", "ffffffff", "7fffffff", "80000000"),
    fc.constantFrom("00".repeat(28), "ff".repeat(28), `${"00".repeat(27)}01`, `01${"00".repeat(27)}`),
    fc.boolean(),
    leafArbitrary,
  )
  .map(([prefix, rest, isRandom, random]) => (isRandom ? random : (`0x${prefix}${rest}` as Hex)));
