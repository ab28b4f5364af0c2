import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyRepo } from "./copyRepo.js";
import { runCommand } from "./runCommand.js";

type MutantStatus = "Killed" | "Survived" | "Timeout" | "NoCoverage" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";
type MutationReport = {
  files: Record<string, { mutants: { mutatorName: string; replacement?: string; status: MutantStatus; location: { start: { line: number; column: number } } }[] }>;
};

/** The score at or above which the SDK half passes (percent of detected mutants among valid ones). */
export const sdkScoreGoal = 90;

/**
 * Runs StrykerJS (stryker.config.json) over sdk/src/{verify,hashing,bundle} in a copy of the repo, then prints
 * the counts by status, the score and every survivor.
 */
export async function runSdkMutants({
  root,
  concurrency,
  keep,
  force,
  mutate,
}: {
  root: string;
  concurrency: number;
  keep: boolean;
  force: boolean;
  /** Comma-separated globs: only these files are mutated (default: stryker.config.json's `mutate`). */
  mutate?: string | undefined;
}): Promise<{ ok: boolean; score: number }> {
  const copy = await mkdtemp(join(tmpdir(), "aiattest-mutation-sdk-"));
  try {
    // the tests need the compiled contracts (artifacts) as they are in the working tree
    await copyRepo({ root, destination: copy, exclude: ["sdk/dist"] });
    // the incremental file outlives the copy (node_modules/.cache is ignored by git): unchanged mutants and tests
    // are not run again
    const cache = join(root, "node_modules/.cache/aiattest-mutation");
    await mkdir(cache, { recursive: true });
    const incrementalFile = join(cache, "stryker-incremental.json");
    const saved = await readFile(incrementalFile, "utf8").catch(() => undefined);
    if (saved !== undefined && !isJson(saved)) {
      // a run cut off while writing it: start over rather than fail on it
      console.warn(`sdk: ${incrementalFile} is not JSON (a run was cut off while writing it): removed, every mutant runs again`);
      await rm(incrementalFile);
    }
    console.log(`sdk: StrykerJS in ${copy} (concurrency ${concurrency}; incremental file ${incrementalFile})`);
    const stryker = await runCommand({
      command: "npx",
      args: ["stryker", "run", "stryker.config.json", "--concurrency", String(concurrency), "--incrementalFile", incrementalFile, ...(force ? ["--force"] : []), ...(mutate ? ["--mutate", mutate] : [])],
      cwd: copy,
      echo: true,
    });
    const report = JSON.parse(await readFile(join(copy, "reports/mutation/mutation.json"), "utf8").catch(() => "null")) as MutationReport | null;
    if (!report) {
      console.error(`sdk: Stryker wrote no report (exit ${stryker.code})`);
      return { ok: false, score: 0 };
    }
    const counts = new Map<MutantStatus, number>();
    const survivors: string[] = [];
    for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
      for (const mutant of mutants) {
        counts.set(mutant.status, (counts.get(mutant.status) ?? 0) + 1);
        if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
          const { line, column } = mutant.location.start;
          survivors.push(`${mutant.status === "NoCoverage" ? "no coverage" : "survived"}  ${file}:${line}:${column}  ${mutant.mutatorName}  ${JSON.stringify(mutant.replacement ?? "").slice(0, 100)}`);
        }
      }
    }
    const count = (status: MutantStatus) => counts.get(status) ?? 0;
    const detected = count("Killed") + count("Timeout");
    const valid = detected + count("Survived") + count("NoCoverage");
    const score = valid === 0 ? 0 : (100 * detected) / valid;
    console.log(`\nsdk survivors (${survivors.length}):\n  ${survivors.join("\n  ")}`);
    console.log(
      `\nsdk: ${valid} valid mutants: ${count("Killed")} killed, ${count("Survived")} survived, ${count("Timeout")} timeout, ${count("NoCoverage")} no coverage` +
        ` (${count("CompileError") + count("RuntimeError")} errors, ${count("Ignored")} ignored)`,
    );
    console.log(`sdk: mutation score ${score.toFixed(2)} % (goal >= ${sdkScoreGoal} %)`);
    return { ok: score >= sdkScoreGoal, score };
  } finally {
    if (keep) console.log(`sdk: kept the copy in ${copy} (HTML report: ${join(copy, "reports/mutation/mutation.html")})`);
    else await rm(copy, { recursive: true, force: true });
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
