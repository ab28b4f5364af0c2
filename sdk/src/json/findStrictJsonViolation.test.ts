import { fc, test as fcTest } from "@fast-check/vitest";
import { expect, test } from "vitest";
import { findStrictJsonViolation } from "./findStrictJsonViolation.js";

test("duplicate member names are found at any depth, compared after unescaping", () => {
  expect(findStrictJsonViolation('{"a":1,"a":2}')).toEqual({ kind: "duplicate-key", key: "a" });
  expect(findStrictJsonViolation('{"a":1,"\\u0061":2}')).toEqual({ kind: "duplicate-key", key: "a" });
  expect(findStrictJsonViolation('[{"x":{"k":[1,{"y":1,"y":2}]}}]')).toEqual({ kind: "duplicate-key", key: "y" });
  expect(findStrictJsonViolation('{"a":{"a":1},"b":{"a":2}}')).toBeNull();
  expect(findStrictJsonViolation('{"a":"a","b":["a","a"],"c":"\\"a\\":"}')).toBeNull();
  expect(findStrictJsonViolation('{ "k" : 1 , "k" : 2 }')).toEqual({ kind: "duplicate-key", key: "k" });
});

test("a lone surrogate escape is found, in a name or a value; a paired one is fine", () => {
  expect(findStrictJsonViolation('{"a":"\\ud800"}')).toEqual({ kind: "lone-surrogate" });
  expect(findStrictJsonViolation('{"\\udc00":1}')).toEqual({ kind: "lone-surrogate" });
  expect(findStrictJsonViolation('["\\ud83d\\ude80", "🚀"]')).toBeNull();
});

fcTest.prop([fc.jsonValue()])("JSON.stringify of any value has no violation", (value) => {
  expect(findStrictJsonViolation(JSON.stringify(value))).toBeNull();
});
