import { BaseError } from "./BaseError.js";

/** One bad field of a proof bundle: where it is (`anchor.proof[3]`) and what is wrong with it. */
export type BundleFieldIssue = { path: string; message: string };

/**
 * A proof bundle failed validation. `issues` names every bad field.
 *
 * @example
 * try { parseBundleOrThrow(json) } catch (e) { if (e instanceof BundleParseError) console.log(e.issues) }
 */
export class BundleParseError extends BaseError {
  override name = "BundleParseError" as const;
  readonly issues: readonly BundleFieldIssue[];

  constructor({ issues }: { issues: readonly BundleFieldIssue[] }) {
    super(`Malformed proof bundle: ${issues.length} invalid field${issues.length === 1 ? "" : "s"}.`, {
      metaMessages: issues.map((issue) => `${issue.path || "(bundle)"}: ${issue.message}`),
    });
    this.issues = issues;
  }
}
