import { readFile } from "node:fs/promises";
import { type Address, createPublicClient, type Hash, hexToBytes, type Hex } from "viem";
import { describe, expect, test } from "vitest";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { chainFixtureTransport, type PortableChainFixture } from "../helpers/chainFixtureTransport.js";

type Content = { text: string } | { hex: Hex };
type ConformanceCase = {
  id: string;
  title: string;
  input: {
    bundle: string;
    response: Content;
    request?: Content;
    trustedContracts: Address[] | null;
    options?: { minConfirmations?: number; maxAnchorDelay?: number };
    chain?: PortableChainFixture;
  };
  expected: { valid: boolean; reason: string | null; unchecked: string[] };
};

const suite = JSON.parse(await readFile(new URL("../../docs/conformance/cases.json", import.meta.url), "utf8")) as {
  format: string;
  cases: ConformanceCase[];
  codes: Record<Hash, Hex>;
};
const contentOf = (content: Content) => ("text" in content ? content.text : hexToBytes(content.hex));

describe("docs/conformance/cases.json", () => {
  test("is an aiattest-conformance-v1 suite with unique case ids", () => {
    expect(suite.format).toBe("aiattest-conformance-v1");
    expect(new Set(suite.cases.map((item) => item.id)).size).toBe(suite.cases.length);
  });

  test.each(suite.cases)("$id: $title", async ({ input, expected }) => {
    const result = await verifyOutput({
      bundle: input.bundle,
      response: contentOf(input.response),
      request: input.request && contentOf(input.request),
      trustedContracts: input.trustedContracts ?? undefined,
      client: input.chain && createPublicClient({ transport: chainFixtureTransport(input.chain, suite.codes) }),
      ...input.options,
    });
    expect({ valid: result.valid, reason: result.reason, unchecked: result.unchecked }).toEqual(expected);
  });
});
