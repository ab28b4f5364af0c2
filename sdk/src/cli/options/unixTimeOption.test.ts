import { expect, test } from "vitest";
import { unixTimeOption } from "./unixTimeOption.js";

test("takes now, unix seconds, an ISO date (midnight UTC) or a date-time with a zone", () => {
  expect(unixTimeOption.parse("now")).toBe("now");
  expect(unixTimeOption.parse(" 1793606400 ")).toBe(1793606400n);
  expect(unixTimeOption.parse("2026-11-02")).toBe(1793577600n);
  expect(unixTimeOption.parse("2026-11-02T08:00:00Z")).toBe(1793606400n);
  expect(unixTimeOption.parse("2026-11-02T08:00Z")).toBe(1793606400n);
  expect(unixTimeOption.parse("2026-11-02T09:00:00+01:00")).toBe(1793606400n);
  expect(unixTimeOption.parse("2026-11-02T08:00:00.999Z")).toBe(1793606400n);
});

test("refuses a date-time without a zone, a date that does not exist, negative or fractional seconds, and words", () => {
  // a day the month does not have is refused, not rolled over into the next month (Date.parse makes 2026-02-31 March 3rd)
  for (const value of ["2026-11-02T08:00:00", "2026-13-02", "2026-02-31T08:00Z", "2026-02-29", "2026-04-31", "2026-00-10", "2026-11-00", "-5", "1.5", "tomorrow", "", "0x10"]) {
    const parsed = unixTimeOption.safeParse(value);
    expect(parsed.success, value).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("expected now, unix seconds, or an ISO date such as 2026-11-02 or 2026-11-02T08:00:00Z");
  }
});

test("a real leap day is taken", () => {
  expect(unixTimeOption.parse("2028-02-29T00:00Z")).toBe(BigInt(Date.UTC(2028, 1, 29) / 1000));
});
