// A receipt is a promise that its output will verify once anchored: the recorder refuses to sign what could not.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, custom } from "viem";
import { describe, expect, test } from "vitest";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "./labPipeline.js";

/** A recorder on the fixture's chain with a clock the test moves (the chain's time with it), and an RPC the test can take down. */
async function recorderWithClock() {
  const fixture = await loadFixture(deployAttestFixture);
  const { store, deployment } = await labPipeline(fixture);
  let now = Number(fixture.setUpAt);
  let isDown = false;
  const client = createPublicClient({
    chain: fixture.publicClient.chain,
    transport: custom({
      request: (args) => {
        if (isDown) throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
        return fixture.publicClient.request(args);
      },
    }),
  });
  const recorder = await createRecorder({ store, signer: fixture.labSigner, deployment, client, clock: () => now, anchorMargin: 600, refreshInterval: 60 });
  const lab = await fixture.as(fixture.lab);
  return {
    fixture,
    store,
    recorder,
    lab,
    /** Moves both clocks, then waits for the background re-read a record call or the timer would start. */
    tick: async (seconds: number) => {
      now += seconds;
      await fixture.testClient.increaseTime({ seconds });
      await fixture.testClient.mine({ blocks: 1 });
      await recorder.refresh();
    },
    now: () => now,
    setDown: (down: boolean) => (isDown = down),
    record: (response: string) => recorder.record({ modelId: fixture.labModelId, response }),
  };
}

describe("the recorder keeps its promise", () => {
  test("a revocation made while it runs is followed: it stops signing anchorMargin before the key's window closes", async () => {
    const { lab, fixture, tick, now, record, store } = await recorderWithClock();
    await record("before");
    // a planned rotation: the key closes in 30 minutes; outputs signed in its last 10 (the margin) could not be anchored in time
    const validUntil = now() + 1800;
    await lab.write.revokeKey([fixture.addr.labSigner, BigInt(validUntil)]);
    await record("not re-read yet (refreshed every 60 s)");
    await tick(61);
    await record("20 minutes of margin left");
    await tick(1139); // 600 s before the window closes
    await expect(record("too late")).rejects.toThrow(
      `Invalid signer key: expected a key valid for at least 600 s more, so that its outputs are anchored while it is valid, received ${fixture.addr.labSigner}, valid until ${new Date(validUntil * 1000).toISOString().replace(".000Z", "Z")}: switch the recorder to the next signer key.`,
    );
    expect(await store.countPending()).toBe(3);
  });

  test("a key revoked in the past (compromise) stops it at the next refresh", async () => {
    const { lab, fixture, tick, record } = await recorderWithClock();
    await record("fine");
    await lab.write.revokeKey([fixture.addr.labSigner, BigInt(fixture.setUpAt)]);
    await tick(61);
    await expect(record("after the compromise")).rejects.toThrow(`received ${fixture.addr.labSigner}, revoked at ${fixture.setUpAt}`);
  });

  test("a model retired while it runs is refused at the next refresh, and nothing is stored for it", async () => {
    const { lab, fixture, tick, record, store } = await recorderWithClock();
    await record("active");
    await lab.write.retireModel([fixture.labModelId]);
    const retiredAt = (await fixture.publicClient.getBlock()).timestamp;
    await tick(Number(retiredAt) - Number(fixture.setUpAt) + 61);
    await expect(record("retired")).rejects.toThrow(`Invalid modelId: expected a model that is not retired, received ${fixture.labModelId}, retired at`);
    expect(await store.countPending()).toBe(1);
  });

  test("a clock more than maxClockSkew ahead of the chain's is refused at a first start, and at the refresh that finds it", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const { store, deployment } = await labPipeline(fixture);
    const chainTime = Number((await fixture.publicClient.getBlock({ blockTag: "pending" })).timestamp);
    const at = (offset: number, on = store) => createRecorder({ store: on, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => chainTime + offset, maxClockSkew: 60 });
    // a first start (nothing cached) reads the chain before it signs anything
    const fresh = await openSqliteStore({ path: join(await mkdtemp(join(tmpdir(), "aiattest-clock-")), "lab.db") });
    await expect(at(600, fresh)).rejects.toThrow(/^Invalid clock: expected a clock at most 60 s ahead of the chain's, received .*, 6\d\d s ahead of the chain's .*: outputs claimed then cannot be anchored until the chain catches up; fix this machine's clock \(NTP\)\.$/m);
    await fresh.close();
    // started from cached facts older than a refresh interval, it re-reads them first, and refuses as a first start does
    await expect(at(600)).rejects.toThrow("Invalid clock");
    const recorder = await at(30);
    await recorder.refresh();
    await expect(recorder.record({ modelId: fixture.labModelId, response: "30 s ahead: within the bound" })).resolves.toMatchObject({ anchor: null });

    // the clock jumps ahead while it runs: the next refresh refuses
    let now = chainTime;
    const jumpy = await createRecorder({ store, signer: fixture.labSigner, deployment, client: fixture.publicClient, clock: () => now, refreshInterval: 60 });
    await jumpy.refresh();
    await jumpy.record({ modelId: fixture.labModelId, response: "in step" });
    now += 3600;
    await jumpy.refresh();
    await expect(jumpy.record({ modelId: fixture.labModelId, response: "an hour ahead" })).rejects.toThrow("Invalid clock");
    expect(await store.countPending()).toBe(2);
  });

  test("when the chain is down at a refresh, it keeps recording with the facts it last read", async () => {
    const { tick, record, setDown, store } = await recorderWithClock();
    await record("up");
    setDown(true);
    await tick(61);
    await record("down: the last facts hold");
    setDown(false);
    expect(await store.countPending()).toBe(2);
  });
});
