import { expect, test } from "vitest";
import { parseRecordLine } from "./parseRecordLine.js";

const modelId = `0x${"12".repeat(32)}` as const;
const other = `0x${"34".repeat(32)}` as const;
const parse = (text: string, defaultModel: `0x${string}` | undefined) => parseRecordLine({ text, lineNumber: 7, defaultModel });
const messageOf = (text: string, defaultModel: `0x${string}` | undefined = modelId) => {
  try {
    parse(text, defaultModel);
  } catch (error) {
    return (error as Error & { shortMessage: string }).shortMessage;
  }
  throw new Error("no error");
};

test("a line takes the default model, utf8, and an optional request; its own model and encoding win", () => {
  expect(parse('{"response":"Paris."}', modelId)).toEqual({ modelId, response: "Paris.", request: undefined, encoding: "utf8" });
  expect(parse(`{"response":{"b":1,"a":2},"request":[1],"model":"${other}","encoding":"jcs"}`, modelId)).toEqual({ modelId: other, response: { b: 1, a: 2 }, request: [1], encoding: "jcs" });
  expect(parse(`{"response":"x","model":"${other}"}`, undefined).modelId).toBe(other);
});

test("a bad line is refused naming its line, without quoting its text", () => {
  expect(messageOf("")).toMatchInlineSnapshot(`"Line 7 of the JSONL input: empty line (each line is one JSON object: {"response": …})"`);
  expect(messageOf('{"response": "secret answer"')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: not valid JSON"`);
  expect(messageOf('{"response":"a","response":"b"}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: a name appears twice in one object"`);
  expect(messageOf('{"request":"q"}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: "response": required (expected {"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"})"`);
  expect(messageOf('{"response":"a","requets":"q"}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: Unrecognized key: "requets" (expected {"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"})"`);
  expect(messageOf('{"response":"a","model":"0x12"}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: "model": expected a model id: 0x followed by 64 hex digits (expected {"response": …, "request"?: …, "model"?: "0x…", "encoding"?: "utf8" | "jcs"})"`);
  expect(messageOf('{"response":"a","encoding":"latin1"}')).toContain('"encoding": Invalid option');
  expect(messageOf('["response"]')).toContain("expected object");
  expect(() => parse('{"response":"a"}', undefined)).toThrowErrorMatchingInlineSnapshot(`
    [CliError: Line 7 of the JSONL input: no "model", and no --model to default to

    Every line before it was recorded and its receipt written; nothing from line 7 on was recorded.]
  `);
  expect(messageOf('{"response":{"a":1}}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: "response" cannot be hashed as utf8: Invalid content: expected a string or bytes, received object."`);
  expect(messageOf('{"response":"not json","encoding":"jcs"}')).toMatchInlineSnapshot(`"Line 7 of the JSONL input: "response" cannot be hashed as jcs: Invalid content: expected valid JSON for the jcs encoding, received text that does not parse as JSON."`);
  expect(messageOf('{"response":"ok","request":7}')).toContain('"request" cannot be hashed as utf8');
  expect(messageOf('{"response":"secret answer", "x": 1}')).not.toContain("secret");
});
