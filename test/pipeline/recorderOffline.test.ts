// Recording never waits for the chain: the recorder signs from the facts cached in its store, re-read in the background.
import { mkdtemp } from "node:fs/promises";
import { type Server, type Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { expect, test } from "vitest";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { freePort } from "../helpers/freePort.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "./labPipeline.js";

/** An RPC that accepts connections and never answers: every read hangs until the client's timeout. */
async function startHangingRpc(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A lab whose store has the facts of one good start on the fixture's chain; `restart` opens a recorder over `rpcUrl`. */
async function labWithCachedFacts() {
  const fixture = await loadFixture(deployAttestFixture);
  const { store, deployment, recorder } = await labPipeline(fixture);
  // one good start: the key read at start, the model at its first use
  await recorder.record({ modelId: fixture.labModelId, response: "while the chain is up" });
  recorder.close();
  const errors: unknown[] = [];
  const restart = async (rpcUrl: string, options: { refreshInterval?: number } = {}) =>
    createRecorder({
      store,
      signer: fixture.labSigner,
      deployment,
      client: createPublicClient({ chain: fixture.publicClient.chain, transport: http(rpcUrl, { retryCount: 0, timeout: 2_000 }) }),
      clock: () => Number(fixture.setUpAt) + 3600,
      onRefreshError: (error) => errors.push(error),
      ...options,
    });
  return { fixture, store, deployment, errors, restart };
}

test("with the RPC dead (a closed port) after one good start: receipts at once, verifying offline; the failed re-read is told once", async () => {
  const { fixture, store, errors, restart } = await labWithCachedFacts();
  const recorder = await restart(`http://127.0.0.1:${await freePort()}`);
  const started = performance.now();
  const receipts = await Promise.all(Array.from({ length: 20 }, (_, i) => recorder.record({ modelId: fixture.labModelId, response: `offline ${i}` })));
  expect(performance.now() - started).toBeLessThan(1_000);
  for (const [i, receipt] of receipts.entries()) {
    expect(await verifyOutput({ bundle: receipt, response: `offline ${i}` })).toMatchObject({ valid: true, status: "signed-only" });
  }
  await recorder.refresh();
  await recorder.refresh();
  expect(errors).toHaveLength(1);
  expect((errors[0] as Error).name).toBe("ChainReadError");
  expect(await store.countPending()).toBe(21);
  recorder.close();
  await store.close();
});

test("an RPC that hangs never delays a record: the re-read runs beside it", async () => {
  const { fixture, store, restart } = await labWithCachedFacts();
  const rpc = await startHangingRpc();
  // facts older than the refresh interval: the first record starts a re-read, which hangs
  const recorder = await restart(rpc.url, { refreshInterval: 1 });
  const refreshing = recorder.refresh();
  const started = performance.now();
  for (let i = 0; i < 5; i++) await recorder.record({ modelId: fixture.labModelId, response: `hung ${i}` });
  expect(performance.now() - started).toBeLessThan(500);
  await refreshing;
  recorder.close();
  await rpc.close();
  await store.close();
});

test("with nothing cached and no chain, it refuses, naming what is missing: the signer key's window, or a model", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { deployment } = await labPipeline(fixture);
  const dead = createPublicClient({ chain: fixture.publicClient.chain, transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 }) });
  const empty = await openSqliteStore({ path: join(await mkdtemp(join(tmpdir(), "aiattest-offline-")), "lab.db") });
  await expect(createRecorder({ store: empty, signer: fixture.labSigner, deployment, client: dead })).rejects.toThrow(
    `Could not read the chain (the window of signer key ${fixture.labSigner.address}, not cached in the store yet: a recorder's first start must reach the chain once)`,
  );
  // the key cached, the model not yet: that model's first use needs the chain
  const keyOnly = await createRecorder({ store: empty, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt) });
  keyOnly.close();
  const offline = await createRecorder({ store: empty, signer: fixture.labSigner, deployment, client: dead, clock: () => Number(fixture.setUpAt) });
  await expect(offline.record({ modelId: fixture.labModelId, response: "x" })).rejects.toThrow(`(model ${fixture.labModelId}, not cached in the store yet: its first use must reach the chain once)`);
  expect(await empty.countPending()).toBe(0);
  offline.close();
  await empty.close();
});

test("a key revoked on chain stops signing within one refresh interval, by the background timer alone", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { store, deployment } = await labPipeline(fixture);
  const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt), refreshInterval: 1 });
  await recorder.record({ modelId: fixture.labModelId, response: "before" });
  const lab = await fixture.as(fixture.lab);
  await lab.write.revokeKey([fixture.addr.labSigner, BigInt(fixture.setUpAt)]);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await expect(recorder.record({ modelId: fixture.labModelId, response: "after" })).rejects.toThrow(`received ${fixture.addr.labSigner}, revoked at ${fixture.setUpAt}`);
  // the revocation is in the store: a restarted recorder refuses from it, with the chain down
  recorder.close();
  expect(await store.getKeyFacts(fixture.labSigner.address)).toMatchObject({ validUntil: fixture.setUpAt });
  const dead = createPublicClient({ chain: fixture.publicClient.chain, transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 }) });
  const restarted = await createRecorder({ store, signer: fixture.labSigner, deployment, client: dead, clock: () => Number(fixture.setUpAt) });
  await expect(restarted.record({ modelId: fixture.labModelId, response: "after restart" })).rejects.toThrow("revoked at");
  restarted.close();
  expect(await store.countPending()).toBe(1);
  await store.close();
});

test("a model retired on chain while its cached facts say active: a recorder started later re-reads them before signing and refuses", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { store, deployment } = await labPipeline(fixture);
  const at = (offset: number) => createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => Number(fixture.setUpAt) + offset });
  const first = await at(0);
  await first.record({ modelId: fixture.labModelId, response: "active" });
  first.close();
  const lab = await fixture.as(fixture.lab);
  await lab.write.retireModel([fixture.labModelId]);
  await fixture.testClient.increaseTime({ seconds: 120 });
  await fixture.testClient.mine({ blocks: 1 });
  // a recorder started more than a refresh interval after the model's facts were cached: they are read again first
  const later = await at(120);
  await expect(later.record({ modelId: fixture.labModelId, response: "retired" })).rejects.toThrow(`expected a model that is not retired, received ${fixture.labModelId}, retired at`);
  later.close();
  expect((await store.getModelFacts(fixture.labModelId))!.retiredAt).not.toBe(0n);
  expect(await store.countPending()).toBe(1);
  await store.close();
});

test("a read the recorder refuses (a clock a day ahead of the chain's) leaves nothing in the store for a later start to sign from", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const { deployment } = await labPipeline(fixture);
  const store = await openSqliteStore({ path: join(await mkdtemp(join(tmpdir(), "aiattest-offline-")), "lab.db") });
  const chainTime = Number((await fixture.publicClient.getBlock()).timestamp);
  const ahead = () => createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => chainTime + 86_400 });
  await expect(ahead()).rejects.toThrow("Invalid clock");
  expect(await store.getKeyFacts(fixture.labSigner.address)).toBeNull();
  await expect(ahead()).rejects.toThrow("Invalid clock");
  await store.close();
});
