// SqliteStore.getRecord on its own, in process: one batch of N records (its tree kept in batch_tree_chunks), then
// getRecord for random ids, cold (a fresh store each pass: nothing cached) and warm (the same store again).
// Prints µs per call and the proof's share. Run: npx tsx scripts/bench/getRecord.ts [--records 100000] [--calls 20000]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Hash, bytesToHex, zeroHash } from "viem";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import type { NewRecord } from "../../sdk/src/store/Store.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "100000" }, calls: { type: "string", default: "20000" } } });
const recordCount = Number(values.records);
const calls = Number(values.calls);
const scratch = await mkdtemp(join(tmpdir(), "aiattest-bench-getrecord-"));
const path = join(scratch, "lab.db");
const publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const modelId = `0x${"4f".repeat(32)}` as Hash;

{
  const store = await openSqliteStore({ path });
  await store.bindDeployment({ chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher });
  await store.putModel({ modelId, publisher, name: "atlas", version: "1.0" });
  const leaves: Hash[] = [];
  for (let offset = 0; offset < recordCount; offset += 50_000) {
    const chunk: NewRecord[] = Array.from({ length: Math.min(50_000, recordCount - offset) }, () => {
      const leaf = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32))) as Hash;
      leaves.push(leaf);
      return { modelId, requestHash: zeroHash, responseHash: leaf, timestamp: 1n, encoding: "utf8", responseSalt: leaf, requestSalt: null, signer: publisher, signature: `0x${"11".repeat(65)}`, leaf };
    });
    await store.insertRecords(chunk);
  }
  const tree = await createMerkleTree(leaves);
  await store.createBatch({ root: tree.root, manifestUri: "x", tree, members: leaves.map((_, input) => ({ recordId: input + 1, leafIndex: tree.leafIndexOfInput[input]! })) });
  await store.close();
}

const randomIds = Array.from({ length: calls }, () => 1 + Math.floor(Math.random() * recordCount));
const rows: { pass: string; calls: number; usPerCall: string; callsPerS: string }[] = [];
const store = await openSqliteStore({ path });
for (const pass of ["cold (fresh store)", "warm (same store)"]) {
  const started = performance.now();
  for (const id of randomIds) {
    const record = await store.getRecord(id);
    if (record?.proof === null || record?.proof === undefined) throw new Error(`record ${id} has no proof`);
  }
  const elapsed = performance.now() - started;
  rows.push({ pass, calls, usPerCall: ((elapsed * 1000) / calls).toFixed(1), callsPerS: Math.round((calls * 1000) / elapsed).toLocaleString("en-US") });
}
await store.close();
await rm(scratch, { recursive: true, force: true });
console.log(`SqliteStore.getRecord, ${recordCount.toLocaleString("en-US")} records in one batch, random ids`);
console.table(rows);
