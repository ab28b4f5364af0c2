import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where `npm run build:web` (and `npm ci`, through `prepare`) writes the web verifier page: `<repo>/web/dist`. */
export const webVerifierRoot = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/**
 * The folder of the built web verifier page for the proof server's `webRoot`, or null when it is not built (then
 * `/` serves nothing, and the caller says how to build it). The same three levels up from `sdk/src/server/` and
 * from the compiled `sdk/dist/server/`.
 *
 * @example
 * const webRoot = findWebVerifierRoot() ?? undefined
 * if (!webRoot) logger.warn("the web verifier page is not built: run npm run build:web")
 */
export function findWebVerifierRoot(): string | null {
  return existsSync(`${webVerifierRoot}index.html`) && existsSync(`${webVerifierRoot}verifier.js`) ? webVerifierRoot : null;
}
