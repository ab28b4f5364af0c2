/**
 * Merkle tree benchmark: our tree vs merkletreejs vs @openzeppelin/merkle-tree, on the same random leaves.
 *
 *   npx tsx scripts/bench/merkle.ts             # 1,000,000 leaves; OpenZeppelin at 100,000 (~2 minutes in all)
 *   npx tsx scripts/bench/merkle.ts --oz-full   # OpenZeppelin at 1,000,000 too (~5-10 minutes)
 *
 * "Build + every proof" builds the tree and extracts the proof of every leaf: ours as node indices
 * (getAllProofs), merkletreejs as `getProof(leaf, index)` (Buffer references) and `getHexProof`, OpenZeppelin
 * as `getProof(index)` (hex, which is its only form). "Audit" recomputes the root of a batch from its leaves in
 * tree order, as listed in a manifest. Rates are leaves per second, so runs at different sizes compare. Each
 * case runs once untimed first (the slow ones on fewer leaves); ours then runs 3 times and reports the median,
 * the (much slower) peers once.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { createKeccak } from "hash-wasm";
import { MerkleTree as MerkleTreeJs } from "merkletreejs";
import { bytesToHex, type Hex } from "viem";
import { computeMerkleRoot } from "../../sdk/src/merkle/computeMerkleRoot.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { dumpManifest } from "../../sdk/src/merkle/dumpManifest.js";
import { getAllProofs } from "../../sdk/src/merkle/getAllProofs.js";
import { getLeaves } from "../../sdk/src/merkle/getLeaves.js";
import { getProof } from "../../sdk/src/merkle/getProof.js";
import { loadManifest } from "../../sdk/src/merkle/loadManifest.js";

const fullSize = 1_000_000;
const ozSize = process.argv.includes("--oz-full") ? fullSize : 100_000;
const warmUpSize = 100_000;
const auditSize = 500_000;
const ourRuns = 3;

type Row = { task: string; impl: string; leaves: number; ms: number; cpuMs: number };
const rows: Row[] = [];

const gc = (globalThis as { gc?: () => void }).gc;

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `warmUp` (default: `run`) once untimed for the JIT, then `run` `runs` times, and records the run with
 * the median wall time, with its CPU time (all threads of this process: a wall time well above it means other
 * processes took the cores).
 */
async function measure(
  row: Omit<Row, "ms" | "cpuMs">,
  run: () => unknown,
  { runs = 1, warmUp = run }: { runs?: number; warmUp?: () => unknown } = {},
): Promise<void> {
  await warmUp();
  const times: { ms: number; cpuMs: number }[] = [];
  for (let r = 0; r < runs; r++) {
    gc?.();
    const start = performance.now();
    const cpuStart = cpuNow();
    await run();
    times.push({ ms: performance.now() - start, cpuMs: cpuNow() - cpuStart });
  }
  times.sort((a, b) => a.ms - b.ms);
  const median = times[Math.floor(times.length / 2)]!;
  rows.push({ ...row, ...median });
  const all = times.map((t) => `${t.ms.toFixed(0)} ms (cpu ${t.cpuMs.toFixed(0)})`).join(", ");
  console.error(`  ${row.task} / ${row.impl} @ ${row.leaves.toLocaleString("en-US")}: ${all}`);
}

