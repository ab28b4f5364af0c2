import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * A Node.js of the given major version on PATH outside any node_modules/.bin (npm puts the repo's own Node 22
 * first there), or `/usr/bin/node`: the machine's own Node, on which the floor of a Node version range is
 * tried. Undefined when this machine has none of that major.
 *
 * @example
 * const node20 = findSystemNode({ major: 20 })
 * test.skipIf(!node20)("verifies on Node 20", ...)
 */
export function findSystemNode({ major }: { major: number }): { path: string; version: string } | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "" && !dir.includes("node_modules"));
  for (const path of [...dirs.map((dir) => join(dir, "node")), "/usr/bin/node"]) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
    if (version.startsWith(`v${major}.`)) return { path, version };
  }
  return undefined;
}
