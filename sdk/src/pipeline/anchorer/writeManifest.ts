import { mkdirSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchManifestMeta } from "../../merkle/BatchManifest.js";
import type { MerkleTree } from "../../merkle/MerkleTree.js";
import { manifestFrameOf, serializeManifest, writeManifestLeaves } from "../../merkle/serializeManifest.js";

/** From this size on, a manifest is written by a worker thread (a million-leaf manifest is 70 MB). */
const workerWriteBytes = 4 * 1024 * 1024;

/**
 * Writes a batch manifest to `<dir>/<root>.json` atomically and durably (temp file, fsync, rename, fsync of the
 * folder) and returns the URI the
 * anchor names: `<baseUrl>/<root>.json` when the lab publishes manifests over HTTP, else the file's URI. The
 * manifest is given as its tree and where it is anchored, and written by `serializeManifest` (the bytes of
 * `dumpManifest`'s JSON, without a million hex strings).
 *
 * @example
 * const uri = await writeManifest({ tree, meta: deployment, dir: "./manifests", baseUrl: "https://lab.example/batches" })
 */
export async function writeManifest(parameters: { tree: MerkleTree; meta: BatchManifestMeta; dir: string; baseUrl?: string | undefined }): Promise<string> {
  const { uri, durable } = startManifestWrite(parameters);
  await durable;
  return uri;
}

/**
 * {@link writeManifest} started, not awaited: `durable` settles once the file is on disk (or its write failed). A
 * large manifest is made and written by a worker thread (from the tree's nodes, shared with it when the tree was
 * built on two threads), so both go on while this thread persists the batch (SQLite blocks it); whoever sends the
 * batch's anchor waits for `durable` first. Where no worker can start, this thread makes and writes it.
 */
export function startManifestWrite({ tree, meta, dir, baseUrl }: { tree: MerkleTree; meta: BatchManifestMeta; dir: string; baseUrl?: string | undefined }): { uri: string; durable: Promise<void> } {
  const { root } = tree;
  const frame = manifestFrameOf(tree, meta);
  const path = join(dir, `${root}.json`);
  const here = () => writeDurably(path, serializeManifest(tree, meta));
  // the worker is started now, before the caller goes on to persist the batch (which blocks this thread): started
  // from a callback, it would wait for the persisting to end. One that cannot start (or fails) leaves the write to
  // this thread: a failure of the write itself then fails here too, and is the error seen
  let durable: Promise<void>;
  try {
    mkdirSync(dir, { recursive: true });
    durable = frame.size >= workerWriteBytes ? writeInWorker(path, tree, frame).catch(here) : here();
  } catch (error) {
    durable = Promise.reject(error as Error);
  }
  // a caller that stops before waiting must not leave an unhandled rejection: it is seen when awaited
  durable.catch(() => undefined);
  return { uri: manifestUriOf({ dir, baseUrl, root }), durable };
}

/** The file's bytes, then its name in the folder: a temp file, fsync, rename, fsync of the folder. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, "w");
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(resolve(path, ".."), "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * The manifest made on a worker thread ({@link writeManifestLeaves}'s own source, between the frame made here) and
 * written with {@link writeDurably}'s steps, each one blocking there. Exported for its test only.
 */
export function writeInWorker(path: string, tree: MerkleTree, { head, tail, size }: { head: Uint8Array; tail: Uint8Array; size: number }): Promise<void> {
  const source = `
    const { workerData: { path, temporary, nodes, leafCount, head, tail, size } } = require("node:worker_threads");
    const fs = require("node:fs");
    const writeManifestLeaves = (${writeManifestLeaves.toString()});
    const bytes = new Uint8Array(size);
    bytes.set(head, 0);
    bytes.set(tail, writeManifestLeaves(nodes, leafCount, bytes, head.length));
    const file = fs.openSync(temporary, "w");
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(file, bytes, at, bytes.length - at);
      fs.fsyncSync(file);
    } finally {
      fs.closeSync(file);
    }
    fs.renameSync(temporary, path);
    const folder = fs.openSync(require("node:path").dirname(path), "r");
    try {
      fs.fsyncSync(folder);
    } finally {
      fs.closeSync(folder);
    }
  `;
  return new Promise((resolveWrite, reject) => {
    // throws (synchronously) when no worker can start: the caller writes on this thread. The nodes are shared when
    // they live in shared memory (a tree built on two threads), else copied
    const workerData = { path, temporary: `${path}.${process.pid}.tmp`, nodes: tree.nodes, leafCount: tree.leafCount, head, tail, size };
    const worker = new Worker(source, { eval: true, workerData });
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolveWrite() : reject(new Error(`Writing the manifest ${path} stopped (exit code ${code}).`))));
  });
}

/** The URI an anchor names for the manifest of `root`: `<baseUrl>/<root>.json`, else the file's own URI. */
export function manifestUriOf({ dir, baseUrl, root }: { dir: string; baseUrl?: string | undefined; root: string }): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${root}.json` : pathToFileURL(resolve(join(dir, `${root}.json`))).href;
}
