import { posix } from "node:path";

/**
 * The sources `entry` needs, from a standard JSON input's sources: itself and everything it imports, transitively
 * (relative imports, and remapped ones as `context:prefix=target`). What hardhat-verify submits to an explorer
 * for one contract, and all that the contract's metadata hash covers.
 *
 * @throws {Error} when an import names a source the input does not hold.
 * @example
 * importClosure({ sources: buildInfo.input.sources, remappings: buildInfo.input.settings.remappings, entry: "project/contracts/AIAttest.sol" })
 */
export function importClosure({ sources, remappings = [], entry }: { sources: Record<string, { content: string }>; remappings?: string[]; entry: string }): string[] {
  const parsed = remappings.map((remapping) => {
    const [context, rest] = remapping.includes(":") ? [remapping.slice(0, remapping.indexOf(":")), remapping.slice(remapping.indexOf(":") + 1)] : ["", remapping];
    const [prefix, target] = rest.split("=") as [string, string];
    return { context, prefix, target };
  });
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const source = sources[name];
    if (source === undefined) throw new Error(`the input has no source ${name}`);
    seen.add(name);
    for (const [, spec] of source.content.matchAll(/^\s*import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) {
      if (spec!.startsWith("./") || spec!.startsWith("../")) {
        queue.push(posix.normalize(posix.join(posix.dirname(name), spec!)));
        continue;
      }
      const remapping = parsed.find(({ context, prefix }) => name.startsWith(context) && spec!.startsWith(prefix));
      queue.push(remapping ? remapping.target + spec!.slice(remapping.prefix.length) : spec!);
    }
  }
  return [...seen].sort();
}