// same leaves for everyone: OpenZeppelin gets the first `ozSize`
console.error(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const flat = new Uint8Array(randomBytes(fullSize * 32));
// viem's bytesToHex returns rope strings (about 1 KB of heap each until first read); a JSON round trip gives
// the flat strings a loaded manifest has, so a million of them do not slow every GC in the runs below
const hexLeaves: Hex[] = JSON.parse(JSON.stringify(Array.from({ length: fullSize }, (_, i) => bytesToHex(flat.subarray(i * 32, i * 32 + 32)))));

console.error("build + every proof");
const build = "build + every proof";
await measure({ task: build, impl: "ours (flat bytes in, proofs as node indices)", leaves: fullSize }, async () => getAllProofs(await createMerkleTree(flat)), { runs: ourRuns });
await measure({ task: build, impl: "ours (hex in, proofs as node indices)", leaves: fullSize }, async () => getAllProofs(await createMerkleTree(hexLeaves)), { runs: ourRuns });
const oursHexProofs = (size: number) => async () => {
  const tree = await createMerkleTree(hexLeaves.slice(0, size));
  for (let k = 0; k < size; k++) getProof(tree, { index: k });
};
await measure({ task: build, impl: "ours (hex in, every proof as hex via getProof)", leaves: fullSize }, oursHexProofs(fullSize), {
  warmUp: oursHexProofs(warmUpSize),
});

const keccak = await createKeccak(256);
const hashWasmBuffer = (data: Buffer): Buffer => {
  keccak.init();
  keccak.update(data);
  const digest = keccak.digest("binary");
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
};
const merkletreejsOptions = { sortPairs: true, sortLeaves: true };
// merkletreejs takes Buffers; built here, outside the timings and after our runs, as a million small objects
// make every garbage collection of whoever runs beside them slower
let leafBuffers: Buffer[] = Array.from({ length: fullSize }, (_, i) => Buffer.from(flat.subarray(i * 32, i * 32 + 32)));
const merkletreejsBuildAndProve = (size: number, isHex: boolean) => () => {
  const tree = new MerkleTreeJs(leafBuffers.slice(0, size), hashWasmBuffer, merkletreejsOptions);
  const leaves = tree.getLeaves();
  for (let k = 0; k < leaves.length; k++) isHex ? tree.getHexProof(leaves[k]!, k) : tree.getProof(leaves[k]!, k);
};
for (const isHex of [false, true])
  await measure(
    { task: build, impl: `merkletreejs (hash-wasm keccak, ${isHex ? "getHexProof" : "getProof"} by index)`, leaves: fullSize },
    merkletreejsBuildAndProve(fullSize, isHex),
    { warmUp: merkletreejsBuildAndProve(warmUpSize, isHex) },
  );
leafBuffers = [];
const ozBuildAndProve = (size: number) => () => {
  const tree = SimpleMerkleTree.of(hexLeaves.slice(0, size));
  for (let i = 0; i < size; i++) tree.getProof(i);
};
// OpenZeppelin takes about half a minute per 100,000 leaves: warm it up on fewer
await measure({ task: build, impl: "@openzeppelin/merkle-tree SimpleMerkleTree", leaves: ozSize }, ozBuildAndProve(ozSize), {
  warmUp: ozBuildAndProve(5_000),
});

console.error("audit (root from leaves in tree order)");
const audit = "audit: root from leaves";
const auditTree = await createMerkleTree(hexLeaves.slice(0, auditSize));
const auditLeaves = getLeaves(auditTree);
const manifestText = JSON.stringify(dumpManifest(auditTree, { chainId: 1, contract: `0x${"11".repeat(20)}`, publisher: `0x${"22".repeat(20)}` }));
await measure({ task: audit, impl: "ours (computeMerkleRoot, hex leaves)", leaves: auditSize }, async () => {
  if ((await computeMerkleRoot(auditLeaves)) !== auditTree.root) throw new Error("audit root mismatch");
}, { runs: ourRuns });
await measure({ task: audit, impl: "ours (loadManifest: JSON text, checks, tree)", leaves: auditSize }, async () => {
  if ((await loadManifest(manifestText)).tree.root !== auditTree.root) throw new Error("manifest root mismatch");
}, { runs: ourRuns });
// the peers take leaves in their own input format, converted outside the timing
const auditBuffers = auditLeaves.map((leaf) => Buffer.from(leaf.slice(2), "hex"));
await measure({ task: audit, impl: "merkletreejs (hash-wasm keccak)", leaves: auditSize }, () => {
  new MerkleTreeJs(auditBuffers, hashWasmBuffer, merkletreejsOptions).getRoot();
}, { warmUp: () => new MerkleTreeJs(auditBuffers.slice(0, warmUpSize), hashWasmBuffer, merkletreejsOptions).getRoot() });
const ozAuditSize = Math.min(ozSize, auditSize);
await measure(
  { task: audit, impl: "@openzeppelin/merkle-tree SimpleMerkleTree", leaves: ozAuditSize },
  () => SimpleMerkleTree.of(auditLeaves.slice(0, ozAuditSize)).root,
  { warmUp: () => SimpleMerkleTree.of(auditLeaves.slice(0, 5_000)).root },
);

// report
const rate = (row: Row): number => row.leaves / (row.ms / 1000);
const peerRate = (task: string, prefix: string): number | undefined => {
  const row = rows.find((r) => r.task === task && r.impl.startsWith(prefix));
  return row && rate(row);
};
const header = ["task", "implementation", "leaves", "time", "cpu", "leaves/s", "vs merkletreejs", "vs OZ"];
const lines = rows.map((row) => {
  const r = rate(row);
  const mtj = peerRate(row.task, "merkletreejs");
  const oz = peerRate(row.task, "@openzeppelin");
  const ratio = (peer: number | undefined): string => (peer === undefined ? "" : `${(r / peer).toFixed(1)}x`);
  return [row.task, row.impl, row.leaves.toLocaleString("en-US"), `${(row.ms / 1000).toFixed(3)} s`, `${(row.cpuMs / 1000).toFixed(3)} s`, Math.round(r).toLocaleString("en-US"), ratio(mtj), ratio(oz)];
});
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => " --- ").join("|")}|`);
for (const line of lines) console.log(`| ${line.join(" | ")} |`);

// goals
const ours = rows.find((r) => r.task === build && r.impl.startsWith("ours (flat"))!;
const oursRate = rate(ours);
const merkletreejsRow = rows.find((r) => r.task === build && r.impl.startsWith("merkletreejs"))!;
const cpuRatio = (merkletreejsRow.cpuMs / merkletreejsRow.leaves / (ours.cpuMs / ours.leaves)).toFixed(1);
const goals: [string, boolean][] = [
  [`ours builds 1M leaves + every proof in <= 1.5 s (${(ours.ms / 1000).toFixed(3)} s)`, ours.ms <= 1500],
  [
    `>= 3x merkletreejs getProof (${(oursRate / peerRate(build, "merkletreejs")!).toFixed(1)}x wall, ${cpuRatio}x cpu)`,
    oursRate >= 3 * peerRate(build, "merkletreejs")!,
  ],
  [`>= 30x OpenZeppelin (${(oursRate / peerRate(build, "@openzeppelin")!).toFixed(1)}x)`, oursRate >= 30 * peerRate(build, "@openzeppelin")!],
  [`audit >= 500,000 leaves/s (${Math.round(peerRate(audit, "ours (computeMerkleRoot")!).toLocaleString("en-US")})`, peerRate(audit, "ours (computeMerkleRoot")! >= 500_000],
];
console.log();
for (const [goal, isMet] of goals) console.log(`${isMet ? "met " : "MISSED"} ${goal}`);
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
