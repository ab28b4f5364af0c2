import { z } from "zod";

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

// Date.parse rolls an impossible day over into the next month ("2026-02-31" is March 3rd): a typo in a compromise
// time would move it days later, so the date must name a day the calendar has
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A point in time given on the command line: `now` (kept as `"now"`: the command decides what the chain's now
 * is), whole unix seconds, or an ISO 8601 date (`2026-11-02`, midnight UTC) or date-time with a zone
 * (`2026-11-02T08:00Z`, `…+01:00`), as unix seconds. A date-time without a zone is refused: local time would
 * make the same command mean another instant on another machine.
 *
 * @example
 * unixTimeOption.parse("2026-11-02T08:00:00Z") // 1793606400n
 */
export const unixTimeOption: z.ZodType<bigint | "now", unknown> = z
  .string()
  .trim()
  .refine((value) => value === "now" || /^\d+$/.test(value) || (isoDate.test(value) && isCalendarDate(value) && !Number.isNaN(Date.parse(value))), {
    message: "expected now, unix seconds, or an ISO date such as 2026-11-02 or 2026-11-02T08:00:00Z",
  })
  .transform((value) => {
    if (value === "now") return "now" as const;
    if (/^\d+$/.test(value)) return BigInt(value);
    return BigInt(Math.floor(Date.parse(value) / 1000));
  });
