import * as z from "zod/mini";
import { proofBundleFormat, proofBundleSchema } from "./proofBundleSchema.js";

/**
 * The JSON Schema (draft 2020-12) of the v1 proof bundle, derived from the zod schema `parseBundle` uses, so
 * the published schema (`@aiattest/sdk/schema/proof-bundle-v1.json`) cannot drift from the parser.
 *
 * @example
 * const schema = proofBundleJsonSchema() // hand it to any JSON Schema validator
 */
export function proofBundleJsonSchema() {
  return {
    $id: "urn:aiattest:schema:proof-bundle-v1",
    title: `aiattest proof bundle (${proofBundleFormat})`,
    description:
      "A self-contained proof that a text came from a registered AI model: receipt (output, salts, signature) plus the batch anchor. See docs/PROTOCOL.md.",
    ...z.toJSONSchema(proofBundleSchema, { io: "input", target: "draft-2020-12" }),
  };
}
