// Writes docs/test-vectors.json: the fixed inputs and expected outputs that docs/PROTOCOL.md specifies and that
// test/sdk/testVectors.test.ts checks against the SDK (and, for the digest, against the contract). Every value
// is deterministic: fixed keys, salts and times; RFC 6979 signatures. Run: npm run generate:vectors
import { writeFile } from "node:fs/promises";
import { type Hash, type Hex, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { aiAttestBytecode } from "../sdk/src/abi/aiAttestBytecode.js";
import { createReceipt } from "../sdk/src/bundle/createReceipt.js";
import { deterministicDeploymentProxy } from "../sdk/src/deployment/deterministicDeploymentProxy.js";
import { canonicalAttestSalt, getCanonicalAttestAddress } from "../sdk/src/deployment/getCanonicalAttestAddress.js";
import type { ProofBundle } from "../sdk/src/bundle/ProofBundle.js";
import { computeModelId } from "../sdk/src/hashing/computeModelId.js";
import { hashContent } from "../sdk/src/hashing/hashContent.js";
import { hashOutput } from "../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../sdk/src/hashing/hashOutputLeaf.js";
import { hashOutputStruct, outputTypeHash } from "../sdk/src/hashing/hashOutputStruct.js";
import { createMerkleTree } from "../sdk/src/merkle/createMerkleTree.js";
import { getLeafIndex } from "../sdk/src/merkle/getLeafIndex.js";
import { getLeaves } from "../sdk/src/merkle/getLeaves.js";
import { getProof } from "../sdk/src/merkle/getProof.js";
import { secp256k1HalfOrder } from "../sdk/src/signing/recoverOutputSigner.js";

const salt = (label: string): Hash => keccak256(toHex(`aiattest vector salt: ${label}`));
// Hardhat's first account deploys the contract first, so the in-process test chain has it at this address. It is
// not the canonical address, so the bundle vectors trust it explicitly (`options.trustedContracts`): the vectors
// stay the same when the contract's code (and so its canonical address) changes
const domain = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const otherContract = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const;
const trusted = { trustedContracts: [domain.contract] };
const signerKey: Hex = keccak256(toHex("aiattest vector signer key"));
const publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const model = { name: "atlas", version: "1.0" };
const timestamp = 1_767_225_600n; // 2026-01-01T00:00:00Z

const contentCases = [
  { text: "", encoding: "utf8" },
  { text: "Paris.", encoding: "utf8" },
  { text: "naïve café — 東京 🚀👩‍👩‍👧", encoding: "utf8" },
  { text: '{"b": [1, 2.50], "a": "é"}', encoding: "jcs", canonical: '{"a":"é","b":[1,2.5]}' },
] as const;

const content = contentCases.map((item, index) => ({
  ...item,
  salt: salt(`content ${index}`),
  hash: hashContent({ salt: salt(`content ${index}`), content: item.text, encoding: item.encoding }),
}));

const output = { modelId: computeModelId({ publisher, ...model }), requestHash: content[1]!.hash, responseHash: content[2]!.hash, timestamp };
const digest = hashOutput({ domain, output });

// five signed receipts, anchored as one batch (leaves sorted: OpenZeppelin SimpleMerkleTree's layout)
const signer = privateKeyToAccount(signerKey);
const responses = ["Paris.", "", "yes", "naïve café — 東京 🚀👩‍👩‍👧", "The answer is 42.\n"];
const receipts = await Promise.all(
  responses.map((response, index) =>
    createReceipt({ signer, domain, publisher, model, response, recordId: String(index + 1), timestamp: timestamp + BigInt(index), salts: { response: salt(`receipt ${index}`) } }),
  ),
);
const leaves = receipts.map((receipt) => hashOutputLeaf(hashOutput({ domain, output: { ...receipt.output, timestamp: BigInt(receipt.output.timestamp) } })));
const tree = await createMerkleTree(leaves);
const root = tree.root;
const anchored: ProofBundle[] = receipts.map((receipt, index) => ({
  ...receipt,
  anchor: {
    root,
    proof: getProof(tree, { leaf: leaves[index]! }),
    leafIndex: getLeafIndex(tree, { leaf: leaves[index]! }),
    anchorer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    txHash: keccak256(toHex("vector anchor tx")),
    blockNumber: 12,
    anchoredAt: Number(timestamp) + 60,
    manifestUri: `https://lab.example/v1/batches/${root}`,
  },
}));

const honest = anchored[0]!;
const s = BigInt(`0x${honest.signature.slice(66, 130)}`);
const highS = `${honest.signature.slice(0, 66)}${(2n * secp256k1HalfOrder + 1n - s).toString(16).padStart(64, "0")}${honest.signature.slice(130) === "1b" ? "1c" : "1b"}` as Hex;
const withRequest = await createReceipt({ signer, domain, publisher, model, response: "4", request: "2+2?", recordId: "6", timestamp, salts: { response: salt("req response"), request: salt("req request") } });

// a canonical JSON text signed as utf8, then re-presented as jcs with a duplicate key that JSON.parse drops
const signedAsText = await createReceipt({ signer, domain, publisher, model, response: '{"verdict":"innocent"}', recordId: "7", timestamp, salts: { response: salt("flip") } });

const bundleCases = [
  { name: "anchored, honest", bundle: honest, response: responses[0], expected: { valid: true, reason: null } },
  { name: "anchored, empty response", bundle: anchored[1], response: responses[1], expected: { valid: true, reason: null } },
  { name: "anchored, unicode and emoji", bundle: anchored[3], response: responses[3], expected: { valid: true, reason: null } },
  { name: "signed-only receipt", bundle: receipts[2], response: responses[2], expected: { valid: true, reason: null } },
  { name: "request committed and given", bundle: withRequest, response: "4", request: "2+2?", expected: { valid: true, reason: null } },
  { name: "request committed, not given (request check skipped)", bundle: withRequest, response: "4", expected: { valid: true, reason: null } },
  { name: "contract not trusted (the canonical address is the default trust)", bundle: honest, response: responses[0], options: {}, expected: { valid: false, reason: "untrusted-contract" } },
  { name: "contract not among those trusted", bundle: { ...honest, contract: otherContract }, response: responses[0], expected: { valid: false, reason: "untrusted-contract" } },
  { name: "one character changed", bundle: honest, response: "Paris!", expected: { valid: false, reason: "content-mismatch" } },
  { name: "trailing newline dropped", bundle: anchored[4], response: "The answer is 42.", expected: { valid: false, reason: "content-mismatch" } },
  { name: "wrong request", bundle: withRequest, response: "4", request: "2+3?", expected: { valid: false, reason: "request-mismatch" } },
  { name: "request given, none committed", bundle: honest, response: responses[0], request: "What is the capital of France?", expected: { valid: false, reason: "request-not-committed" } },
  { name: "request given, its salt withheld", bundle: { ...withRequest, content: { ...withRequest.content, requestSalt: null } }, response: "4", request: "2+2?", expected: { valid: false, reason: "request-withheld" } },
  { name: "replayed on another chain", bundle: { ...honest, chainId: 1 }, response: responses[0], expected: { valid: false, reason: "bad-signature" } },
  { name: "replayed on another contract (both trusted)", bundle: { ...honest, contract: otherContract }, response: responses[0], options: { trustedContracts: [domain.contract, otherContract] }, expected: { valid: false, reason: "bad-signature" } },
  { name: "high-s twin signature", bundle: { ...honest, signature: highS }, response: responses[0], expected: { valid: false, reason: "malleable-signature" } },
  { name: "model renamed", bundle: { ...honest, model: { name: "atlas-pro", version: "1.0" } }, response: responses[0], expected: { valid: false, reason: "model-id-mismatch" } },
  { name: "proof of another leaf", bundle: { ...honest, anchor: { ...honest.anchor!, proof: anchored[1]!.anchor!.proof } }, response: responses[0], expected: { valid: false, reason: "proof-invalid" } },
  { name: "inner node passed as a leaf (proof shortened)", bundle: { ...honest, anchor: { ...honest.anchor!, proof: honest.anchor!.proof.slice(1) } }, response: responses[0], expected: { valid: false, reason: "proof-invalid" } },
  { name: "utf8 text re-presented as jcs (the encoding is bound into the hash)", bundle: { ...signedAsText, content: { ...signedAsText.content, encoding: "jcs" } }, response: '{"verdict":"guilty","verdict":"innocent"}', expected: { valid: false, reason: "content-mismatch" } },
  { name: "malformed: bad format tag", bundle: { ...honest, format: "aiattest-bundle-v0" }, response: responses[0], expected: { valid: false, reason: "malformed-bundle" } },
  { name: "malformed: short salt", bundle: { ...honest, content: { ...honest.content, responseSalt: "0x1234" } }, response: responses[0], expected: { valid: false, reason: "malformed-bundle" } },
  { name: "malformed: a control character in the model name", bundle: { ...honest, model: { name: "atlas\r\u001b[2K", version: "1.0" } }, response: responses[0], expected: { valid: false, reason: "malformed-bundle" } },
  { name: "malformed: a bidi override in the record id", bundle: { ...honest, recordId: "1\u202e" }, response: responses[0], expected: { valid: false, reason: "malformed-bundle" } },
];
// every case says what it trusts: the vector domain's contract unless it says otherwise
const bundles = bundleCases.map(({ options, ...rest }) => ({ ...rest, options: options ?? trusted }));

// the canonical deployment of the contract this SDK ships (changes with the contract's code)
const canonicalAddress = getCanonicalAttestAddress();
const deployment = {
  proxy: deterministicDeploymentProxy.address,
  proxyRuntimeCode: deterministicDeploymentProxy.runtimeCode,
  salt: canonicalAttestSalt,
  creationCodeHash: keccak256(aiAttestBytecode),
  address: canonicalAddress,
};

const vectors = {
  description: "aiattest protocol test vectors; see docs/PROTOCOL.md. Checked by test/sdk/testVectors.test.ts.",
  domain: { name: "aiattest", version: "1", ...domain },
  modelId: { publisher, ...model, expected: computeModelId({ publisher, ...model }) },
  content,
  output: {
    typeString: "Output(bytes32 modelId,bytes32 requestHash,bytes32 responseHash,uint64 timestamp)",
    typeHash: outputTypeHash,
    value: { ...output, timestamp: Number(output.timestamp) },
    structHash: hashOutputStruct(output),
    digest,
    leaf: hashOutputLeaf(digest),
  },
  // `leaves` in signing order; `treeOrder` as a manifest lists them (sorted), which a bundle's leafIndex indexes
  merkle: { leaves, treeOrder: getLeaves(tree), root, proofs: leaves.map((leaf) => getProof(tree, { leaf })) },
  signer: { privateKey: signerKey, address: signer.address },
  deployment,
  bundles,
};
await writeFile(new URL("../docs/test-vectors.json", import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`wrote docs/test-vectors.json (${bundles.length} bundle vectors)`);
