import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { contractMutants, type ContractMutant } from "./contractMutants.js";
import { copyRepo } from "./copyRepo.js";
import { describeEdit } from "./describeEdit.js";
import { runCommand } from "./runCommand.js";

export type ContractMutantResult = {
  mutant: ContractMutant;
  /** "killed" by the first failing test; "survived"; "error" when the mutant did not compile or a run broke. */
  status: "killed" | "survived" | "error";
  /** The first failing test (Solidity, else TypeScript), and how many failed in that suite. */
  killedBy?: string | undefined;
  detail?: string | undefined;
};

// Mutation-only compiler settings: legacy codegen without the optimizer compiles these contracts in ~25 s instead of
// ~75 s with viaIR. Behaviour is the same (the baseline run below must pass every test under these settings); only
// bytecode and gas differ, and no test asserts gas.
const mutationConfig = `// Written by scripts/mutation/runContractMutants.ts into a throwaway copy of the repo: never committed.
import repoConfig from "./hardhat.repo.config.ts";

export default {
  ...repoConfig,
  solidity: { ...repoConfig.solidity, settings: { ...repoConfig.solidity.settings, optimizer: { enabled: false }, viaIR: false } },
};
`;

/**
 * Applies each guard mutation of `contractMutants` to a copy of the repo (never the working tree), one at a time,
 * and runs the Solidity tests, then, if they all pass, the TypeScript contract tests (`test/contracts`) against it.
 * Fails before running anything when an edit's find text is not exactly once in the current source.
 */
export async function runContractMutants({ root, concurrency, keep }: { root: string; concurrency: number; keep: boolean }): Promise<{ results: ContractMutantResult[]; ok: boolean }> {
  const base = await mkdtemp(join(tmpdir(), "aiattest-mutation-"));
  const workers: string[] = [];
  try {
    // one snapshot of the tree: the others keep editing it while this runs
    const first = join(base, "worker-0");
    await copyRepo({ root, destination: first, exclude: ["artifacts", "cache", "sdk/dist"] });
    await rename(join(first, "hardhat.config.ts"), join(first, "hardhat.repo.config.ts"));
    await writeFile(join(first, "hardhat.config.ts"), mutationConfig);
    await assertEditsApply(first);

    console.log(`contracts: baseline (unmutated copy in ${first}, optimizer off, no viaIR)`);
    const started = Date.now();
    const baseline = await runMutantTests(first, "baseline");
    if (baseline.status !== "survived") {
      throw new Error(`the unmutated contracts fail their tests under the mutation settings (${baseline.killedBy ?? baseline.detail}): fix that first`);
    }
    console.log(`contracts: baseline passes every test (${Math.round((Date.now() - started) / 1000)} s)`);

    workers.push(first);
    for (let i = 1; i < concurrency; i++) {
      const worker = join(base, `worker-${i}`);
      await cp(first, worker, { recursive: true, verbatimSymlinks: true });
      workers.push(worker);
    }

    const results: ContractMutantResult[] = new Array(contractMutants.length);
    let next = 0;
    await Promise.all(
      workers.map(async (worker) => {
        while (next < contractMutants.length) {
          const index = next++;
          const mutant = contractMutants[index]!;
          const file = join(worker, mutant.file);
          const source = await readFile(file, "utf8");
          await writeFile(file, source.replace(mutant.find, () => mutant.replace));
          const t0 = Date.now();
          try {
            results[index] = { mutant, ...(await runMutantTests(worker, `${index + 1}`)) };
          } finally {
            await writeFile(file, source);
          }
          const result = results[index]!;
          console.log(
            `contracts: [${index + 1}/${contractMutants.length}] ${mutant.function}: ${mutant.guard}: ${result.status}${result.killedBy ? ` by ${result.killedBy}` : ""} (${Math.round((Date.now() - t0) / 1000)} s)`,
          );
        }
      }),
    );

    const ok = results.every((result) => (result.mutant.equivalent ? result.status === "survived" : result.status === "killed"));
    return { results, ok };
  } finally {
    if (keep) console.log(`contracts: kept the copies in ${base}`);
    else await rm(base, { recursive: true, force: true });
  }
}

