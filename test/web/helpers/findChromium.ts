import { existsSync } from "node:fs";

/** The command that installs the browser the web tests drive (Debian's Chromium: the one this environment can install). */
export const chromiumInstallCommand = "sudo apt-get install -y chromium";

/** Launch arguments for Debian's Chromium in a container (no sandbox, no GPU, no background traffic). */
export const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * The Chromium to drive: `CHROMIUM_PATH`, else `/usr/bin/chromium`, or null when it is not there. Without it, the
 * browser tests say so loudly on stderr and skip, except on CI (`CI=true`), where a missing browser is a failure:
 * CI installs it (`.ci/run`), so its absence there is a broken pipeline, never a pass.
 *
 * @throws {Error} on CI when Chromium is missing.
 * @example
 * const chromium = findChromium() // "/usr/bin/chromium" or null
 */
export function findChromium(): string | null {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(path)) return path;
  const message = `web verifier browser tests: Chromium not found at ${path} — install it with: ${chromiumInstallCommand} (or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(`FAILED ${message}; CI must run them.`);
  console.error(`\n**** SKIPPED ${message} ****\n`);
  return null;
}
