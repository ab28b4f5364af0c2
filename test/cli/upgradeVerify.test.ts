import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { custom } from "viem";
import { afterEach, expect, test } from "vitest";
import { upgrade } from "../../sdk/src/cli/commands/upgrade.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { labPipeline } from "../pipeline/labPipeline.js";

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A real HTTP server answering every request with `body`: a proof server that may lie. */
async function serveBundle(body: string): Promise<string> {
  const server = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/records/1`;
}

/** Runs upgrade on a receipt of `bundle` pointing at a server that returns `served`; no store here. */
async function upgradeFrom({ bundle, served, transport }: { bundle: Record<string, unknown>; served: unknown; transport?: CommandContext["transport"] }) {
  const url = await serveBundle(JSON.stringify(served));
  const dir = await mkdtemp(join(tmpdir(), "aiattest-upgrade-"));
  await writeFile(join(dir, "receipt.json"), JSON.stringify({ ...bundle, anchor: null, bundleUrl: url }));
  let stderr = "";
  const logger = createLogger({ stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
  const context: CommandContext = { cwd: dir, env: { AIATTEST_DB: join(dir, "no-store-here.db") }, logger, transport };
  const run = upgrade({ receipt: "receipt.json", out: "proof.json" }, context);
  return { url, run, stderr: () => stderr, written: () => existsSync(join(dir, "proof.json")) && readFileSync(join(dir, "proof.json"), "utf8") };
}

const honest = JSON.parse(readFileSync("test/fixtures/bundle-v1-auditors-example.json", "utf8")) as Record<string, unknown> & { anchor: Record<string, unknown> };

test("a served bundle whose anchor is fabricated (its Merkle proof does not reach the root) is refused, naming the reason and the URL; nothing written", async () => {
  const forged = { ...honest, anchor: { ...honest.anchor, root: `0x${"ee".repeat(32)}`, proof: [`0x${"11".repeat(32)}`], txHash: `0x${"22".repeat(32)}`, manifestUri: "https://evil.example/m.json" } };
  const { url, run, written } = await upgradeFrom({ bundle: honest, served: forged });
  await expect(run).rejects.toThrow(`${url} returned an anchored bundle that does not verify (proof-invalid): proof invalid: the Merkle proof does not lead from this output's leaf to the batch root. Nothing was written.`);
  expect(written()).toBe(false);
});

test("without an RPC: an offline-valid bundle is written, and the output says its anchor was not checked on chain", async () => {
  const { run, stderr, written } = await upgradeFrom({ bundle: honest, served: honest });
  expect((await run).anchor).toEqual(honest.anchor);
  expect(JSON.parse(written() as string).anchor).toEqual(honest.anchor);
  expect(stderr()).toBe("warning: anchor not checked on chain: run aiattest verify (no RPC set: AIATTEST_RPC_URL or --rpc); only its leaf and Merkle proof to the root were checked.\n");
});

test("with an RPC: an anchor that holds offline but not on chain (a made-up transaction) is refused; the real one is written, checked on chain", async () => {
  const fixture = await loadFixture(deployAttestFixture);
  const lab = await labPipeline(fixture);
  const receipt = await lab.recorder.record({ modelId: fixture.labModelId, response: "hello" });
  await lab.anchor();
  const real = (await getProofBundle({ store: lab.store, recordId: Number(receipt.recordId) }))! as unknown as typeof honest;
  await lab.store.close();
  const transport = custom(fixture.publicClient);

  const madeUp = { ...real, anchor: { ...real.anchor, txHash: `0x${"22".repeat(32)}` } };
  const refused = await upgradeFrom({ bundle: real, served: madeUp, transport });
  await expect(refused.run).rejects.toThrow(/returned an anchored bundle that does not verify \(anchor-tx-not-found\)/);
  expect(refused.written()).toBe(false);

  const accepted = await upgradeFrom({ bundle: real, served: real, transport });
  expect((await accepted.run).anchor).toEqual(real.anchor);
  expect(accepted.written()).not.toBe(false);
  expect(accepted.stderr()).not.toContain("not checked on chain");
}, 120_000);
