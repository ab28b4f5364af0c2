import { BaseError } from "./BaseError.js";

/**
 * A batch manifest could not be fetched from its URL: not http(s), unreachable, too slow, not a 200, redirected
 * to another scheme, or larger than the limit. Nothing was audited.
 *
 * @example
 * throw new ManifestFetchError({ url, reason: "the server answered 404" })
 */
export class ManifestFetchError extends BaseError {
  override name = "ManifestFetchError" as const;
  readonly url: string;

  constructor({ url, reason, cause }: { url: string; reason: string; cause?: unknown }) {
    super(`Cannot fetch the manifest ${url}: ${reason}.`, { cause });
    this.url = url;
  }
}
