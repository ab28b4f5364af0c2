import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { parseRecordId } from "./parseRecordId.js";
import { recordIdParameterSchema } from "./proofServerSchemas.js";

/** What the schema answers: the id, or its first issue's message. */
function schemaAnswer(text: string) {
  const parsed = recordIdParameterSchema.safeParse(text);
  return parsed.success ? { id: parsed.data } : { message: parsed.error.issues[0]!.message };
}

const idLike = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.bigInt({ min: 0n, max: 2n ** 60n }).map(String),
  fc.constantFrom("9007199254740991", "9007199254740992", "9999999999999999", "1", "0", "01", "-1", "+1", "1e3", " 1", "1 ", "１"),
);

test.prop([idLike], { numRuns: 2_000 })("answers what recordIdParameterSchema answers, id or message, for any text", (text) => {
  expect(parseRecordId(text)).toEqual(schemaAnswer(text));
});

test("the largest safe integer is an id; one more is refused with the schema's message", () => {
  expect(parseRecordId("9007199254740991")).toEqual({ id: 9007199254740991 });
  expect(parseRecordId("9007199254740992")).toEqual({ message: "must be at most 2^53 - 1" });
  expect(parseRecordId("042")).toEqual({ message: "must be a positive whole number (the record id), without leading zeros" });
});
