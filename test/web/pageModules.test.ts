// The web page's pure parts, without a browser: what a #bundle= link may fetch, where explorer links point, and how
// a verdict is worded (escaping what the bundle says). The browser test drives them all through the real page.
import { describe, expect, test } from "vitest";
import type { VerifyResult } from "../../sdk/src/index.js";
import { bundleLinkOf } from "../../web/src/bundleLinkOf.js";
import { explorerLinks } from "../../web/src/explorerLinks.js";
import { knownChainOf, networkKindOf } from "../../web/src/knownChains.js";
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

  test("the RPC table prefills a public RPC for known chains, and none for a development chain (31337, 1337)", () => {
    expect(knownChainOf(31337)).toEqual({ id: 31337, name: "Hardhat", network: "development", rpcUrl: null, explorerUrl: null });
    expect(knownChainOf(1337)).toMatchObject({ network: "development", rpcUrl: null });
    expect(knownChainOf(1)?.explorerUrl).toBe("https://etherscan.io");
    expect(knownChainOf(8453)).toMatchObject({ network: "production", rpcUrl: expect.stringMatching(/^https:\/\//) });
    expect(knownChainOf(424242)).toBeNull();
    // no known chain's prefilled RPC points at the visitor's own machine
    for (const chain of [1, 10, 100, 137, 8453, 42161, 11155111, 84532, 11155420, 421614, 80002, 31337, 1337].map((id) => knownChainOf(id)!)) {
      expect(chain.rpcUrl ?? "https://").toMatch(/^https:\/\/(?!127\.|localhost|\[::1\])/);
    }
  });

  test("network kinds: development for 31337 and 1337, testnet for the known test networks, null for an unknown chain", () => {
    expect(networkKindOf(31337)).toBe("development");
    expect(networkKindOf(1337)).toBe("development");
    expect([11155111, 84532, 11155420, 421614, 80002].map(networkKindOf)).toEqual(Array(5).fill("testnet"));
    expect([1, 8453, 10, 42161, 137, 100].map(networkKindOf)).toEqual(Array(6).fill("production"));
    expect(networkKindOf(424242)).toBeNull();
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

  test("valid on a development chain is never a plain VALID: it says anyone can make such an anchor", () => {
    const verdict = verdictSentence(validResult({ chainId: 31337, readAt: { chainId: 31337, blockNumber: 12, blockHash: `0x${"ef".repeat(32)}`, timestamp: 1_796_000_040 } }));
    expect(verdict.kind).toBe("valid-not-production");
    expect(verdict.headline).toBe("VALID ON A DEVELOPMENT CHAIN");
    expect(verdict.sentence).toMatch(/anchored on chain 31337 no later than .* in block 9\. This is on a development chain \(chain id 31337, Hardhat\): anyone can make such an anchor, so it proves nothing about a real publisher\.$/);
    // 1337 (Ganache, geth --dev) too
    expect(verdictSentence(validResult({ chainId: 1337, readAt: null })).headline).toBe("VALID ON A DEVELOPMENT CHAIN");
  });

  test("valid on a known test network says so; a production chain and an unknown chain get no such label", () => {
    const sepolia = verdictSentence(validResult({ chainId: 11155111, readAt: { chainId: 11155111, blockNumber: 12, blockHash: `0x${"ef".repeat(32)}`, timestamp: 1_796_000_040 } }));
    expect(sepolia.kind).toBe("valid-not-production");
    expect(sepolia.headline).toBe("VALID ON A TEST NETWORK");
    expect(sepolia.sentence).toContain("This is on a test network (chain id 11155111, Sepolia): its coins are free, so it shows how the proof works, not a production record.");
    expect(verdictSentence(validResult()).sentence).not.toMatch(/development|test network/);
    const unknown = verdictSentence(validResult({ chainId: 424242, readAt: { chainId: 424242, blockNumber: 1, blockHash: `0x${"ef".repeat(32)}`, timestamp: 1 } }));
    expect(unknown.headline).toBe("VALID");
  });

  test("invalid and offline verdicts on a development chain carry the label too", () => {
    const invalid = verdictSentence(
      validResult({ valid: false, reason: "content-mismatch", chainId: 31337, readAt: null, checks: [{ name: "content", outcome: "fail", reason: "content-mismatch", message: "mismatch" }] }),
    );
    expect(invalid.headline).toBe("INVALID (content-mismatch)");
    expect(invalid.sentence).toMatch(/This is on a development chain \(chain id 31337, Hardhat\): anyone can make such an anchor/);
    const offline = verdictSentence(validResult({ mode: "offline", chainId: 31337, readAt: null, unchecked: ["chain"] }));
    expect(offline.headline).toBe("VALID OFFLINE ONLY");
    expect(offline.sentence).toContain("This is on a development chain");
  });

  test("RPCs that disagree give UNKNOWN, not INVALID; valid offline says what was not checked", () => {
    expect(verdictSentence(validResult({ valid: false, reason: "rpc-disagreement", checks: [] })).headline).toBe("UNKNOWN (rpc-disagreement)");
    const offline = verdictSentence(validResult({ mode: "offline", unchecked: ["request", "chain", "model"] }));
    expect(offline.headline).toBe("VALID OFFLINE ONLY");
    expect(offline.sentence).toContain("not checked chain, model");
  });
});
