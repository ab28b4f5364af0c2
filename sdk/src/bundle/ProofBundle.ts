import type * as z from "zod/mini";
import type { proofBundleSchema } from "./proofBundleSchema.js";

/**
 * A proof bundle: the receipt (output, salts, signer, signature, record id) plus the anchor (root, proof,
 * tx, block, anchored time, manifest) once the batch is anchored. Self-contained: with the text and any RPC
 * endpoint of the chain it can be verified years later. It reveals no text.
 */
export type ProofBundle = z.output<typeof proofBundleSchema>;

/** The anchor part of a bundle; null in a signed-only receipt. */
export type ProofBundleAnchor = NonNullable<ProofBundle["anchor"]>;
