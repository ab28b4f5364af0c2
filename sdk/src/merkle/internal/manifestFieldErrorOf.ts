import type { z } from "zod";
import { MerkleManifestFieldError } from "../../errors/MerkleManifestFieldError.js";

/** Turns the first issue of a failed manifest parse into a `MerkleManifestFieldError` naming the field. */
export function manifestFieldErrorOf(error: z.ZodError): MerkleManifestFieldError {
  const issue = error.issues[0]!;
  if (issue.code === "unrecognized_keys")
    return new MerkleManifestFieldError({ field: issue.keys[0]!, reason: "unknown field (version 1 manifests allow only their own fields)" });
  const field = issue.path.reduce<string>(
    (path, key) => (typeof key === "number" ? `${path}[${key}]` : path === "" ? String(key) : `${path}.${String(key)}`),
    "",
  );
  return new MerkleManifestFieldError({ field: field === "" ? "$" : field, reason: issue.message });
}
