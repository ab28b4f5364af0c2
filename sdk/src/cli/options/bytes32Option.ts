import type { Hash } from "viem";
import { z } from "zod";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";

/** A 0x-prefixed 32-byte hex value (a model id, a digest, a root), lower-cased. */
export const bytes32Option: z.ZodType<Hash, unknown> = z
  .string()
  .trim()
  .regex(bytes32Pattern, "expected 0x followed by 64 hex digits")
  .transform((value) => value.toLowerCase() as Hash);
