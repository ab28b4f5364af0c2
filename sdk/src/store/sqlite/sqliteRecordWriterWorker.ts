// The writer thread behind `SqliteStoreWithRecordWriter`: its own connection to the store's file, on which
// SqliteStore's insertRecords and insertClaimedRecords run as they would on the calling thread (same transaction,
// same synchronous = FULL commit); only the thread that waits for the commit's fsync is another.
import { workerData } from "node:worker_threads";
import { serveWorkerCalls } from "../../worker/serveWorkerCalls.js";
import { openSqliteStore } from "../openSqliteStore.js";
import type { SqliteRecordWriterRequest } from "./SqliteRecordWriterRequest.js";

const store = await openSqliteStore({ path: (workerData as { path: string }).path });
serveWorkerCalls<SqliteRecordWriterRequest, unknown>((request) => {
  if (request.method === "insertRecords") return store.insertRecords(request.records);
  if (request.method === "insertClaimedRecords") return store.insertClaimedRecords(request.entries);
  return store.close();
});
