import { z } from "zod";

/**
 * A whole number option, given as a number or as the digits commander passes.
 *
 * @example
 * const minConfirmations = wholeNumberOption({ min: 1, max: 1000 }).optional()
 */
export function wholeNumberOption({ min, max }: { min: number; max: number }): z.ZodType<number, unknown> {
  return z
    .union([z.number(), z.string().trim().regex(/^\d+$/, `expected a whole number from ${min} to ${max}`).transform(Number)])
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));
}
