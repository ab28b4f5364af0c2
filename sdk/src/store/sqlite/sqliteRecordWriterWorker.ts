// The writer thread behind `SqliteStoreWithRecordWriter`: its own connection to the store's file, on which
// SqliteStore's insertRecords and insertClaimedRecords run as they would on the calling thread (same transaction,
// same synchronous = FULL commit); only the thread that waits for the commit's fsync is another.
import { workerData } from "node:worker_threads";
import { serveWorkerCalls } from "../../worker/serveWorkerCalls.js";
import { openSqliteStore } from "../openSqliteStore.js";
import type { SqliteRecordWriterRequest } from "./SqliteRecordWriterRequest.js";

// node:sqlite's ExperimentalWarning: the calling thread opened the store first and had it (printed, or silenced by
// its owner, as the CLI does); a second copy from this thread would be noise, or undo that silence
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(typeof warning === "string" ? warning : warning.message).startsWith("SQLite is an experimental feature")) return;
  return (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const store = await openSqliteStore({ path: (workerData as { path: string }).path });
serveWorkerCalls<SqliteRecordWriterRequest, unknown>((request) => {
  if (request.method === "insertRecords") return store.insertRecords(request.records);
  if (request.method === "insertClaimedRecords") return store.insertClaimedRecords(request.entries);
  return store.close();
});
