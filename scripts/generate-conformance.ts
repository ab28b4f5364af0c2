// Writes docs/conformance/cases.json: the offline conformance suite of PROTOCOL §8. Each case is the exact bundle
// text, the response (and request) as text or hex bytes, the contracts the verifier trusts, and the verdict a
// conforming verifier must give: `{valid, reason, unchecked}`. The expected verdicts are written here from the
// spec's rules, not computed by the SDK; test/sdk/conformance.test.ts checks the SDK against them.
// Deterministic: fixed keys, salts and times; RFC 6979 signatures. Run: npm run generate:vectors
import { writeFile } from "node:fs/promises";
import { type Address, type Hash, type Hex, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createReceipt, type CreateReceiptParameters } from "../sdk/src/bundle/createReceipt.js";
import type { ProofBundle } from "../sdk/src/bundle/ProofBundle.js";
import { hashOutput } from "../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../sdk/src/hashing/hashOutputLeaf.js";
import { createMerkleTree } from "../sdk/src/merkle/createMerkleTree.js";
import { getLeafIndex } from "../sdk/src/merkle/getLeafIndex.js";
import { getProof } from "../sdk/src/merkle/getProof.js";
import { type VerifyReason, verifyCheckNames } from "../sdk/src/verify/VerifyResult.js";
import { checkOfReason, expectedUnchecked } from "./conformance/expectedUnchecked.js";
import { onlineCases } from "./conformance/onlineCases.js";

// the first deployment on Hardhat's chain: not canonical, so every case names the contracts it trusts
const contract: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const otherContract: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const domain = { chainId: 31337, contract };
const salt = (label: string): Hash => keccak256(toHex(`aiattest conformance salt: ${label}`));
const signer = privateKeyToAccount(keccak256(toHex("aiattest vector signer key")));
const stranger = privateKeyToAccount(keccak256(toHex("aiattest conformance other key")));
const publisher: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const model = { name: "atlas", version: "1.0" };
const timestamp = 1_767_225_600n; // 2026-01-01T00:00:00Z
const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const p = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

let counter = 0;
const receipt = (overrides: Partial<CreateReceiptParameters> = {}) =>
  createReceipt({ signer, domain, publisher, model, response: "Paris.", recordId: "1", timestamp, salts: { response: salt(`r${counter++}`), request: salt(`q${counter}`) }, ...overrides });

// an anchored batch of five outputs (sorted leaves: OpenZeppelin SimpleMerkleTree's layout)
const batchResponses = ["Paris.", "", "yes", "naïve café — 東京 🚀👩‍👩‍👧", "The answer is 42.\n"];
const batchReceipts = await Promise.all(batchResponses.map((response, index) => receipt({ response, recordId: String(index + 1), timestamp: timestamp + BigInt(index) })));
const leafOf = (bundle: ProofBundle) => hashOutputLeaf(hashOutput({ domain: { chainId: bundle.chainId, contract: bundle.contract }, output: { ...bundle.output, timestamp: BigInt(bundle.output.timestamp) } }));
const leaves = batchReceipts.map(leafOf);
const tree = await createMerkleTree(leaves);
const anchored: ProofBundle[] = batchReceipts.map((bundle, index) => ({
  ...bundle,
  anchor: {
    root: tree.root,
    proof: getProof(tree, { leaf: leaves[index]! }),
    leafIndex: getLeafIndex(tree, { leaf: leaves[index]! }),
    anchorer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    txHash: keccak256(toHex("conformance anchor tx")),
    blockNumber: 12,
    anchoredAt: Number(timestamp) + 60,
    manifestUri: `https://lab.example/v1/batches/${tree.root}`,
  },
}));
const honest = anchored[0]!;
const withRequest = await receipt({ response: "4", request: "2+2?" });
const jcsReceipt = await receipt({ response: '{"b": [1, 2.50], "a": "é"}', request: '{"q": "capital of France?"}', encoding: "jcs" });
const signedAsText = await receipt({ response: '{"verdict":"innocent"}' });
const unicodeModel = await receipt({ model: { name: "Modèle 東京 🚀", version: "v2 — β" } });
const longName = await receipt({ model: { name: "n".repeat(256), version: "v".repeat(256) } });
const maxTime = await receipt({ timestamp: BigInt(Number.MAX_SAFE_INTEGER) });
const bigChain = await createReceipt({ signer, domain: { chainId: Number.MAX_SAFE_INTEGER, contract }, publisher, model, response: "Paris.", recordId: "1", timestamp, salts: { response: salt("big chain") } });
const strangerSigned = await receipt({ signer: stranger });

