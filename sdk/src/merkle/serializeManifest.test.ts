import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { createMerkleTree } from "./createMerkleTree.js";
import { dumpManifest } from "./dumpManifest.js";
import { loadManifest } from "./loadManifest.js";
import { serializeManifest } from "./serializeManifest.js";
import { leafArbitrary } from "../../../test/helpers/merkle/leafArbitrary.js";

const meta = { chainId: 8453, contract: "0x5fbdb2315678afecb367f032d93f642f64180aa3", publisher: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;

describe("serializeManifest", () => {
  test.prop([fc.array(leafArbitrary, { minLength: 1, maxLength: 150 }), fc.boolean()])(
    "writes exactly the bytes of JSON.stringify(dumpManifest(tree, meta), null, 1) and a newline, which load back",
    async (leaves, sortLeaves) => {
      const tree = await createMerkleTree(leaves, { sortLeaves });
      const text = new TextDecoder().decode(serializeManifest(tree, meta));
      expect(text).toBe(`${JSON.stringify(dumpManifest(tree, meta), null, 1)}\n`);
      expect((await loadManifest(text)).tree.root).toBe(tree.root);
    },
  );

  test("checks meta as dumpManifest does", async () => {
    const tree = await createMerkleTree([`0x${"11".repeat(32)}`]);
    expect(() => serializeManifest(tree, { ...meta, chainId: -5 })).toThrow(expect.objectContaining({ name: "MerkleManifestFieldError", field: "chainId" }));
  });
});
