/**
 * Audit benchmark: what `aiattest audit` spends on a 1,000,000-leaf manifest before it reads the chain.
 *
 *   npm run bench:audit            # 1,000,000 leaves (about 30 s)
 *   npm run bench:audit -- 200000  # another size
 *
 * Rows: JSON.parse of the manifest text (as the anchorer writes it), the field checks and leaf decoding
 * (loadManifest's schema), the root rebuilt from the decoded leaves (computeMerkleRoot: the tree's fast path,
 * no per-leaf allocation), and the whole offline part of auditManifest (checkManifest: parse + checks + root rebuild),
 * which is what the audit pays per manifest, and the audit's canonical-order check (no leaf twice; loadManifest
 * already checked the ascending order). Each row is the median of 3 runs after one untimed run; rates are leaves per
 * second, by wall time and by this process's CPU time (on a loaded machine, the CPU rate is what the code does; a
 * wall time well above the CPU time means other processes took the cores).
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { bytesToHex, type Hex } from "viem";
import { canonicalOrderIssue } from "../../sdk/src/audit/canonicalOrderIssue.js";
import { loadMerkleHasherOnNode } from "../../sdk/src/hashing/loadMerkleHasherOnNode.js";
import { computeMerkleRoot } from "../../sdk/src/merkle/computeMerkleRoot.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { dumpManifest } from "../../sdk/src/merkle/dumpManifest.js";
import { batchManifestSchema } from "../../sdk/src/merkle/internal/batchManifestSchema.js";
import { checkManifest } from "../../sdk/src/merkle/checkManifest.js";

const size = Number(process.argv[2] ?? 1_000_000);
const runs = 3;
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function measure(task: string, run: () => unknown): Promise<{ task: string; ms: number; cpuMs: number }> {
  await run();
  const times: { ms: number; cpuMs: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const cpuStart = cpuNow();
    await run();
    times.push({ ms: performance.now() - start, cpuMs: cpuNow() - cpuStart });
  }
  times.sort((a, b) => a.ms - b.ms);
  return { task, ...times[Math.floor(runs / 2)]! };
}

await loadMerkleHasherOnNode();
const leaves: Hex[] = Array.from({ length: size }, () => bytesToHex(randomBytes(32)));
const tree = await createMerkleTree(leaves);
const manifest = dumpManifest(tree, { chainId: 31337, contract: "0x94000C2c306a5ba5D43b05831d99b82465B6F4d1", publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" });
// as writeManifest writes it
const text = `${JSON.stringify(manifest, null, 1)}\n`;
const parsed = JSON.parse(text) as unknown;
const decoded = batchManifestSchema.parse(parsed).leaves.bytes;
// the leaves as the audit holds them: strings from JSON.parse
const sortedManifest = { sortLeaves: true, leaves: (parsed as { leaves: Hex[] }).leaves };

const rows = [
  await measure("JSON.parse of the manifest text", () => JSON.parse(text)),
  await measure("field checks + leaf decoding (schema)", () => batchManifestSchema.parse(parsed)),
  await measure("root rebuilt from decoded leaves (computeMerkleRoot)", async () => {
    if ((await computeMerkleRoot(decoded)) !== manifest.root) throw new Error("root mismatch");
  }),
  await measure("offline audit: parse + checks + root rebuild (checkManifest)", () => checkManifest(text)),
  await measure("canonical order: no leaf twice (canonicalOrderIssue)", () => {
    if (canonicalOrderIssue(sortedManifest) !== null) throw new Error("not canonical");
  }),
];

console.log(`Audit of a ${size.toLocaleString("en-US")}-leaf manifest (${(text.length / 1024 / 1024).toFixed(1)} MiB of JSON), median of ${runs} runs`);
console.log(`Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)}`);
const header = ["task", "wall ms", "cpu ms", "leaves/s (wall)", "leaves/s (cpu)"];
const table = rows.map((row) => [row.task, row.ms.toFixed(0), row.cpuMs.toFixed(0), Math.round(size / (row.ms / 1000)).toLocaleString("en-US"), Math.round(size / (row.cpuMs / 1000)).toLocaleString("en-US")]);
const widths = header.map((title, column) => Math.max(title.length, ...table.map((line) => line[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((width, column) => (column === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
for (const cells of table) console.log(line(cells));
