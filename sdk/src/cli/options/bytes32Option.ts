import type { Hash } from "viem";
import { z } from "zod";

/** A 0x-prefixed 32-byte hex value (a model id, a digest, a root), lower-cased. */
export const bytes32Option: z.ZodType<Hash, unknown> = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x followed by 64 hex digits")
  .transform((value) => value.toLowerCase() as Hash);
