import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { renderExplorerInputs } from "../cli/render/renderExplorerInputs.js";
import { explorerInputs } from "./explorerInputs.js";

// the bundle of docs/AUDITORS.md's worked example, made on a hardhat node by record, anchor and proof
const text = readFileSync(new URL("../../../test/fixtures/bundle-v1-auditors-example.json", import.meta.url), "utf8");
const bundle = JSON.parse(text) as ProofBundle;
const response = "The capital of France is Paris.\n";

describe("explorerInputs", () => {
  test("the worked example's paste values and answers, as docs/AUDITORS.md shows them", () => {
    const rendered = renderExplorerInputs(explorerInputs(text, { response, responseFile: "answer.txt" }));
    // the one-liner is tested by running it (responseHashCommand.test.ts); here only its shape
    expect(rendered.replace(/node -e '.*' answer\.txt/, "node -e '…' answer.txt")).toMatchInlineSnapshot(`
      "Check it by hand on a block explorer of chain 31337: open contract 0x94000C2c306a5ba5D43b05831d99b82465B6F4d1, tab Read Contract
      (first check that this address is the contract you trust: the canonical AIAttest address, or the one you were given).
      Paste each value after its "): ". A struct goes in whole, in brackets, or field by field where the form has one box per field.

      1. verifySignedOutput((bytes32,bytes32,bytes32,uint64),bytes,bytes32,bytes32[])
         the whole on-chain verdict: the output is in a batch its publisher anchored, signed by the publisher's signer key valid when claimed and when anchored
         output (tuple(bytes32,bytes32,bytes32,uint64)): ["0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04","0x0000000000000000000000000000000000000000000000000000000000000000","0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833","1796042251"]
             modelId (bytes32): 0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04
             requestHash (bytes32): 0x0000000000000000000000000000000000000000000000000000000000000000
             responseHash (bytes32): 0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833
             timestamp (uint64): 1796042251
         signature (bytes): 0xe45fdc2d66397d0d55444e33eab2d7b1b842ed7a31e19d26a89a8d3442f905735cb46d3ded3bfdbcef41d0a1d9e02bd5b9ab5e82b7b5834e04bcd437f32f005e1b
         root (bytes32): 0x4a3707fbf1370c90c64be03e23d7a4bf2531bc2fc95d7c0510058fc5f37eee9a
         proof (bytes32[]): ["0x3c6dc33c3e87e3f8bce6b34f197c5283e09211a8d0bb6fa98bdbf397e26f6325"]
         expected:
           valid (bool) = true
           anchoredAt (uint64) = 1796042267
           signer (address) = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8

      2. getBatch(address,bytes32)
         the batch: who anchored it and when (block time)
         publisher (address): 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
         root (bytes32): 0x4a3707fbf1370c90c64be03e23d7a4bf2531bc2fc95d7c0510058fc5f37eee9a
         expected:
           anchorer (address) = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
           anchoredAt (uint64) = 1796042267
           count (uint32): at least 2 (the batch's size; the manifest lists every leaf)

      3. outputLeaf((bytes32,bytes32,bytes32,uint64))
         the output's Merkle leaf: the batch's manifest (anchor.manifestUri) must list it, at leaves[1]
         output (tuple(bytes32,bytes32,bytes32,uint64)): ["0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04","0x0000000000000000000000000000000000000000000000000000000000000000","0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833","1796042251"]
             modelId (bytes32): 0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04
             requestHash (bytes32): 0x0000000000000000000000000000000000000000000000000000000000000000
             responseHash (bytes32): 0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833
             timestamp (uint64): 1796042251
         expected:
           (bytes32) = 0x41149a9e3f490c2cf5aa52d552b108f0317b3bebd566a63288a797a1c0879fde

      4. getModel(bytes32)
         the model: its publisher, name and version (the model id binds all three)
         modelId (bytes32): 0x4ff1964ee09b77fb67051bc706acba0c2d991e5bd01b8c048ee9defdc5a89c04
         expected:
           publisher (address) = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
           registeredAt (uint64): any time (unix seconds)
           retiredAt (uint64): 0 (active), or later than 1796042251 (the output's claimed time)
           weightsDigest (bytes32): any (the publisher's digest of the weights)
           parentModelId (bytes32): any (the model it derives from, or zero)
           name (string) = atlas
           version (string) = 1.0
           metadataURI (string): any (the model card)

      5. getKey(address)
         the signer key: whose it is, its role and its validity window
         account (address): 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
         expected:
           publisher (address) = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
           role (uint8) = 2
           validFrom (uint64): at most 1796042251 (the output's claimed time)
           validUntil (uint64): later than 1796042267 (the claimed and the anchored time)

      6. isValidSigner(address,address,uint64)
         the signer's window at the output's claimed time (1796042251)
         publisher (address): 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
         key (address): 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
         time (uint64): 1796042251
         expected:
           (bool) = true

      7. isValidSigner(address,address,uint64)
         the signer's window at the anchored time (1796042267): a key revoked before the anchor cannot have signed
         publisher (address): 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
         key (address): 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
         time (uint64): 1796042267
         expected:
           (bool) = true

      An explorer cannot hash the response: recompute responseHash = keccak256(salt ‖ response) from the response file with Node alone
      (any version from 12; in a POSIX shell, in the folder holding the file):
        node -e '…' answer.txt
      It must print 0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833, the bundle's responseHash (the third field of \`output\` above).
      The response given hashes to it: 0xf47c9ccf0b23d163fd5f48a64f6ebe495d0b43b84496e6e353b0a8435900d833."
    `);
  });

  test("arguments follow the ABI: a struct both whole (JSON strings in brackets) and field by field, arrays in brackets", () => {
    const [verdict] = explorerInputs(bundle).calls;
    expect(verdict!.signature).toBe("verifySignedOutput((bytes32,bytes32,bytes32,uint64),bytes,bytes32,bytes32[])");
    const [output, signature, root, proof] = verdict!.inputs;
    expect(output).toMatchObject({ name: "output", type: "tuple(bytes32,bytes32,bytes32,uint64)" });
    expect(JSON.parse(output!.value)).toEqual([bundle.output.modelId, bundle.output.requestHash, bundle.output.responseHash, String(bundle.output.timestamp)]);
    expect(output!.components!.map((field) => `${field.name}:${field.type}`)).toEqual(["modelId:bytes32", "requestHash:bytes32", "responseHash:bytes32", "timestamp:uint64"]);
    expect([signature!.value, root!.value]).toEqual([bundle.signature, bundle.anchor!.root]);
    expect(JSON.parse(proof!.value)).toEqual(bundle.anchor!.proof);
  });

  test("a signed-only receipt has no root: no verifySignedOutput, getBatch or outputLeaf, and a note says why", () => {
    const inputs = explorerInputs({ ...bundle, anchor: null });
    expect(inputs.calls.map((call) => call.function)).toEqual(["getModel", "getKey", "isValidSigner"]);
    expect(inputs.notes).toHaveLength(1);
  });

  test("a response that is not the signed one is reported, not hidden; none given computes nothing", () => {
    expect(explorerInputs(bundle, { response: "The capital of France is Lyon.\n" }).responseHash.computed).not.toBe(bundle.output.responseHash);
    expect(explorerInputs(bundle, { response: new TextEncoder().encode(response) }).responseHash.computed).toBe(bundle.output.responseHash);
    expect(explorerInputs(bundle).responseHash.computed).toBeNull();
  });

  test("a bundle that is not one is refused with every bad field; a jcs response that is not JSON is refused", () => {
    expect(() => explorerInputs({ ...bundle, signer: "0x1234" })).toThrow(/signer/);
    expect(() => explorerInputs("{")).toThrow(/not valid JSON/);
    expect(() => explorerInputs({ ...bundle, content: { ...bundle.content, encoding: "jcs" } }, { response: "not json" })).toThrow(/valid JSON for the jcs encoding/);
  });
});
