import { createWalletClient, custom, keccak256, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { BundleParseError } from "../errors/BundleParseError.js";
import { hashContent } from "../hashing/hashContent.js";
import { createReceipt } from "./createReceipt.js";
import { parseBundle, parseBundleOrThrow } from "./parseBundle.js";
import { proofBundleJsonSchema } from "./proofBundleJsonSchema.js";
import { proofBundleFormat } from "./proofBundleSchema.js";
import type { ProofBundle } from "./ProofBundle.js";
import { serializeBundle } from "./serializeBundle.js";

const key = privateKeyToAccount(keccak256(toHex("aiattest bundle test key")));
const domain = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const responseSalt = keccak256(toHex("response salt"));
const requestSalt = keccak256(toHex("request salt"));

function receipt(overrides: Partial<Parameters<typeof createReceipt>[0]> = {}) {
  return createReceipt({
    signer: key,
    domain,
    publisher: key.address,
    model: { name: "atlas", version: "1.0" },
    response: "Paris.",
    recordId: "r1",
    timestamp: 1_700_000_000n,
    salts: { response: responseSalt },
    ...overrides,
  });
}

function anchored(bundle: ProofBundle): ProofBundle {
  return {
    ...bundle,
    anchor: {
      root: bundle.output.responseHash,
      proof: [bundle.output.modelId, bundle.output.responseHash],
      leafIndex: 3,
      anchorer: key.address,
      txHash: bundle.output.modelId,
      blockNumber: 7,
      anchoredAt: 1_700_000_100,
      manifestUri: "https://lab.example/batches/1",
    },
  };
}

describe("createReceipt", () => {
  test("without a request, the output commits none: zero requestHash and no request salt", async () => {
    const bundle = await receipt();
    expect(bundle.output.requestHash).toBe(zeroHash);
    expect(bundle.content).toEqual({ encoding: "utf8", responseSalt, requestSalt: null });
    expect(bundle.output.responseHash).toBe(hashContent({ salt: responseSalt, content: "Paris." }));
    expect(bundle.anchor).toBeNull();
  });

  test("with a request, the output commits its salted hash, under the encoding given", async () => {
    const bundle = await receipt({ request: { q: "capital?" }, response: { a: "Paris" }, encoding: "jcs", salts: { response: responseSalt, request: requestSalt } });
    expect(bundle.content).toEqual({ encoding: "jcs", responseSalt, requestSalt });
    expect(bundle.output.requestHash).toBe(hashContent({ salt: requestSalt, content: '{"q":"capital?"}', encoding: "jcs" }));
    expect(bundle.output.responseHash).toBe(hashContent({ salt: responseSalt, content: '{"a":"Paris"}', encoding: "jcs" }));
  });

  test("a request without a fixed salt gets a fresh random one, as does every response", async () => {
    const [a, b] = await Promise.all([receipt({ request: "q", salts: undefined }), receipt({ request: "q", salts: undefined })]);
    expect(a.content.requestSalt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a.content.requestSalt).not.toBe(b.content.requestSalt);
    expect(a.content.responseSalt).not.toBe(b.content.responseSalt);
    expect(a.output.requestHash).toBe(hashContent({ salt: a.content.requestSalt!, content: "q" }));
  });

  test("the timestamp defaults to now, in whole unix seconds", async () => {
    const before = Math.floor(Date.now() / 1000);
    const bundle = await receipt({ timestamp: undefined });
    expect(bundle.output.timestamp).toBeGreaterThanOrEqual(before);
    expect(bundle.output.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  test("a wallet client signs as its account, with the same signature as the bare key", async () => {
    const wallet = createWalletClient({
      account: key,
      transport: custom({
        request: () => {
          throw new Error("a local account signs without the RPC");
        },
      }),
    });
    const [byKey, byWallet] = await Promise.all([receipt(), receipt({ signer: wallet })]);
    expect(byWallet.signer).toBe(key.address);
    expect(byWallet.signature).toBe(byKey.signature);
    expect(parseBundle(byWallet)).toEqual({ success: true, bundle: byWallet });
  });
});

describe("parseBundle", () => {
  test("accepts a receipt and an anchored bundle, as values or as JSON text", async () => {
    const bundle = await receipt();
    expect(parseBundle(bundle)).toEqual({ success: true, bundle });
    expect(parseBundle(serializeBundle(anchored(bundle)))).toEqual({ success: true, bundle: anchored(bundle) });
  });

  test("names each bad field by its path: nested fields with dots, array items with [i]", async () => {
    const bundle = anchored(await receipt());
    const bad = { ...bundle, model: { name: "", version: 1 }, anchor: { ...bundle.anchor!, proof: [bundle.output.modelId, "0x12"] } };
    expect(parseBundle(bad)).toEqual({
      success: false,
      issues: [
        { path: "model.name", message: "must not be empty" },
        { path: "model.version", message: "must be a string" },
        { path: "anchor.proof[1]", message: "must be 32 bytes of 0x-hex (66 characters)" },
      ],
    });
  });

  test("a missing field reads 'is missing'; unknown fields are listed by name", async () => {
    const { anchor: _, ...withoutAnchor } = await receipt();
    expect(parseBundle(withoutAnchor)).toEqual({ success: false, issues: [{ path: "anchor", message: "is missing" }] });
    const bundle = await receipt();
    expect(parseBundle({ ...bundle, extra: 1 })).toEqual({ success: false, issues: [{ path: "", message: "unknown field: extra" }] });
    expect(parseBundle({ ...bundle, x: 1, y: 2 })).toEqual({ success: false, issues: [{ path: "", message: "unknown fields: x, y" }] });
  });

  test("text that is not JSON is one issue at the bundle itself", () => {
    expect(parseBundle("[1,")).toEqual({ success: false, issues: [{ path: "", message: "not valid JSON (Unexpected end of JSON input)" }] });
  });

  test("JSON text must be strict: a duplicate member name or a lone surrogate escape is refused, not resolved", async () => {
    const text = serializeBundle(await receipt());
    expect(parseBundle(text.replace('"chainId": 31337,', '"chainId": 31337, "chainId": 1,'))).toEqual({
      success: false,
      issues: [{ path: "", message: 'not strict JSON: duplicate key "chainId"' }],
    });
    expect(parseBundle(text.replace('"recordId": "r1"', '"recordId": "r1\\ud800"'))).toEqual({
      success: false,
      issues: [{ path: "", message: "not strict JSON: a string holds a lone surrogate escape" }],
    });
  });

  test("parseBundleOrThrow returns the bundle, or throws BundleParseError with every issue", async () => {
    const bundle = await receipt();
    expect(parseBundleOrThrow(serializeBundle(bundle))).toEqual(bundle);
    const error = (() => {
      try {
        parseBundleOrThrow({ ...bundle, recordId: "", chainId: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BundleParseError);
    expect((error as BundleParseError).issues).toEqual([
      { path: "chainId", message: "must be positive" },
      { path: "recordId", message: "must not be empty" },
    ]);
  });
});

describe("serializeBundle", () => {
  test("writes the fields in the schema's order, two-space indented, with a final newline, whatever the input order", async () => {
    const bundle = anchored(await receipt());
    const shuffled = Object.fromEntries(Object.entries(bundle).reverse()) as ProofBundle;
    const text = serializeBundle(shuffled);
    expect(text).toBe(`${JSON.stringify(bundle, null, 2)}\n`);
    expect(serializeBundle({ ...bundle, anchor: null })).toBe(`${JSON.stringify({ ...bundle, anchor: null }, null, 2)}\n`);
  });

  test("copies every field: what it writes parses back to the same bundle", async () => {
    const bundle = anchored(await receipt({ request: "q", salts: { response: responseSalt, request: requestSalt } }));
    expect(parseBundleOrThrow(serializeBundle(bundle))).toEqual(bundle);
    expect(JSON.parse(serializeBundle(bundle))).toEqual(bundle);
  });

  test("drops fields the schema does not have", async () => {
    const bundle = await receipt();
    const text = serializeBundle({ ...bundle, extra: "x", model: { ...bundle.model, extra: "y" } } as ProofBundle);
    expect(JSON.parse(text)).toEqual(bundle);
  });
});

describe("proofBundleJsonSchema", () => {
  test("is a draft 2020-12 schema of the current format that requires every top-level field", () => {
    const schema = proofBundleJsonSchema() as Record<string, unknown> & { required: string[]; properties: Record<string, unknown> };
    expect(schema.$id).toBe("urn:aiattest:schema:proof-bundle-v1");
    expect(schema.title).toBe(`aiattest proof bundle (${proofBundleFormat})`);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.description).toMatch(/^A self-contained proof that a text came from a registered AI model/);
    expect([...schema.required].sort()).toEqual(["anchor", "chainId", "content", "contract", "format", "model", "output", "publisher", "recordId", "signature", "signer"]);
    expect(schema.additionalProperties).toBe(false);
  });
});
