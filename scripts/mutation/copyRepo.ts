import { cp, symlink } from "node:fs/promises";
import { join, relative } from "node:path";

/**
 * Copies the repo at `root` to `destination` (a throwaway directory), without its history and the top-level
 * paths in `exclude`; node_modules is symlinked, not copied. The working tree is never touched: other people
 * edit it while a mutation check runs.
 */
export async function copyRepo({ root, destination, exclude }: { root: string; destination: string; exclude: readonly string[] }): Promise<void> {
  const excluded = new Set(["node_modules", ".git", ".stryker-tmp", "reports", ...exclude]);
  await cp(root, destination, { recursive: true, verbatimSymlinks: true, filter: (source) => !excluded.has(relative(root, source)) });
  await symlink(join(root, "node_modules"), join(destination, "node_modules"), "dir");
}
