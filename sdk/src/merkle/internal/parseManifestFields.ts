import { MerkleManifestFieldError } from "../../errors/MerkleManifestFieldError.js";
import { MerkleManifestFormatError } from "../../errors/MerkleManifestFormatError.js";
import { MerkleManifestJsonError } from "../../errors/MerkleManifestJsonError.js";
import { batchManifestFormat } from "../batchManifestFormat.js";
import type { BatchManifest } from "../BatchManifest.js";
import { batchManifestSchema } from "./batchManifestSchema.js";
import { isSortedLeaves } from "./isSortedLeaves.js";
import { manifestFieldErrorOf } from "./manifestFieldErrorOf.js";
import { nodeSize } from "./nodeSize.js";

/**
 * A batch manifest's fields, every one validated (JSON, `format` first, then the schema, then the leaves' order
 * when sorted), with its leaves also as one flat byte array: what `loadManifest` and `checkManifest` rebuild the
 * root from. Nothing is hashed here.
 *
 * @throws {MerkleManifestJsonError} for text that is not JSON; {MerkleManifestFormatError} for an unknown format;
 * {MerkleManifestFieldError} naming the first invalid field.
 */
export function parseManifestFields(input: unknown): { manifest: BatchManifest & { sortLeaves: boolean }; bytes: Uint8Array } {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch (cause) {
      throw new MerkleManifestJsonError({ cause });
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new MerkleManifestFieldError({ field: "$", reason: `expected a JSON object, got ${Array.isArray(data) ? "an array" : data === null ? "null" : typeof data}` });

  // check the version first, so a newer file reports its version rather than its first unfamiliar field
  const { format } = data as { format?: unknown };
  if (format !== batchManifestFormat) throw new MerkleManifestFormatError({ format, expected: batchManifestFormat });

  const parsed = batchManifestSchema.safeParse(data);
  if (!parsed.success) throw manifestFieldErrorOf(parsed.error);
  const { chainId, contract, publisher, root, leaves } = parsed.data;
  const sortLeaves = parsed.data.sortLeaves ?? true;

  // leaves are listed in tree order, so a sorted batch lists them ascending
  if (sortLeaves && !isSortedLeaves(leaves.bytes, leaves.bytes.length / nodeSize))
    throw new MerkleManifestFieldError({ field: "leaves", reason: "not in ascending order, but sortLeaves is true (leaves must be listed in tree order: ascending, the canonical order)" });

  return { manifest: { format: batchManifestFormat, chainId, contract, publisher, root, sortLeaves, leaves: leaves.hex }, bytes: leaves.bytes };
}