// signatures with chosen parts, for the signature classes
const sig = (bundle: ProofBundle) => ({ r: BigInt(bundle.signature.slice(0, 66)), s: BigInt(`0x${bundle.signature.slice(66, 130)}`), v: Number.parseInt(bundle.signature.slice(130), 16) });
const signature = ({ r, s, v }: { r: bigint; s: bigint; v: number }): Hex => `0x${r.toString(16).padStart(64, "0")}${s.toString(16).padStart(64, "0")}${v.toString(16).padStart(2, "0")}`;
const honestSig = sig(honest);
const flipV = honestSig.v === 27 ? 28 : 27;
// the smallest r with no curve point (x = r has no y): recovery is impossible
const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
  return result;
};
let offCurveR = 1n;
while (modPow((offCurveR ** 3n + 7n) % p, (p - 1n) / 2n, p) === 1n) offCurveR++;

type Content = { text: string } | { hex: Hex };
type Case = { id: string; rule: string; title: string; bundle: unknown; bundleText?: string; response: string | Content; request?: string | Content; trustedContracts?: Address[] | null; reason: VerifyReason | null };
const cases: Case[] = [
  // valid
  { id: "valid-anchored", rule: "§8", title: "an honest anchored bundle", bundle: honest, response: "Paris.", reason: null },
  { id: "valid-empty-response", rule: "§3", title: "an empty response", bundle: anchored[1], response: "", reason: null },
  { id: "valid-unicode-response", rule: "§3", title: "multi-byte Unicode, emoji and a ZWJ sequence, hashed as exact UTF-8", bundle: anchored[3], response: batchResponses[3]!, reason: null },
  { id: "valid-receipt", rule: "§7", title: "a signed-only receipt (merkleProof skipped)", bundle: batchReceipts[2], response: "yes", reason: null },
  { id: "valid-request", rule: "§8 check 4", title: "a committed request, given", bundle: withRequest, response: "4", request: "2+2?", reason: null },
  { id: "valid-request-not-given", rule: "§8 check 4", title: "a committed request, not given: skipped and unchecked", bundle: withRequest, response: "4", reason: null },
  { id: "valid-jcs", rule: "§3", title: "a jcs response and request, given in another key order and spacing", bundle: jcsReceipt, response: '{ "a": "\\u00e9", "b": [1, 2.5] }', request: '{"q":"capital of France?"}', reason: null },
  { id: "valid-non-ascii-model", rule: "§2", title: "a non-ASCII model name and version (abi.encode of UTF-8)", bundle: unicodeModel, response: "Paris.", reason: null },
  { id: "valid-lowercase-addresses", rule: "§7", title: "all-lower-case addresses carry no checksum", bundle: JSON.parse(JSON.stringify(honest).replace(/"0x[0-9a-fA-F]{40}"/g, (match) => match.toLowerCase())), response: "Paris.", reason: null },
  { id: "valid-uppercase-addresses", rule: "§7", title: "all-upper-case addresses carry no checksum", bundle: JSON.parse(JSON.stringify(honest).replace(/"0x([0-9a-fA-F]{40})"/g, (_, hex: string) => `"0x${hex.toUpperCase()}"`)), response: "Paris.", reason: null },
  { id: "valid-name-at-limit", rule: "§7 limits", title: "model name and version of 256 characters", bundle: longName, response: "Paris.", reason: null },
  { id: "valid-record-id-at-limit", rule: "§7 limits", title: "a record id of 128 characters", bundle: { ...honest, recordId: "r".repeat(128) }, response: "Paris.", reason: null },
  { id: "valid-manifest-uri-at-limit", rule: "§7 limits", title: "a manifest URI of 2048 characters", bundle: { ...honest, anchor: { ...honest.anchor!, manifestUri: `https://lab.example/${"m".repeat(2028)}` } }, response: "Paris.", reason: null },
  { id: "valid-timestamp-at-limit", rule: "§7 limits", title: "a claimed time of 2^53 - 1", bundle: maxTime, response: "Paris.", reason: null },
  { id: "valid-chain-id-at-limit", rule: "§7 limits", title: "a chain id of 2^53 - 1", bundle: bigChain, response: "Paris.", reason: null },
  // trust (§6, check 2)
  { id: "untrusted-default", rule: "§6", title: "by default only the canonical address is trusted", bundle: honest, response: "Paris.", trustedContracts: null, reason: "untrusted-contract" },
  { id: "untrusted-not-listed", rule: "§6", title: "a contract not among those trusted", bundle: { ...honest, contract: otherContract }, response: "Paris.", reason: "untrusted-contract" },
  // content and request (checks 3, 4)
  { id: "content-one-character", rule: "§3", title: "one character changed", bundle: honest, response: "Paris!", reason: "content-mismatch" },
  { id: "content-trailing-newline", rule: "§3", title: "a trailing newline dropped (no normalization)", bundle: anchored[4], response: "The answer is 42.", reason: "content-mismatch" },
  { id: "content-utf8-re-presented-as-jcs", rule: "§3", title: "a utf8 text re-presented as jcs (the encoding is bound into the hash)", bundle: { ...signedAsText, content: { ...signedAsText.content, encoding: "jcs" } }, response: '{"verdict":"innocent"}', reason: "content-mismatch" },
  { id: "content-invalid-utf8", rule: "§3", title: "response bytes that are not UTF-8, under utf8", bundle: honest, response: { hex: "0x5061726973ff" }, reason: "content-mismatch" },
  { id: "content-jcs-duplicate-key", rule: "§3", title: "a jcs response with a duplicate key (not I-JSON)", bundle: jcsReceipt, response: '{"a":"é","b":[1,2.5],"a":"é"}', request: '{"q":"capital of France?"}', reason: "content-mismatch" },
  { id: "content-jcs-lone-surrogate", rule: "§3", title: "a jcs response with a lone surrogate escape", bundle: jcsReceipt, response: '{"a":"\\ud800","b":[1,2.5]}', reason: "content-mismatch" },
  { id: "content-jcs-not-json", rule: "§3", title: "a jcs response that is not JSON (NaN)", bundle: jcsReceipt, response: '{"a":NaN}', reason: "content-mismatch" },
  { id: "request-mismatch", rule: "§8 check 4", title: "a wrong request", bundle: withRequest, response: "4", request: "2+3?", reason: "request-mismatch" },
  { id: "request-not-committed", rule: "§8 check 4", title: "a request given where none is committed", bundle: honest, response: "Paris.", request: "What is the capital of France?", reason: "request-not-committed" },
  { id: "request-withheld", rule: "§8 check 4", title: "a request given, its salt withheld", bundle: { ...withRequest, content: { ...withRequest.content, requestSalt: null } }, response: "4", request: "2+2?", reason: "request-withheld" },
  { id: "request-jcs-encoded-as-response", rule: "§3", title: "the request is encoded under the response's encoding: its jcs text in another form still matches", bundle: jcsReceipt, response: '{"a":"é","b":[1,2.5]}', request: '{ "q" : "capital of France?" }', reason: null },
  // signature classes (check 5)
  { id: "signature-v-0", rule: "§4 signature classes", title: "v = 0", bundle: { ...honest, signature: signature({ ...honestSig, v: 0 }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-v-1", rule: "§4 signature classes", title: "v = 1", bundle: { ...honest, signature: signature({ ...honestSig, v: 1 }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-v-29", rule: "§4 signature classes", title: "v = 29", bundle: { ...honest, signature: signature({ ...honestSig, v: 29 }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-r-zero", rule: "§4 signature classes", title: "r = 0", bundle: { ...honest, signature: signature({ ...honestSig, r: 0n }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-r-n", rule: "§4 signature classes", title: "r = n", bundle: { ...honest, signature: signature({ ...honestSig, r: n }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-r-off-curve", rule: "§4 signature classes", title: "r with no curve point", bundle: { ...honest, signature: signature({ ...honestSig, r: offCurveR }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-s-zero", rule: "§4 signature classes", title: "s = 0", bundle: { ...honest, signature: signature({ ...honestSig, s: 0n }) }, response: "Paris.", reason: "malformed-signature" },
  { id: "signature-high-s-twin", rule: "§4 signature classes", title: "the high-s twin of the valid signature", bundle: { ...honest, signature: signature({ r: honestSig.r, s: n - honestSig.s, v: flipV }) }, response: "Paris.", reason: "malleable-signature" },
  { id: "signature-s-n", rule: "§4 signature classes", title: "s = n (above n/2: malleable before range)", bundle: { ...honest, signature: signature({ ...honestSig, s: n }) }, response: "Paris.", reason: "malleable-signature" },
  { id: "signature-other-key", rule: "§4 signature classes", title: "signed by another key than the bundle's signer", bundle: { ...strangerSigned, signer: signer.address }, response: "Paris.", reason: "bad-signature" },
  { id: "signature-replayed-other-chain", rule: "§4", title: "replayed on another chain", bundle: { ...honest, chainId: 1 }, response: "Paris.", reason: "bad-signature" },
  { id: "signature-replayed-other-contract", rule: "§4", title: "replayed on another contract (both trusted)", bundle: { ...honest, contract: otherContract }, response: "Paris.", trustedContracts: [contract, otherContract], reason: "bad-signature" },
  // model id, Merkle proof (checks 6, 7)
  { id: "model-renamed", rule: "§2", title: "the model renamed", bundle: { ...honest, model: { name: "atlas-pro", version: "1.0" } }, response: "Paris.", reason: "model-id-mismatch" },
  { id: "model-other-publisher", rule: "§2", title: "the publisher replaced (the signature does not cover it; the model id does)", bundle: { ...honest, publisher: otherContract }, response: "Paris.", reason: "model-id-mismatch" },
  { id: "proof-of-another-leaf", rule: "§5", title: "another leaf's proof", bundle: { ...honest, anchor: { ...honest.anchor!, proof: anchored[1]!.anchor!.proof } }, response: "Paris.", reason: "proof-invalid" },
  { id: "proof-inner-node-as-leaf", rule: "§4", title: "an inner node passed off as a leaf (proof shortened)", bundle: { ...honest, anchor: { ...honest.anchor!, proof: honest.anchor!.proof.slice(1) } }, response: "Paris.", reason: "proof-invalid" },
  { id: "proof-of-256-hashes", rule: "§7 limits", title: "a proof of 256 hashes (well-formed, wrong)", bundle: { ...honest, anchor: { ...honest.anchor!, proof: Array.from({ length: 256 }, (_, i) => keccak256(toHex(i))) } }, response: "Paris.", reason: "proof-invalid" },
  { id: "leaf-index-unbound", rule: "§8 what a verdict states", title: "leafIndex is not bound by the proof: another index still verifies", bundle: { ...honest, anchor: { ...honest.anchor!, leafIndex: 3 } }, response: "Paris.", reason: null },
  // precedence: the first failure decides
  { id: "precedence-bundle-over-all", rule: "§8 precedence", title: "a malformed bundle whose text was also changed", bundle: { ...honest, format: "aiattest-bundle-v0" }, response: "Paris!", reason: "malformed-bundle" },
  { id: "precedence-contract-over-content", rule: "§8 precedence", title: "an untrusted contract and a changed text", bundle: { ...honest, contract: otherContract }, response: "Paris!", reason: "untrusted-contract" },
  { id: "precedence-content-over-signature", rule: "§8 precedence", title: "an altered responseHash: content and signature both fail", bundle: { ...honest, output: { ...honest.output, responseHash: keccak256("0x01") } }, response: "Paris.", reason: "content-mismatch" },
  { id: "precedence-request-over-signature", rule: "§8 precedence", title: "an altered requestHash: request and signature both fail", bundle: { ...withRequest, output: { ...withRequest.output, requestHash: keccak256("0x02") } }, response: "4", request: "2+2?", reason: "request-mismatch" },
  { id: "precedence-signature-over-model-id", rule: "§8 precedence", title: "a malleable signature and a renamed model", bundle: { ...honest, signature: signature({ r: honestSig.r, s: n - honestSig.s, v: flipV }), model: { name: "atlas-pro", version: "1.0" } }, response: "Paris.", reason: "malleable-signature" },
  { id: "precedence-model-id-over-proof", rule: "§8 precedence", title: "a renamed model and another leaf's proof", bundle: { ...honest, model: { name: "atlas-pro", version: "1.0" }, anchor: { ...honest.anchor!, proof: anchored[1]!.anchor!.proof } }, response: "Paris.", reason: "model-id-mismatch" },
  // malformed bundles (check 1)
  { id: "malformed-format-tag", rule: "§7", title: "a bad format tag", bundle: { ...honest, format: "aiattest-bundle-v0" }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-short-salt", rule: "§7", title: "a short salt", bundle: { ...honest, content: { ...honest.content, responseSalt: "0x1234" } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-unknown-field", rule: "§7", title: "an unknown field", bundle: { ...honest, note: "hello" }, response: "Paris.", reason: "malformed-bundle" },
  { id: "bundle-url-ignored", rule: "§7", title: "a bundleUrl (a locator: valid, and ignored by verification)", bundle: { ...honest, bundleUrl: "https://proofs.lab.example/v1/records/1" }, response: "Paris.", reason: null },
  { id: "malformed-bundle-url-scheme", rule: "§7", title: "a bundleUrl that is not http(s)", bundle: { ...honest, bundleUrl: "javascript:alert(1)" }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-bad-checksum", rule: "§7", title: "a mixed-case address whose case is not its EIP-55 checksum", bundle: { ...honest, signer: `0x${signer.address.slice(2, 3) === signer.address.slice(2, 3).toUpperCase() ? signer.address.slice(2, 3).toLowerCase() : signer.address.slice(2, 3).toUpperCase()}${signer.address.slice(3)}` }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-duplicate-key", rule: "§7", title: "bundle text with a duplicate key (the later one valid)", bundle: null, bundleText: JSON.stringify(honest).replace('"recordId":"1"', '"recordId":"x","recordId":"1"'), response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-not-json", rule: "§7", title: "bundle text that is not JSON", bundle: null, bundleText: "{not json", response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-control-in-name", rule: "§7", title: "a control character in the model name", bundle: { ...honest, model: { name: "atlas\r\u001b[2K", version: "1.0" } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-bidi-in-record-id", rule: "§7", title: "a bidi override in the record id", bundle: { ...honest, recordId: "1\u202e" }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-name-past-limit", rule: "§7 limits", title: "a model name of 257 characters", bundle: { ...longName, model: { ...longName.model, name: "n".repeat(257) } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-empty-version", rule: "§7 limits", title: "an empty model version", bundle: { ...honest, model: { name: "atlas", version: "" } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-record-id-past-limit", rule: "§7 limits", title: "a record id of 129 characters", bundle: { ...honest, recordId: "r".repeat(129) }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-manifest-uri-past-limit", rule: "§7 limits", title: "a manifest URI of 2049 characters", bundle: { ...honest, anchor: { ...honest.anchor!, manifestUri: `https://lab.example/${"m".repeat(2029)}` } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-proof-past-limit", rule: "§7 limits", title: "a proof of 257 hashes", bundle: { ...honest, anchor: { ...honest.anchor!, proof: Array.from({ length: 257 }, (_, i) => keccak256(toHex(i))) } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-timestamp-past-limit", rule: "§7 limits", title: "a claimed time of 2^53", bundle: null, bundleText: JSON.stringify(maxTime).replace(`"timestamp":${Number.MAX_SAFE_INTEGER}`, '"timestamp":9007199254740992'), response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-timestamp-fraction", rule: "§7 limits", title: "a claimed time that is not whole", bundle: { ...honest, output: { ...honest.output, timestamp: 1.5 } }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-chain-id-zero", rule: "§7 limits", title: "chain id 0", bundle: { ...honest, chainId: 0 }, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-number-with-fraction", rule: "§7", title: "an integer written with a fraction (31337.0)", bundle: null, bundleText: JSON.stringify(honest).replace('"chainId":31337', '"chainId":31337.0'), response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-number-with-exponent", rule: "§7", title: "an integer written with an exponent (3.1337e4)", bundle: null, bundleText: JSON.stringify(honest).replace('"chainId":31337', '"chainId":3.1337e4'), response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-negative-zero", rule: "§7", title: "a leaf index written as -0", bundle: null, bundleText: JSON.stringify(honest).replace(`"leafIndex":${honest.anchor!.leafIndex}`, '"leafIndex":-0'), response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-byte-order-mark", rule: "§7", title: "bundle text that starts with a byte order mark", bundle: null, bundleText: `\ufeff${JSON.stringify(honest)}`, response: "Paris.", reason: "malformed-bundle" },
  { id: "malformed-too-large", rule: "§7 limits", title: "bundle text of 65,537 bytes (valid JSON padded with spaces)", bundle: null, bundleText: `${JSON.stringify(honest)}${" ".repeat(65_537 - JSON.stringify(honest).length)}`, response: "Paris.", reason: "malformed-bundle" },
  { id: "valid-at-size-limit", rule: "§7 limits", title: "bundle text of exactly 65,536 bytes", bundle: honest, bundleText: `${JSON.stringify(honest)}${" ".repeat(65_536 - JSON.stringify(honest).length)}`, response: "Paris.", reason: null },
];

const content = (value: string | Content | undefined): Content | undefined => (value === undefined ? undefined : typeof value === "string" ? { text: value } : value);
const offlineSuite = cases.map(({ id, rule, title, bundle, bundleText, response, request, trustedContracts, reason }) => ({
  id,
  rule,
  title,
  input: {
    bundle: bundleText ?? JSON.stringify(bundle),
    response: content(response),
    ...(request === undefined ? {} : { request: content(request) }),
    trustedContracts: trustedContracts === undefined ? [contract] : trustedContracts,
  },
  expected: {
    valid: reason === null,
    reason,
    unchecked: expectedUnchecked({ failed: reason === null ? undefined : checkOfReason[reason], isRequestGiven: request !== undefined, isAnchored: (bundle as ProofBundle | null)?.anchor != null }),
  },
}));
// online: real scenarios on an in-process chain, their facts captured for the bundle; runtime codes are listed
// once, in `codes`, and named by their keccak256 in each case's `chain.code`
const codes: Record<Hash, Hex> = {};
const onlineSuite = (await onlineCases()).map(({ id, title, bundle, response, chain, options, reason, failed }) => ({
  id,
  rule: `§8 check ${verifyCheckNames.indexOf(failed ?? (reason === null ? "anchorDelay" : checkOfReason[reason]!)) + 1}`,
  title,
  input: {
    bundle: JSON.stringify(bundle),
    response: { text: response },
    trustedContracts: [contract],
    options,
    chain: {
      ...chain,
      code: Object.fromEntries(
        Object.entries(chain.code).map(([address, code]) => {
          codes[keccak256(code)] = code;
          return [address, keccak256(code)];
        }),
      ),
    },
  },
  expected: {
    valid: reason === null,
    reason,
    unchecked: expectedUnchecked({ failed: reason === null ? undefined : (failed ?? checkOfReason[reason]), isOnline: true, isAnchored: bundle.anchor !== null, hasAnchorDelay: options.maxAnchorDelay !== undefined }),
  },
}));

const suite = {
  format: "aiattest-conformance-v1",
  spec: "docs/PROTOCOL.md, revision 1.3",
  description:
    "Conformance cases for an aiattest verifier (PROTOCOL §8). For each case: parse `input.bundle` (the exact bundle text), take the response and request (`text`: a string, hashed as its UTF-8; `hex`: raw bytes), trust exactly `input.trustedContracts` (null: the canonical addresses of PROTOCOL §6), apply `input.options`, verify offline, or, when `input.chain` is present, online against an RPC that answers with those facts (docs/conformance/README.md; `chain.code` names runtime codes by their keccak256, listed in `codes`), and compare {valid, reason, unchecked} with `expected`.",
  cases: [...offlineSuite, ...onlineSuite],
  codes,
};
await writeFile(new URL("../docs/conformance/cases.json", import.meta.url), `${JSON.stringify(suite, null, 2)}\n`);
console.log(`wrote docs/conformance/cases.json (${offlineSuite.length} offline and ${onlineSuite.length} online cases)`);
process.exit(0);
