import type { DatabaseSync } from "node:sqlite";
import { StoreError } from "../../errors/StoreError.js";
import { createWorkerClient, type WorkerClient } from "../../worker/createWorkerClient.js";
import { startModuleWorker } from "../../worker/startModuleWorker.js";
import type { ClaimedRecord, ClaimedRecordOutcome, NewRecord } from "../Store.js";
import type { SqliteRecordWriterRequest } from "./SqliteRecordWriterRequest.js";
import { SqliteStore } from "./SqliteStore.js";

/**
 * A `SqliteStore` whose record inserts (`insertRecords`, `insertClaimedRecords`: the recorder's group commits) run
 * on a writer thread with its own connection to the file: node:sqlite is synchronous, so on the calling thread a
 * commit's fsync (`synchronous = FULL`) stops the event loop for its whole length, while here the loop goes on
 * parsing, hashing and signing the next group. The inserts are SqliteStore's own, and a call resolves only once
 * its transaction has committed: the durability contract is the same. Every other method runs on the calling
 * thread's connection, which sees each commit as soon as the call has resolved (WAL).
 * Open it with `openSqliteStore({ path, hasRecordWriter: true })`.
 */
export class SqliteStoreWithRecordWriter extends SqliteStore {
  readonly #writer: WorkerClient<SqliteRecordWriterRequest, unknown>;

  private constructor(db: DatabaseSync, { path, writer }: { path: string; writer: WorkerClient<SqliteRecordWriterRequest, unknown> }) {
    super(db, { path });
    this.#writer = writer;
  }

  /** Starts the writer thread on `path` (migrated already, by `db`'s connection) and waits until it has opened it. */
  static async start(db: DatabaseSync, { path }: { path: string }): Promise<SqliteStoreWithRecordWriter> {
    // a thread that dies fails the commit under way (its outcome unknown, as after a crash) and the next starts another
    const writer = createWorkerClient<SqliteRecordWriterRequest, unknown>({
      start: () => startModuleWorker({ entry: new URL("./sqliteRecordWriterWorker.js", import.meta.url), workerData: { path } }),
      reviveError: (failure) => new StoreError(failure.name === "StoreError" ? failure.shortMessage : `The store's writer thread failed: ${failure.shortMessage}`, { metaMessages: failure.metaMessages }),
    });
    // the thread has opened the file: a broken start fails here, not on the first record
    await writer.call({ method: "insertRecords", records: [] });
    return new SqliteStoreWithRecordWriter(db, { path, writer });
  }

  override async insertRecords(records: readonly NewRecord[]): Promise<number[]> {
    return (await this.#writer.call({ method: "insertRecords", records })) as number[];
  }

  override async insertClaimedRecords(entries: readonly ClaimedRecord[]): Promise<ClaimedRecordOutcome[]> {
    // only the data crosses: a caller's entries may carry more (the recorder's carry its callbacks)
    const plain = entries.map(({ record, claim }) => ({ record, claim }));
    return (await this.#writer.call({ method: "insertClaimedRecords", entries: plain })) as ClaimedRecordOutcome[];
  }

  override async close(): Promise<void> {
    await this.#writer.call({ method: "close" }).catch(() => undefined);
    await this.#writer.close();
    await super.close();
  }
}
