// The web page's pure parts, without a browser: what a #bundle= link may fetch, where explorer links point, and how
// a verdict is worded (escaping what the bundle says). The browser test drives them all through the real page.
import { describe, expect, test } from "vitest";
import type { VerifyResult } from "../../sdk/src/index.js";
import { bundleLinkOf } from "../../web/src/bundleLinkOf.js";
import { explorerLinks } from "../../web/src/explorerLinks.js";
import { knownChainOf } from "../../web/src/knownChains.js";
import { verdictSentence } from "../../web/src/verdictSentence.js";

const publisher = "0x1111111111111111111111111111111111111111";
const signer = "0x2222222222222222222222222222222222222222";
const contract = "0x94000C2c306a5ba5D43b05831d99b82465B6F4d1";
const txHash = `0x${"ab".repeat(32)}` as const;

function validResult(overrides: Partial<VerifyResult> = {}): VerifyResult {
  return {
    valid: true,
    reason: null,
    mode: "online",
    status: "anchored",
    chainId: 8453,
    contract,
    publisher,
    model: { id: `0x${"00".repeat(32)}`, name: "atlas", version: "1.0" },
    signer,
    claimedAt: 1_796_000_000,
    anchoredAt: 1_796_000_007,
    blockNumber: 9,
    txHash,
    root: `0x${"cd".repeat(32)}`,
    recordId: "1",
    readAt: { chainId: 8453, blockNumber: 12, blockHash: `0x${"ef".repeat(32)}`, timestamp: 1_796_000_040 },
    checks: [],
    unchecked: [],
    ...overrides,
  };
}

describe("bundleLinkOf", () => {
  test("takes an http(s) URL, encoded or not, and nothing else", () => {
    expect(bundleLinkOf("#bundle=https%3A%2F%2Flab.example%2Fp%2F42.json")?.href).toBe("https://lab.example/p/42.json");
    expect(bundleLinkOf("#bundle=http://127.0.0.1:8787/v1/records/7")?.href).toBe("http://127.0.0.1:8787/v1/records/7");
    expect(bundleLinkOf("")).toBeNull();
    expect(bundleLinkOf("#other=1")).toBeNull();
    for (const refused of ["javascript:alert(1)", "data:application/json,{}", "file:///etc/passwd", "blob:https://a/b"]) {
      expect(() => bundleLinkOf(`#bundle=${encodeURIComponent(refused)}`)).toThrow(/must be http or https/);
    }
    expect(() => bundleLinkOf("#bundle=not%20a%20url")).toThrow('The link\'s bundle address is not a URL: "not a url".');
  });
});

describe("explorerLinks", () => {
  test("links the contract, the anchoring transaction and the signer on the explorer the page knows for the chain", () => {
    expect(explorerLinks(validResult())).toEqual([
      { label: `Contract ${contract}`, href: `https://basescan.org/address/${contract}` },
      { label: `Anchoring transaction ${txHash}`, href: `https://basescan.org/tx/${txHash}` },
      { label: `Signer ${signer}`, href: `https://basescan.org/address/${signer}` },
    ]);
  });

  test("no links for a chain without a known explorer, nor for an unread bundle; no signer link before the signature check passed", () => {
    expect(explorerLinks(validResult({ chainId: 31337 }))).toEqual([]);
    expect(explorerLinks(validResult({ chainId: 999_999 }))).toEqual([]);
    expect(explorerLinks(validResult({ chainId: null }))).toEqual([]);
    expect(explorerLinks(validResult({ signer: null })).map((link) => link.label)).toEqual([`Contract ${contract}`, `Anchoring transaction ${txHash}`]);
  });

  test("the RPC table prefills a public RPC for known chains and the local node for 31337", () => {
    expect(knownChainOf(31337)).toMatchObject({ rpcUrl: "http://127.0.0.1:8545", explorerUrl: null });
    expect(knownChainOf(1)?.explorerUrl).toBe("https://etherscan.io");
    expect(knownChainOf(8453)?.rpcUrl).toMatch(/^https:\/\//);
    expect(knownChainOf(424242)).toBeNull();
  });
});

describe("verdictSentence", () => {
  test("valid online: model, publisher, signer, claimed and anchored times in ISO UTC", () => {
    expect(verdictSentence(validResult())).toEqual({
      kind: "valid",
      headline: "VALID",
      sentence:
        `This text was produced by model "atlas" version "1.0" of publisher ${publisher}, signed 2026-11-30T00:53:20Z (the signer's own clock) by ${signer}, ` +
        "a signer key of the publisher, anchored on chain 8453 no later than 2026-11-30T00:53:27Z in block 9.",
    });
  });

  test("a model name with bidi overrides and quotes is shown escaped: it cannot reorder or close its quote", () => {
    const { sentence } = verdictSentence(validResult({ model: { id: `0x${"00".repeat(32)}`, name: 'atlas\u202e" of publisher 0xdead', version: "1.0\u2066" } }));
    expect(sentence).toContain('model "atlas\\u{202e}\\" of publisher 0xdead" version "1.0\\u{2066}"');
    expect(sentence).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  test("invalid: the reason code, what it means and the failed check's message; nothing the bundle claims", () => {
    const result = validResult({
      valid: false,
      reason: "content-mismatch",
      signer: null,
      checks: [{ name: "content", outcome: "fail", reason: "content-mismatch", message: "content mismatch: the response's hash is not the signed one." }],
    });
    const verdict = verdictSentence(result);
    expect(verdict).toEqual({
      kind: "invalid",
      headline: "INVALID (content-mismatch)",
      sentence:
        "The text you gave is not the text that was signed: even one changed character, space or line break changes it. The content check said: content mismatch: the response's hash is not the signed one.",
    });
    expect(verdict.sentence).not.toContain("atlas");
  });

  test("RPCs that disagree give UNKNOWN, not INVALID; valid offline says what was not checked", () => {
    expect(verdictSentence(validResult({ valid: false, reason: "rpc-disagreement", checks: [] })).headline).toBe("UNKNOWN (rpc-disagreement)");
    const offline = verdictSentence(validResult({ mode: "offline", unchecked: ["request", "chain", "model"] }));
    expect(offline.headline).toBe("VALID OFFLINE ONLY");
    expect(offline.sentence).toContain("not checked chain, model");
  });
});
