import { expect, test } from "vitest";
import { escapeText } from "./escapeText.js";

test("controls, escapes, separators and bidi formatting characters become visible escapes; other text is kept", () => {
  expect(escapeText("atlas\r\u001b[2KVALID")).toBe("atlas\\u{d}\\u{1b}[2KVALID");
  expect(escapeText("a\u0000b\u007fc\u0085d\u2028e\u2029f")).toBe("a\\u{0}b\\u{7f}c\\u{85}d\\u{2028}e\\u{2029}f");
  expect(escapeText("\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c")).toBe("\\u{202e}evil\\u{202c} \\u{2066}x\\u{2069} \\u{200e}\\u{200f}\\u{61c}");
  expect(escapeText("naïve café — 東京 🚀👩‍👩‍👧")).toBe("naïve café — 東京 🚀👩‍👩‍👧");
});
