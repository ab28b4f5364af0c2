import { type Hex, createClient, custom, keccak256, toHex } from "viem";
import { describe, expect, test } from "vitest";
import { canonicalAttestAddresses } from "../deployment/canonicalAttestAddresses.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { createMerkleTree } from "../merkle/createMerkleTree.js";
import { dumpManifest } from "../merkle/dumpManifest.js";
import { auditManifest } from "./auditManifest.js";
import { maxManifestBytes } from "./maxManifestBytes.js";

// every failure below is decided before the chain: a read would be a bug
const client = createClient({
  transport: custom({
    request: async ({ method }) => {
      throw new Error(`unexpected chain read ${method}`);
    },
  }),
});
const contract = canonicalAttestAddresses[0]!;
const publisher = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

async function manifestText(overrides: Record<string, unknown> = {}, count = 5) {
  const leaves: Hex[] = Array.from({ length: count }, (_, n) => keccak256(toHex(`leaf ${n + 1}`)));
  const manifest = dumpManifest(await createMerkleTree(leaves), { chainId: 31337, contract, publisher });
  return JSON.stringify({ ...manifest, ...overrides });
}

const outcomes = (result: Awaited<ReturnType<typeof auditManifest>>["result"]) => result.checks.map((check) => `${check.name}:${check.outcome}${check.reason ? `:${check.reason}` : ""}`);

describe("auditManifest, before the chain", () => {
  test("malformed: the bad field and what is wrong, and every later check not made", async () => {
    const { result, manifest } = await auditManifest({ manifest: await manifestText({ chainId: "31337" }), client });
    expect(manifest).toBeNull();
    expect(result).toMatchObject({ valid: false, reason: "malformed-manifest", manifest: null, anchor: null, readAt: null, issues: [{ path: "chainId" }] });
    expect(result.issues![0]!.message).toBe('expected a positive integer, got "31337"');
    expect(outcomes(result)).toEqual([
      "manifest:fail:malformed-manifest",
      ...["root", "contract", "chain", "batch", "anchorerWindow", "count", "event", "uri", "confirmations"].map((name) => `${name}:skip`),
    ]);
    expect(result.unchecked).toHaveLength(9);
    expect(result.checks[1]!.message).toBe("Not made: the manifest check failed.");
  });

  test("not JSON, not UTF-8, too large, another format, an unknown field, a short leaf, leaves out of order", async () => {
    const text = await manifestText();
    const parsed = JSON.parse(text);
    const cases: [string | Uint8Array, string, RegExp][] = [
      ["{ nope", "$", /^Batch manifest is not valid JSON/],
      [new Uint8Array([0x7b, 0xff, 0x7d]), "$", /^not UTF-8 text$/],
      [new Uint8Array(maxManifestBytes + 1), "$", /^larger than 268435456 bytes$/],
      [JSON.stringify({ ...parsed, format: "aiattest-batch-v2" }), "$", /aiattest-batch-v2/],
      [JSON.stringify({ ...parsed, extra: 1 }), "extra", /unknown field/],
      [JSON.stringify({ ...parsed, leaves: [...parsed.leaves.slice(0, 2), "0x12"] }), "leaves[2]", /expected a 32-byte leaf/],
      [JSON.stringify({ ...parsed, leaves: [...parsed.leaves].reverse() }), "leaves", /not in ascending order.*the canonical order/],
    ];
    for (const [input, path, message] of cases) {
      const { result } = await auditManifest({ manifest: input, client });
      expect(result.reason, path).toBe("malformed-manifest");
      expect(result.issues, path).toEqual([{ path, message: expect.stringMatching(message) }]);
    }
  });

  test("another order of the same leaves rebuilds the same root, and is refused: the audit requires the canonical (ascending) order", async () => {
    const parsed = JSON.parse(await manifestText({}, 8));
    // sorted-pair hashing: swapping the two halves (subtrees), then two siblings, keeps the root
    const leaves = [...parsed.leaves.slice(4), ...parsed.leaves.slice(0, 4)];
    [leaves[0], leaves[1]] = [leaves[1], leaves[0]];
    const reordered = { ...parsed, sortLeaves: false, leaves };
    expect((await createMerkleTree(leaves, { sortLeaves: false })).root).toBe(parsed.root);
    for (const forged of [reordered, { ...parsed, sortLeaves: false }]) {
      const { result, manifest } = await auditManifest({ manifest: JSON.stringify(forged), client });
      expect(manifest).toBeNull();
      expect(outcomes(result).slice(0, 2)).toEqual(["manifest:fail:malformed-manifest", "root:skip"]);
      expect(result.issues).toEqual([{ path: "sortLeaves", message: expect.stringContaining("an audit requires the canonical order, the leaves sorted ascending") }]);
    }
  });

  test("a leaf listed twice is refused: an honest batch never holds one twice, and two equal leaves make a position ambiguous", async () => {
    const [a, b, c] = ["a", "b", "c"].map((text) => keccak256(toHex(text)));
    const tree = await createMerkleTree([a!, b!, b!, c!]);
    const text = JSON.stringify(dumpManifest(tree, { chainId: 31337, contract, publisher }));
    const { result } = await auditManifest({ manifest: text, client });
    expect(result.reason).toBe("malformed-manifest");
    const at = JSON.parse(text).leaves.indexOf(b!);
    expect(result.issues).toEqual([{ path: `leaves[${at + 1}]`, message: expect.stringMatching(new RegExp(`^repeats leaves\\[${at}\\]: an audit requires the canonical order, strictly ascending`)) }]);
  });

  test("a leaf changed: root-mismatch, naming both roots", async () => {
    const parsed = JSON.parse(await manifestText());
    const leaf: string = parsed.leaves[1];
    parsed.leaves[1] = `${leaf.slice(0, -1)}${leaf.endsWith("0") ? "1" : "0"}`;
    const { result } = await auditManifest({ manifest: JSON.stringify(parsed), client });
    expect(outcomes(result).slice(0, 3)).toEqual(["manifest:pass", "root:fail:root-mismatch", "contract:skip"]);
    expect(result.checks[1]!.message).toContain(`root mismatch: Batch manifest root ${parsed.root} does not match the root rebuilt from its leaves`);
  });

  test("the trust root is verify's: a non-canonical contract is untrusted unless named, and a named list excludes the rest", async () => {
    const other = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const elsewhere = await auditManifest({ manifest: await manifestText({ contract: other }), client });
    expect(elsewhere.result).toMatchObject({ valid: false, reason: "untrusted-contract", manifest: { contract: other, leafCount: 5 } });
    expect(elsewhere.result.checks[2]!.message).toContain(`untrusted contract: the manifest names ${other}, not the canonical AIAttest address`);
    const canonicalButNotNamed = await auditManifest({ manifest: await manifestText(), client, trustedContracts: [other] });
    expect(canonicalButNotNamed.result.reason).toBe("untrusted-contract");
    expect(canonicalButNotNamed.manifest?.leaves).toHaveLength(5);
  });

  test("refuses minConfirmations below 1", async () => {
    await expect(auditManifest({ manifest: await manifestText(), client, minConfirmations: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
