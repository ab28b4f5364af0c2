import { maxBundleBytes } from "../../bundle/parseBundle.js";
import { CliError } from "../../errors/CliError.js";
import { escapeText } from "../../text/escapeText.js";
import { exitCodes } from "../exitCodes.js";

/** How long `upgrade` waits for a proof server. */
export const fetchBundleTimeoutMs = 10_000;

/**
 * The bytes a proof server returns for a bundle URL: http or https only, at most `maxBundleBytes` (the reading
 * stops there), within {@link fetchBundleTimeoutMs}. Null on a 404 (the server has no such record). What comes
 * back is untrusted: the caller parses and compares it.
 *
 * @throws {CliError} (exit 2) for a URL that is not http(s); (exit 1) when the server cannot be reached, answers
 * with another status, or sends too much.
 * @example
 * const bytes = await fetchBundleBytes("https://proofs.lab.example/v1/records/42")
 */
export async function fetchBundleBytes(url: string): Promise<Uint8Array | null> {
  const shown = escapeText(url);
  if (!URL.canParse(url) || !["http:", "https:"].includes(new URL(url).protocol)) {
    throw new CliError({ message: `The receipt's bundleUrl ${shown} is not an http or https URL.`, exitCode: exitCodes.usage });
  }
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(fetchBundleTimeoutMs) });
  } catch (error) {
    const why = (error as Error).name === "TimeoutError" ? `no answer within ${fetchBundleTimeoutMs / 1000} s` : "cannot connect";
    throw new CliError({ message: `Cannot fetch ${shown}: ${why}.`, metaMessages: ["Retry later, or run upgrade where the lab's store (AIATTEST_DB) is."] });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new CliError({ message: `${shown} answered HTTP ${response.status}.`, metaMessages: ["Retry later, or run upgrade where the lab's store (AIATTEST_DB) is."] });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > maxBundleBytes) {
      await reader.cancel();
      throw new CliError({ message: `${shown} sent more than ${maxBundleBytes} bytes: that is no proof bundle.` });
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}
