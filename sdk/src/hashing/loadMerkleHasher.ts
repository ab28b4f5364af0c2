import { createKeccak } from "hash-wasm";
import { keccak256 } from "viem";

/**
 * keccak256 of its input (for the tree, a 64-byte sorted pair of nodes), returned as a fresh 32-byte array.
 */
export type MerkleHasher = (data: Uint8Array) => Uint8Array;

let wasmHasher: MerkleHasher | undefined;
let loading: Promise<MerkleHasher> | undefined;

/**
 * Loads the WebAssembly keccak256 (hash-wasm) that tree building uses, once per process; later calls return
 * the cached instance. {@link createMerkleTree} and {@link computeMerkleRoot} call it themselves. Call it up
 * front only to make the synchronous {@link processProof} and {@link verifyProof} use it too (about 5x faster
 * than their pure-JS fallback, which matters when verifying many proofs).
 *
 * @example
 * await loadMerkleHasher();
 * const ok = verifyProof({ root, leaf, proof }); // now hashes with WebAssembly
 */
export function loadMerkleHasher(): Promise<MerkleHasher> {
  return loadWasmKeccak(createKeccak);
}

/**
 * {@link loadMerkleHasher} with hash-wasm's `createKeccak` passed in, so a caller can import hash-wasm at run time
 * instead (see `loadMerkleHasherOnNode`). Internal: not exported from the package.
 *
 * @example
 * const hasher = await loadWasmKeccak((await import("hash-wasm")).createKeccak)
 */
export function loadWasmKeccak(create: typeof createKeccak): Promise<MerkleHasher> {
  loading ??= create(256).then(
    (keccak) => {
      const hasher: MerkleHasher = (data) => {
        keccak.init();
        keccak.update(data);
        return keccak.digest("binary");
      };
      wasmHasher = hasher;
      return hasher;
    },
    (error: unknown) => {
      // let a later call retry instead of caching the failure
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The loaded WebAssembly hasher, or viem's pure-JS keccak256 when {@link loadMerkleHasher} has not finished.
 * Both give identical output; only speed differs.
 *
 * @example
 * const leaf = bytesToHex(getMerkleHasher()(hexToBytes(digest))); // keccak256(digest), synchronously
 */
export function getMerkleHasher(): MerkleHasher {
  return wasmHasher ?? jsHasher;
}

const jsHasher: MerkleHasher = (data) => keccak256(data, "bytes");
