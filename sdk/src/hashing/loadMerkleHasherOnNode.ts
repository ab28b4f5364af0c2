import type { createKeccak } from "hash-wasm";
import { loadWasmKeccak, type MerkleHasher } from "./loadMerkleHasher.js";

// a specifier bundlers do not follow: a browser build of verifyOutput keeps the pure-JS keccak, 5 KB gzip lighter
const wasmPackage = ["hash", "wasm"].join("-");

/**
 * {@link loadMerkleHasher} on Node, where a proof server verifies bundle after bundle and the WebAssembly keccak
 * pays; elsewhere it resolves to null and loads nothing (one verification in a page hashes a few hundred times, less
 * work than compiling the WebAssembly). A page that verifies many proofs calls `loadMerkleHasher` itself.
 *
 * @example
 * await loadMerkleHasherOnNode().catch(() => null) // then hashing uses WebAssembly on Node
 */
export function loadMerkleHasherOnNode(): Promise<MerkleHasher | null> {
  const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
  if (!isNode) return Promise.resolve(null);
  return import(/* @vite-ignore */ wasmPackage).then((module: { createKeccak: typeof createKeccak }) => loadWasmKeccak(module.createKeccak));
}
