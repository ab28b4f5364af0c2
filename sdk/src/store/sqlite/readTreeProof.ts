import type { StatementSync } from "node:sqlite";
import type { Hash } from "viem";
import { StoreError } from "../../errors/StoreError.js";
import { getProofNodeIndices } from "../../merkle/getProofNodeIndices.js";
import { blobToHex } from "./blobToHex.js";
import type { TreeChunkCache } from "./createTreeChunkCache.js";
import { treeChunkNodes } from "../treeChunkNodes.js";

export type ReadTreeProofParameters = {
  /** The store's prepared-statement cache. */
  statement: (sql: string) => StatementSync;
  /** Chunks already read (a tree never changes once written): read from memory, and the ones read here added. */
  chunks: TreeChunkCache;
  batchId: number;
  /** The batch's root, as stored: the tree's node 0, which the kept chunks of this batch must begin with. */
  root: Uint8Array;
  /** The batch's `tree_leaves`. */
  leafCount: number;
  leafIndex: number;
};

/** Whether `nodes` begins with the 32 bytes of `root`. */
function beginsWith(nodes: Uint8Array, root: Uint8Array): boolean {
  if (nodes.length < 32 || root.length !== 32) return false;
  for (let i = 0; i < 32; i++) if (nodes[i] !== root[i]) return false;
  return true;
}

/**
 * Derives one member's proof from its batch's stored tree, leaf to root, as `getProof` gives it. The proof's
 * nodes are grouped by the chunk holding them, and each chunk is read once: from `chunks` when kept, else all the
 * missing ones by one statement (SQLite reads a blob whole, so `substr` per node cost one whole-chunk read per
 * node, ~20 per proof, where this reads the ~8 distinct chunks at most once, and usually none).
 *
 * @throws {StoreError} if a node the proof needs is not in the store (a damaged store).
 * @example
 * const proof = readTreeProof({ statement, chunks, batchId: 3, leafCount: 1_000_000, leafIndex: 42 })
 */
export function readTreeProof({ statement, chunks, batchId, root, leafCount, leafIndex }: ReadTreeProofParameters): Hash[] {
  // chunks kept of another tree under this batch id (the file restored from a backup since) are dropped: chunk 0 is
  // in every proof (the top levels), so chunks of this batch are kept only with its chunk 0, which begins with the
  // root; without it kept, none of the others is trusted either
  const top = chunks.get(batchId, 0);
  if (top === undefined || !beginsWith(top, root)) chunks.forget(batchId);
  const nodes = getProofNodeIndices({ leafCount, index: leafIndex });
  // the distinct chunks (a dozen at most: a short array beats a Map), and which of them are kept in memory
  const chunkNumbers: number[] = [];
  const chunkBytes: (Uint8Array | undefined)[] = [];
  let missingCount = 0;
  for (const node of nodes) {
    const chunk = Math.floor(node / treeChunkNodes);
    if (chunkNumbers.includes(chunk)) continue;
    const kept = chunks.get(batchId, chunk);
    chunkNumbers.push(chunk);
    chunkBytes.push(kept);
    if (kept === undefined) missingCount++;
  }
  if (missingCount > 0) {
    const missing = chunkNumbers.filter((_, i) => chunkBytes[i] === undefined);
    const read = statement(`SELECT chunk, nodes FROM batch_tree_chunks WHERE batch_id = ? AND chunk IN (${missing.map(() => "?").join(", ")})`);
    for (const row of read.all(batchId, ...missing) as { chunk: number; nodes: Uint8Array }[]) {
      chunkBytes[chunkNumbers.indexOf(row.chunk)] = row.nodes;
      // kept only once it is known to be this batch's tree (chunk 0 begins with its root)
      if (row.chunk !== 0 || beginsWith(row.nodes, root)) chunks.set(batchId, row.chunk, row.nodes);
    }
  }
  return nodes.map((node) => {
    const bytes = chunkBytes[chunkNumbers.indexOf(Math.floor(node / treeChunkNodes))];
    const offset = (node % treeChunkNodes) * 32;
    if (bytes === undefined || bytes.length < offset + 32) throw new StoreError(`Node ${node} of batch ${batchId}'s tree is missing from the store: its proofs cannot be served.`);
    return blobToHex(bytes, offset, offset + 32) as Hash;
  });
}
