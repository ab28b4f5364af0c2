import { type Hex, getAddress, keccak256, numberToHex, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { canonicalAttestAddresses } from "../deployment/canonicalAttestAddresses.js";
import { createReceipt } from "../bundle/createReceipt.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { secp256k1HalfOrder } from "../signing/recoverOutputSigner.js";
import { verifyOutput } from "./verifyOutput.js";
import { verifyCheckNames } from "./VerifyResult.js";

const key = privateKeyToAccount(keccak256(toHex("aiattest offline verify test key")));
const contract = canonicalAttestAddresses[0]!;
const domain = { chainId: 31337, contract };
const online = verifyCheckNames.slice(verifyCheckNames.indexOf("chain"));
const onlineSkipped = online.map((name) => `${name}:skip`);

function receipt(overrides: Partial<Parameters<typeof createReceipt>[0]> = {}) {
  return createReceipt({
    signer: key,
    domain,
    publisher: key.address,
    model: { name: "atlas", version: "1.0" },
    response: "Paris.",
    recordId: "r1",
    timestamp: 1_700_000_000n,
    ...overrides,
  });
}

/** The bundle in a batch of one: its root is its own leaf, with an empty proof. */
function inBatchOfOne(bundle: ProofBundle): ProofBundle {
  const digest = hashOutput({ domain: { chainId: bundle.chainId, contract: bundle.contract }, output: { ...bundle.output, timestamp: BigInt(bundle.output.timestamp) } });
  const root = hashOutputLeaf(digest);
  return {
    ...bundle,
    anchor: { root, proof: [], leafIndex: 0, anchorer: key.address, txHash: root, blockNumber: 1, anchoredAt: bundle.output.timestamp, manifestUri: "https://lab.example/b/1" },
  };
}

function outcomes(result: Awaited<ReturnType<typeof verifyOutput>>) {
  return result.checks.map((check) => `${check.name}:${check.outcome}${check.reason ? `:${check.reason}` : ""}`);
}

describe("verifyOutput options", () => {
  test("refuses a negative, fractional or non-numeric minConfirmations or maxAnchorDelay, and zero confirmations (vacuous); a zero delay is fine", async () => {
    const bundle = await receipt();
    for (const bad of [{ minConfirmations: -1 }, { minConfirmations: 0 }, { minConfirmations: 1.5 }, { minConfirmations: Number.NaN }, { maxAnchorDelay: -1 }, { maxAnchorDelay: 2 ** 60 }]) {
      await expect(verifyOutput({ bundle, response: "Paris.", ...bad }), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect((await verifyOutput({ bundle, response: "Paris.", minConfirmations: 1, maxAnchorDelay: 0 })).valid).toBe(true);
  });

  test("the response must be text or bytes; a request may be left out, but not given as anything else", async () => {
    const bundle = await receipt();
    for (const [argument, value, received] of [["response", undefined, "undefined"], ["response", null, "null"], ["response", 42, "number"], ["request", null, "null"], ["request", {}, "object"]] as const) {
      const call = verifyOutput({ bundle, response: "Paris.", [argument]: value } as unknown as Parameters<typeof verifyOutput>[0]);
      await expect(call, `${argument}: ${received}`).rejects.toThrow(new RegExp(`^Invalid ${argument}: expected the text \\(a string\\) or its bytes \\(a Uint8Array\\), received ${received}`));
    }
    expect((await verifyOutput({ bundle, response: new TextEncoder().encode("Paris."), request: undefined })).valid).toBe(true);
  });

  test("withoutResponse: the content check is not made and is listed in unchecked; a response given with it is refused", async () => {
    const bundle = await receipt();
    const result = await verifyOutput({ bundle, withoutResponse: true });
    expect(result.valid).toBe(true);
    expect(result.checks.find((check) => check.name === "content")).toMatchObject({ outcome: "skip", message: expect.stringContaining("says nothing about any text") });
    expect(result.unchecked).toContain("content");
    // every other check is still made
    expect((await verifyOutput({ bundle: { ...bundle, signer: "0x0000000000000000000000000000000000000001" }, withoutResponse: true })).reason).toBe("bad-signature");
    const both = verifyOutput({ bundle, response: "Paris.", withoutResponse: true } as unknown as Parameters<typeof verifyOutput>[0]);
    await expect(both).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  test("refuses trustedContracts that is not an array (a lone address would otherwise match by its characters)", async () => {
    const bundle = await receipt();
    await expect(verifyOutput({ bundle, response: "Paris.", trustedContracts: contract as unknown as Hex[] })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("verifyOutput offline", () => {
  test("a good receipt is valid offline: every offline check passes, the chain checks are unchecked", async () => {
    const bundle = await receipt();
    const result = await verifyOutput({ bundle, response: "Paris." });
    expect(result).toMatchObject({ valid: true, reason: null, mode: "offline", status: "signed-only", signer: key.address, readAt: null, anchoredAt: null, root: null, recordId: "r1" });
    expect(outcomes(result)).toEqual(["bundle:pass", "contract:pass", "content:pass", "request:skip", "signature:pass", "modelId:pass", "merkleProof:skip", ...onlineSkipped]);
    expect(result.checks.at(-1)!.message).toBe("Not made offline: no chain was read.");
    expect(result.unchecked).toEqual(["request", "merkleProof", ...online]);
  });

  test("an anchored bundle whose proof leads to its root passes the proof check offline", async () => {
    const bundle = inBatchOfOne(await receipt());
    const result = await verifyOutput({ bundle, response: "Paris." });
    expect(result).toMatchObject({ valid: true, status: "anchored", anchoredAt: bundle.anchor!.anchoredAt, root: bundle.anchor!.root, blockNumber: 1 });
    expect(result.checks.find((check) => check.name === "merkleProof")?.outcome).toBe("pass");
  });

  test("a malformed bundle: only the bundle check is made, and nothing the bundle claims is reported", async () => {
    const result = await verifyOutput({ bundle: { format: "aiattest-bundle-v1" }, response: "" });
    expect(result).toMatchObject({ valid: false, reason: "malformed-bundle", mode: "offline", chainId: null, publisher: null, signer: null, model: null });
    expect(result.checks[0]).toMatchObject({ name: "bundle", outcome: "fail" });
    expect(result.checks[0]!.message).toMatch(/^Malformed bundle: chainId must be a number; /);
    expect(result.checks.slice(1).every((check) => check.outcome === "skip" && check.message === "Not made: the bundle check failed.")).toBe(true);
    expect(result.unchecked).toEqual(verifyCheckNames.slice(1));
    const notJson = await verifyOutput({ bundle: "{", response: "" });
    expect(notJson.checks[0]!.message).toMatch(/^Malformed bundle: \(bundle\) not valid JSON/);
  });

  test("the first failure decides: later checks are not made, and the signer is not reported unless its check passed", async () => {
    const bundle = await receipt();
    const result = await verifyOutput({ bundle, response: "Paris!" });
    expect(result).toMatchObject({ valid: false, reason: "content-mismatch", signer: null });
    expect(outcomes(result)).toEqual(["bundle:pass", "contract:pass", "content:fail:content-mismatch", "request:skip", "signature:skip", "modelId:skip", "merkleProof:skip", ...onlineSkipped]);
    expect(result.checks[3]!.message).toBe("Not made: the content check failed.");
    expect(result.unchecked).toEqual(["request", "signature", "modelId", "merkleProof", ...online]);
  });

  test("a response that cannot be hashed under the bundle's encoding is a content mismatch, not an exception", async () => {
    const bundle = await receipt({ response: { a: 1 }, encoding: "jcs" });
    expect((await verifyOutput({ bundle, response: '{"a": 1}' })).valid).toBe(true);
    expect((await verifyOutput({ bundle, response: "{not json" })).reason).toBe("content-mismatch");
  });
});

describe("verifyOutput offline: contract", () => {
  test("trusted contracts match whatever the case, and an empty list trusts none", async () => {
    const bundle = await receipt();
    expect((await verifyOutput({ bundle, response: "Paris.", trustedContracts: [contract.toLowerCase() as Hex] })).valid).toBe(true);
    const none = await verifyOutput({ bundle, response: "Paris.", trustedContracts: [] });
    expect(none.reason).toBe("untrusted-contract");
    expect(none.checks[1]!.message).toContain("which is not a contract you trust (none)");
    const other = getAddress(numberToHex(1, { size: 20 }));
    const listed = await verifyOutput({ bundle, response: "Paris.", trustedContracts: [other] });
    expect(listed.checks[1]!.message).toContain(`(${other})`);
  });

  test("by default only a canonical address is trusted", async () => {
    const elsewhere = await receipt({ domain: { chainId: 31337, contract: getAddress(numberToHex(2, { size: 20 })) } });
    expect((await verifyOutput({ bundle: elsewhere, response: "Paris." })).reason).toBe("untrusted-contract");
  });
});

describe("verifyOutput offline: request", () => {
  test("no request given: skipped, saying whether one is committed", async () => {
    const committed = await verifyOutput({ bundle: await receipt({ request: "capital?" }), response: "Paris." });
    expect(committed.checks[3]).toMatchObject({ name: "request", outcome: "skip", message: "A request is committed, but none was given to check." });
    const none = await verifyOutput({ bundle: await receipt(), response: "Paris." });
    expect(none.checks[3]).toMatchObject({ name: "request", outcome: "skip", message: "No request is committed, and none was given." });
  });

  test("a request given must be committed, its salt present, and its hash equal", async () => {
    const committed = await receipt({ request: "capital?" });
    expect((await verifyOutput({ bundle: committed, response: "Paris.", request: "capital?" })).checks[3]).toMatchObject({ outcome: "pass" });
    expect((await verifyOutput({ bundle: committed, response: "Paris.", request: "capital!" })).reason).toBe("request-mismatch");
    const withheld = { ...committed, content: { ...committed.content, requestSalt: null } };
    expect((await verifyOutput({ bundle: withheld, response: "Paris.", request: "capital?" })).reason).toBe("request-withheld");
    expect((await verifyOutput({ bundle: await receipt(), response: "Paris.", request: "capital?" })).reason).toBe("request-not-committed");
  });
});

describe("verifyOutput offline: signature, modelId, proof", () => {
  test("a signature by another key is bad; a high-s twin is malleable; a bad v is malformed", async () => {
    const bundle = await receipt();
    const other = await receipt({ signer: privateKeyToAccount(keccak256(toHex("another key"))) });
    expect((await verifyOutput({ bundle: { ...bundle, signature: other.signature }, response: "Paris." })).reason).toBe("bad-signature");

    const r = bundle.signature.slice(2, 66);
    const s = BigInt(`0x${bundle.signature.slice(66, 130)}`);
    const v = Number.parseInt(bundle.signature.slice(130), 16);
    const highS = `0x${r}${(2n * secp256k1HalfOrder + 1n - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    const malleable = await verifyOutput({ bundle: { ...bundle, signature: highS }, response: "Paris." });
    expect(malleable).toMatchObject({ reason: "malleable-signature", signer: null });

    const badV = `${bundle.signature.slice(0, 130)}05` as Hex;
    expect((await verifyOutput({ bundle: { ...bundle, signature: badV }, response: "Paris." })).reason).toBe("malformed-signature");
  });

  test("a model name or version the modelId does not bind is a model-id mismatch", async () => {
    const bundle = await receipt();
    const result = await verifyOutput({ bundle: { ...bundle, model: { name: "atlas", version: "2.0" } }, response: "Paris." });
    expect(result.reason).toBe("model-id-mismatch");
    expect(result.signer).toBe(key.address);
  });

  test("a proof that does not lead to the root is invalid", async () => {
    const bundle = inBatchOfOne(await receipt());
    const result = await verifyOutput({ bundle: { ...bundle, anchor: { ...bundle.anchor!, proof: [bundle.output.modelId] } }, response: "Paris." });
    expect(result.reason).toBe("proof-invalid");
  });
});
