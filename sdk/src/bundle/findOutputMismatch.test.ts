import { expect, test } from "vitest";
import type { ProofBundle } from "./ProofBundle.js";
import { findOutputMismatch } from "./findOutputMismatch.js";
import { parseBundle } from "./parseBundle.js";
import { serializeBundle } from "./serializeBundle.js";

const h = (byte: string) => `0x${byte.repeat(32)}` as const;
const receipt: ProofBundle = {
  format: "aiattest-bundle-v1",
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  model: { name: "atlas", version: "1.0" },
  output: { modelId: h("01"), requestHash: h("00"), responseHash: h("02"), timestamp: 1_700_000_000 },
  content: { encoding: "utf8", responseSalt: h("03"), requestSalt: null },
  signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  signature: `0x${"11".repeat(65)}`,
  recordId: "42",
  bundleUrl: "https://proofs.lab.example/v1/records/42",
  anchor: null,
};
const anchored: ProofBundle = {
  ...receipt,
  bundleUrl: "https://elsewhere.example/42",
  anchor: { root: h("04"), proof: [h("05")], leafIndex: 0, anchorer: receipt.publisher, txHash: h("06"), blockNumber: 7, anchoredAt: 1_700_000_100, manifestUri: "" },
};

test("the anchored bundle of the same output matches: the anchor and the bundleUrl locator may differ", () => {
  expect(findOutputMismatch({ receipt, candidate: anchored })).toBeNull();
  expect(findOutputMismatch({ receipt, candidate: { ...anchored, content: { ...anchored.content, requestSalt: h("09") } } })).toBeNull();
});

test.each([
  ["chainId", { chainId: 1 }],
  ["contract", { contract: "0x0000000000000000000000000000000000000001" }],
  ["model.name", { model: { name: "atlas-pro", version: "1.0" } }],
  ["output.responseHash", { output: { ...receipt.output, responseHash: h("0a") } }],
  ["output.timestamp", { output: { ...receipt.output, timestamp: 1 } }],
  ["content.responseSalt", { content: { ...receipt.content, responseSalt: h("0b") } }],
  ["signer", { signer: "0x0000000000000000000000000000000000000002" }],
  ["signature", { signature: `0x${"22".repeat(65)}` }],
  ["recordId", { recordId: "43" }],
] as const)("a bundle whose %s differs is another output's", (field, change) => {
  expect(findOutputMismatch({ receipt, candidate: { ...anchored, ...change } as ProofBundle })).toBe(field);
});

test("bundleUrl: serialized after recordId, read back; only an http(s) URL of at most 2048 characters is accepted", () => {
  const text = serializeBundle(receipt);
  expect(Object.keys(JSON.parse(text) as object).slice(-3)).toEqual(["recordId", "bundleUrl", "anchor"]);
  expect(parseBundle(text)).toEqual({ success: true, bundle: receipt });
  const { bundleUrl: _, ...withoutUrl } = receipt;
  expect(serializeBundle(withoutUrl)).not.toContain("bundleUrl");
  for (const bad of ["javascript:alert(1)", "ftp://lab.example/1", "file:///etc/passwd", "https://", `https://lab.example/${"a".repeat(2048)}`, "https://lab.example/\u202e1", ""]) {
    const parsed = parseBundle({ ...receipt, bundleUrl: bad });
    expect(parsed.success, bad).toBe(false);
    if (!parsed.success) expect(parsed.issues[0]!.path).toBe("bundleUrl");
  }
});