/** Prints the result table: guard, edit, killed by (first failing test) or SURVIVED. */
export function printContractTable(results: ContractMutantResult[]): void {
  const rows = results.map(({ mutant, status, killedBy, detail }) => [
    mutant.function,
    mutant.guard,
    describeEdit(mutant),
    status === "killed"
      ? `${killedBy}${mutant.equivalent ? " (STALE: listed as equivalent)" : ""}`
      : status === "survived"
        ? mutant.equivalent
          ? `SURVIVED (equivalent: ${mutant.equivalent})`
          : "SURVIVED"
        : `ERROR: ${detail}`,
  ]);
  const header = ["function", "guard", "edit", "killed by"];
  console.log(`\n| ${header.join(" | ")} |\n| ${header.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`);
  const killed = results.filter((result) => result.status === "killed").length;
  const equivalent = results.filter((result) => result.status === "survived" && result.mutant.equivalent).length;
  const survived = results.filter((result) => result.status === "survived" && !result.mutant.equivalent).length;
  const errors = results.filter((result) => result.status === "error").length;
  console.log(`\ncontracts: ${results.length} mutants: ${killed} killed, ${survived} survived, ${equivalent} equivalent (survived, with a reason), ${errors} errors`);
}

async function assertEditsApply(copy: string): Promise<void> {
  const problems: string[] = [];
  for (const [index, mutant] of contractMutants.entries()) {
    const source = await readFile(join(copy, mutant.file), "utf8");
    const count = source.split(mutant.find).length - 1;
    if (count !== 1) problems.push(`#${index + 1} ${mutant.function}: ${mutant.guard}: the find text occurs ${count} times in ${mutant.file} (must be once): ${JSON.stringify(mutant.find)}`);
  }
  if (problems.length > 0) {
    throw new Error(`the contract mutant list is stale; update scripts/mutation/contractMutants.ts to the current source:\n  ${problems.join("\n  ")}`);
  }
}

/** Solidity tests, then (if they all pass) the TypeScript contract tests against the copy's current contracts. */
async function runMutantTests(copy: string, label: string): Promise<Omit<ContractMutantResult, "mutant">> {
  const solidity = await runCommand({ command: "npx", args: ["hardhat", "test", "solidity"], cwd: copy });
  const failing = [...solidity.output.matchAll(/^\s+\d+\) (\S+#\S+)\s*$/gm)].map((match) => match[1]!);
  if (failing.length > 0) return { status: "killed", killedBy: `sol ${failing[0]}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ""}` };
  if (solidity.code !== 0 || !/\d+ passing/.test(solidity.output)) return { status: "error", detail: await saveLog(copy, label, "solidity", solidity.output) };

  // the TypeScript tests deploy the creation code generated into sdk/src/abi: regenerate it from this build
  const generate = await runCommand({ command: "npx", args: ["tsx", "scripts/generate-abi.ts"], cwd: copy });
  if (generate.code !== 0) return { status: "error", detail: await saveLog(copy, label, "generate-abi", generate.output) };
  const reportFile = join(copy, `vitest-${label}.json`);
  const typescript = await runCommand({ command: "npx", args: ["vitest", "run", "test/contracts", "--bail", "1", "--reporter=json", `--outputFile=${reportFile}`], cwd: copy });
  const report = JSON.parse(await readFile(reportFile, "utf8").catch(() => "{}")) as {
    testResults?: { name: string; assertionResults: { fullName: string; status: string }[] }[];
  };
  const failed = (report.testResults ?? []).flatMap(({ name, assertionResults }) =>
    assertionResults.filter(({ status }) => status === "failed").map(({ fullName }) => `ts ${relative(copy, name)}: ${fullName}`),
  );
  if (failed.length > 0) return { status: "killed", killedBy: failed[0] };
  if (typescript.code !== 0) return { status: "error", detail: await saveLog(copy, label, "vitest", typescript.output) };
  return { status: "survived" };
}

async function saveLog(copy: string, label: string, step: string, output: string): Promise<string> {
  const file = join(copy, `mutation-${label}-${step}.log`);
  await writeFile(file, output);
  const lines = output.trim().split("\n");
  return `${step} failed without a failing test (log: ${file}, run with --keep to keep it): ${lines.slice(-3).join(" / ")}`;
}
