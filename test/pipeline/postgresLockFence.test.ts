// The anchorer lock on PostgreSQL is a session advisory lock: a run whose session is gone (a dropped connection, a
// terminated backend, a partition) no longer holds it, and must not send: another host may hold it and anchor.
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AnchorRunError } from "../../sdk/src/errors/AnchorRunError.js";
import { openPostgresStore } from "../../sdk/src/store/openPostgresStore.js";
import { StoreError } from "../../sdk/src/errors/StoreError.js";
import { advisoryLockKey } from "../../sdk/src/store/postgres/PostgresStore.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../helpers/startEmbeddedPostgres.js";
import { labPipeline } from "./labPipeline.js";

let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/** Ends the backend holding the anchorer's advisory lock, as a DBA, a failover or an idle timeout would. */
async function terminateLockHolder(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const key = BigInt.asUintN(64, BigInt(advisoryLockKey("anchorer")));
    const { rows } = await admin.query(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::bigint::oid AND objid = $2::bigint::oid",
      [String(key >> 32n), String(key & 0xffffffffn)],
    );
    return rows.filter((row: { ended: boolean }) => row.ended).length;
  } finally {
    await admin.end();
  }
}

test("a run whose lock session was terminated between building a batch and sending it sends nothing; the next run anchors it", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const url = await server.createDatabase();
  const { recorder, store, anchor, wallet } = await labPipeline(fixture, { openStore: () => openPostgresStore({ url }) });
  for (const response of ["a", "b", "c"]) await recorder.record({ modelId: fixture.labModelId, response });
  const nonceBefore = await fixture.publicClient.getTransactionCount({ address: wallet.account.address, blockTag: "pending" });

  // the lock is lost right after the batch is built, before its transaction is signed and sent
  const createBatch = store.createBatch.bind(store);
  let terminated = 0;
  store.createBatch = async (parameters) => {
    const batch = await createBatch(parameters);
    terminated = await terminateLockHolder(url);
    return batch;
  };
  const failure = await anchor().then(
    () => null,
    (error: unknown) => error,
  );
  expect(terminated).toBe(1);
  expect(failure).toBeInstanceOf(AnchorRunError);
  expect((failure as AnchorRunError).walk((cause) => cause instanceof StoreError)).toBeInstanceOf(StoreError);
  expect(String((failure as AnchorRunError).message)).toContain("lock is no longer held by this run");
  // nothing was signed into the store, nothing reached the chain
  const open = await store.getOpenBatch();
  expect(open).toMatchObject({ status: "built", txHash: null });
  expect(await store.getBatchTransactions(open!.id)).toEqual([]);
  expect(await fixture.publicClient.getTransactionCount({ address: wallet.account.address, blockTag: "pending" })).toBe(nonceBefore);

  store.createBatch = createBatch;
  expect(await anchor()).toMatchObject({ status: "done", anchored: 3 });
  await store.close();
});
