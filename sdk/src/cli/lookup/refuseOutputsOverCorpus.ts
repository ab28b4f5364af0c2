import { realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { CliError } from "../../errors/CliError.js";
import { exitCodes } from "../exitCodes.js";

/** A path as it is on disk: symbolic links resolved (for a path not there yet, its nearest existing folder's). */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), basename(path));
  }
}

/** Whether `path` is `folder` or lies inside it. */
function isWithin(path: string, folder: string): boolean {
  const rest = relative(folder, path);
  return rest === "" || (!rest.startsWith("..") && !isAbsolute(rest));
}

/**
 * Refuses (exit 2) outputs of `aiattest lookup` that would write over its corpus, before anything is opened: an
 * output that is the corpus file (opening it would empty the corpus before it is read), one inside a corpus folder
 * (the walk would read the matches being written, and never end), or a bundles folder holding the corpus.
 *
 * @throws {CliError} naming the option and the corpus.
 * @example
 * refuseOutputsOverCorpus({ corpus: "dataset.txt", cwd, outputs: { "--out": "matches.jsonl", "--report": undefined, "--bundles": "evidence" } })
 */
export function refuseOutputsOverCorpus({ corpus, cwd, outputs }: { corpus: string; cwd: string; outputs: Record<string, string | undefined> }): void {
  if (corpus === "-") return;
  const corpusPath = realPathOf(resolve(cwd, corpus));
  let isFolder = false;
  try {
    isFolder = statSync(corpusPath).isDirectory();
  } catch {
    // a corpus that is not there is refused when it is read
  }
  for (const [option, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    const path = realPathOf(resolve(cwd, value));
    const overlaps = path === corpusPath || (isFolder && isWithin(path, corpusPath)) || (option === "--bundles" && isWithin(corpusPath, path));
    if (overlaps) {
      throw new CliError({
        message: `${option} ${value} would write over the corpus (${corpus}): the corpus must stay as it is while it is read. Write ${option} outside it.`,
        exitCode: exitCodes.usage,
      });
    }
  }
}
