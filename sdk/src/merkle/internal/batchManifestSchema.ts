import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { batchManifestFormat } from "../batchManifestFormat.js";
import { describeBadNode } from "./describeBadNode.js";
import { nodeSize } from "./nodeSize.js";
import { writeHexNode } from "./writeHexNode.js";
import { bytes32Pattern } from "../../types/bytes32Pattern.js";

const describeInput = (input: unknown): string => (input === undefined ? "but it is missing" : `got ${JSON.stringify(input)}`);

const address = z
  .custom<Address>((value) => typeof value === "string" && isAddress(value), {
    error: (issue) => `expected a 0x-prefixed 20-byte address (EIP-55 checksummed or all lowercase), ${describeInput(issue.input)}`,
  })
  .transform((value) => getAddress(value));

/**
 * Validates a parsed batch manifest (its `format` tag already checked) and decodes its leaves. Leaves are
 * checked by the same allocation-free decoder the tree uses rather than one zod string schema per leaf, which
 * costs about a second per million leaves.
 */
export const batchManifestSchema = z.strictObject({
  format: z.literal(batchManifestFormat),
  chainId: z.custom<number>((value) => Number.isSafeInteger(value) && (value as number) > 0, {
    error: (issue) => `expected a positive integer, ${describeInput(issue.input)}`,
  }),
  contract: address,
  publisher: address,
  root: z
    .custom<Hex>((value) => typeof value === "string" && bytes32Pattern.test(value), {
      error: (issue) => `expected 32 bytes as 0x-prefixed hex, ${describeInput(issue.input)}`,
    })
    .transform((value) => value.toLowerCase() as Hex),
  sortLeaves: z.boolean({ error: (issue) => `expected true or false, ${describeInput(issue.input)}` }).optional(),
  leaves: z
    .custom<readonly unknown[]>((value) => Array.isArray(value) && value.length > 0, {
      error: (issue) => `expected a non-empty array of 32-byte hex leaves, ${Array.isArray(issue.input) ? "got an empty array" : describeInput(issue.input)}`,
    })
    .transform((leaves, context) => {
      const bytes = new Uint8Array(leaves.length * nodeSize);
      for (let i = 0; i < leaves.length; i++) {
        if (writeHexNode(leaves[i], bytes, i * nodeSize)) continue;
        context.issues.push({ code: "custom", input: leaves[i], path: [i], message: `expected a 32-byte leaf: ${describeBadNode(leaves[i])}` });
        return z.NEVER;
      }
      return { hex: leaves.slice() as Hex[], bytes };
    }),
});
