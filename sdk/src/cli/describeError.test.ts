import { expect, test } from "vitest";
import { AnchorRunError } from "../errors/AnchorRunError.js";
import { describeError } from "./describeError.js";

test("an error quoting text from the chain (a manifest URI a thief anchored) is printed with its controls and bidi characters escaped", () => {
  const uri = "ipfs://x\r\u001b[2KAnchored: all good\u202e";
  const error = new AnchorRunError({ step: "confirm", message: `anchored with manifest URI ${uri}`, metaMessages: [`revoke the key that named ${uri}`] });
  const described = describeError(error, { verbose: false });
  expect(described.message).toBe("anchored with manifest URI ipfs://x\\u{d}\\u{1b}[2KAnchored: all good\\u{202e}");
  expect(described.lines[0]).toBe("revoke the key that named ipfs://x\\u{d}\\u{1b}[2KAnchored: all good\\u{202e}");
  expect(describeError(new Error("plain\u2066"), { verbose: false }).message).toBe("plain\\u{2066}");
});
