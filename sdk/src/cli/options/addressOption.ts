import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

/** A 0x-prefixed 20-byte address (a wrong EIP-55 checksum is refused), checksummed. */
export const addressOption: z.ZodType<Address, unknown> = z
  .string()
  .trim()
  .refine((value) => isAddress(value), "expected a 0x-prefixed 20-byte address (with a valid checksum if mixed-case)")
  .transform((value) => getAddress(value));
