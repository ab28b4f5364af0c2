import type { ClaimedRecord, NewRecord } from "../Store.js";

/** What `SqliteStoreWithRecordWriter` asks its writer thread to do: the store's own methods, on the thread's connection. */
export type SqliteRecordWriterRequest =
  | { method: "insertRecords"; records: readonly NewRecord[] }
  | { method: "insertClaimedRecords"; entries: readonly ClaimedRecord[] }
  | { method: "close" };
