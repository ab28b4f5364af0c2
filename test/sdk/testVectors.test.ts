import { readFile } from "node:fs/promises";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { network } from "hardhat";
import { type Address, concat, domainSeparator, getAddress, type Hash, keccak256 } from "viem";
import { aiAttestBytecode } from "../../sdk/src/abi/aiAttestBytecode.js";
import { canonicalAttestAddresses } from "../../sdk/src/deployment/canonicalAttestAddresses.js";
import { deterministicDeploymentProxy } from "../../sdk/src/deployment/deterministicDeploymentProxy.js";
import { canonicalAttestSalt, getCanonicalAttestAddress } from "../../sdk/src/deployment/getCanonicalAttestAddress.js";
import { describe, expect, test } from "vitest";
import { computeModelId } from "../../sdk/src/hashing/computeModelId.js";
import { encodeContent, hashContent } from "../../sdk/src/hashing/hashContent.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { hashOutputStruct, outputTypeHash } from "../../sdk/src/hashing/hashOutputStruct.js";
import { processProof } from "../../sdk/src/merkle/internal/processProof.js";
import type { ContentEncoding } from "../../sdk/src/types/ContentEncoding.js";
import { lookupKeysOf } from "../../sdk/src/lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../../sdk/src/lookup/lookupSecretFingerprint.js";
import { lookupTagOf } from "../../sdk/src/lookup/lookupTagOf.js";
import { normalizeLookupText } from "../../sdk/src/lookup/normalizeLookupText.js";

const vectors = JSON.parse(await readFile(new URL("../../docs/test-vectors.json", import.meta.url), "utf8"));
const domain = { chainId: vectors.domain.chainId as number, contract: vectors.domain.contract as Address };
const output = { ...vectors.output.value, timestamp: BigInt(vectors.output.value.timestamp) };

describe("docs/test-vectors.json", () => {
  test("model id, content hashes and the output's type hash, struct hash, digest and leaf", () => {
    expect(computeModelId(vectors.modelId)).toBe(vectors.modelId.expected);
    for (const item of vectors.content as { text: string; encoding: ContentEncoding; salt: Hash; hash: Hash; canonical?: string }[]) {
      expect(hashContent({ salt: item.salt, content: item.text, encoding: item.encoding })).toBe(item.hash);
      if (item.canonical) expect(new TextDecoder().decode(encodeContent({ content: item.text, encoding: item.encoding }))).toBe(item.canonical);
    }
    expect(outputTypeHash).toBe(vectors.output.typeHash);
    expect(hashOutputStruct(output)).toBe(vectors.output.structHash);
    expect(hashOutput({ domain, output })).toBe(vectors.output.digest);
    expect(hashOutputLeaf(vectors.output.digest)).toBe(vectors.output.leaf);
    expect(domainSeparator({ domain: { name: vectors.domain.name, version: vectors.domain.version, chainId: domain.chainId, verifyingContract: domain.contract } })).toBe(vectors.domain.separator);
  });

  test("the provenance index (informative): fingerprint, normalized text, keys and tags, as PROTOCOL §11 quotes them", async () => {
    const protocol = await readFile(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8");
    const { secret, fingerprint, cases } = vectors.lookup as { secret: Hash; fingerprint: Hash; cases: { text: string; encoding: ContentEncoding; normalizedText: string; exact: Hash; normalized: Hash; exactTag: string; normalizedTag: string }[] };
    expect(lookupSecretFingerprint(secret)).toBe(fingerprint);
    expect(cases.map((item) => item.encoding)).toContain("jcs");
    expect(cases.map((item) => item.text)).toContain("\ufeffParis.");
    for (const item of cases) {
      const bytes = encodeContent({ content: item.text, encoding: item.encoding });
      // the text of the bytes exactly: a leading U+FEFF is part of it (PROTOCOL §11)
      expect(normalizeLookupText(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes))).toBe(item.normalizedText);
      expect(lookupKeysOf({ secret, bytes })).toEqual({ exact: item.exact, normalized: item.normalized });
      expect(String(lookupTagOf(item.exact))).toBe(item.exactTag);
      expect(String(lookupTagOf(item.normalized))).toBe(item.normalizedTag);
      for (const value of [item.exact, item.normalized, item.exactTag, item.normalizedTag]) expect(protocol).toContain(value);
    }
    for (const value of [secret, fingerprint]) expect(protocol).toContain(value);
  });

  test("the contract computes the same model id, digest and leaf at the vectors' address", async () => {
    const { viem } = await network.connect();
    const attest = await viem.deployContract("AIAttest");
    expect(getAddress(attest.address)).toBe(domain.contract);
    expect(await attest.read.computeModelId([vectors.modelId.publisher, vectors.modelId.name, vectors.modelId.version])).toBe(vectors.modelId.expected);
    expect(await attest.read.outputDigest([output])).toBe(vectors.output.digest);
    expect(await attest.read.outputLeaf([output])).toBe(vectors.output.leaf);
  });

  test("every Merkle proof leads to the root; OpenZeppelin's SimpleMerkleTree rebuilds it from the tree-order leaves", async () => {
    for (const [index, leaf] of (vectors.merkle.leaves as Hash[]).entries()) {
      expect(processProof(leaf, vectors.merkle.proofs[index])).toBe(vectors.merkle.root);
    }
    expect([...vectors.merkle.treeOrder].sort()).toEqual([...vectors.merkle.leaves].sort());
    expect(SimpleMerkleTree.of(vectors.merkle.treeOrder).root).toBe(vectors.merkle.root);
    // leafIndexes[i] is where leaves[i] stands in the manifest's (tree-order) list
    expect((vectors.merkle.leafIndexes as number[]).map((index) => vectors.merkle.treeOrder[index])).toEqual(vectors.merkle.leaves);
  });

  test("the canonical deployment: CREATE2 through the proxy with the salt, at the address PROTOCOL.md states", async () => {
    const { deployment } = vectors;
    expect(deployment).toEqual({
      proxy: deterministicDeploymentProxy.address,
      proxyRuntimeCode: deterministicDeploymentProxy.runtimeCode,
      salt: canonicalAttestSalt,
      creationCodeHash: keccak256(aiAttestBytecode),
      address: getCanonicalAttestAddress(),
    });
    // the derivation from the spec's formula, independently of viem's helper
    const derived = getAddress(`0x${keccak256(concat(["0xff", deployment.proxy, deployment.salt, deployment.creationCodeHash])).slice(26)}`);
    expect(derived).toBe(deployment.address);
    expect(canonicalAttestAddresses).toEqual([deployment.address]);
    expect(await readFile(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8")).toContain(deployment.address);
  });
});
