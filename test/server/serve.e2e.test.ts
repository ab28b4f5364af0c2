import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHardhatNode } from "../cli/helpers/startHardhatNode.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { type SpawnedCli, spawnCli } from "../pipeline/helpers/spawnCli.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let lab: Awaited<ReturnType<typeof labOverRpc>>;
let server: SpawnedCli;
let base: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
  base = `http://127.0.0.1:${await freePort()}`;
  lab.env.AIATTEST_PUBLIC_URL = base;
  lab.env.AIATTEST_MANIFEST_BASE_URL = `${base}/v1/manifests`;
}, 180_000);
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await node?.stop();
});

test("aiattest serve over a real node: receipts point at it, upgrade fetches and checks the anchored bundle, anchored manifest URIs resolve, SIGTERM stops it cleanly", async () => {
  // receipts made by the CLI carry their bundleUrl
  const texts = ["Paris.", "naïve café — 東京 🚀"];
  const ids: number[] = [];
  for (const [index, text] of texts.entries()) {
    await lab.writeText(`response-${index}.txt`, text);
    const receipt = await lab.json(["record", "--model", lab.modelId, "--response", `response-${index}.txt`, "--out", `receipt-${index}.json`]);
    expect(receipt.bundleUrl).toBe(`${base}/v1/records/${receipt.recordId}`);
    ids.push(Number(receipt.recordId));
  }

  server = spawnCli(["serve", "--port", base.split(":").at(-1)!], { cwd: lab.cwd, env: lab.env });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    server.child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(`listening on ${base}`)) resolve();
    });
    server.child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
  });
  expect(await (await fetch(`${base}/v1/health`)).json()).toMatchObject({ status: "ok", pending: 2, lastAnchor: null });

  // from the server only (no store here): not anchored yet is exit 4, and nothing is written
  const away = { AIATTEST_DB: join(lab.cwd, "elsewhere.db") };
  const early = await lab.run(["upgrade", "receipt-0.json", "--out", "proof-0.json"], { env: away });
  expect(early.code).toBe(4);
  expect(early.stderr).toContain(`Record ${ids[0]} is not anchored yet (asked ${base}/v1/records/${ids[0]})`);
  expect(existsSync(join(lab.cwd, "proof-0.json"))).toBe(false);

  expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 2 });

  const upgraded = await lab.run(["upgrade", "receipt-0.json", "--out", "proof-0.json"], { env: away });
  expect(upgraded.code, upgraded.stderr).toBe(0);
  const bundle = JSON.parse(await readFile(join(lab.cwd, "proof-0.json"), "utf8"));
  expect(bundle.anchor.manifestUri).toMatch(new RegExp(`^${base}/v1/manifests/0x[0-9a-f]{64}\\.json$`));
  const verified = await lab.run(["verify", "--response", "response-0.txt", "--bundle", "proof-0.json", "--json"]);
  expect(verified.code, verified.stdout).toBe(0);
  expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, status: "anchored" });

  // the anchored manifest URI is served by this server, byte for byte
  const manifest = await fetch(bundle.anchor.manifestUri);
  expect(manifest.status).toBe(200);
  const root = bundle.anchor.root as string;
  expect(Buffer.from(await manifest.arrayBuffer()).equals(await readFile(join(lab.cwd, "manifests", `${root}.json`)))).toBe(true);

  // from the local store: the same anchored bundle
  const local = await lab.run(["upgrade", "receipt-1.json", "--json"]);
  expect(local.code, local.stderr).toBe(0);
  expect(JSON.parse(local.stdout)).toMatchObject({ recordId: String(ids[1]), anchor: { root } });

  // a receipt whose bundleUrl points at another record's (valid, anchored) bundle: refused, nothing written
  const receipt0 = JSON.parse(await readFile(join(lab.cwd, "receipt-0.json"), "utf8"));
  await lab.writeText("misdirected.json", JSON.stringify({ ...receipt0, bundleUrl: `${base}/v1/records/${ids[1]}` }));
  const misdirected = await lab.run(["upgrade", "misdirected.json", "--out", "misdirected.proof.json"], { env: away });
  expect(misdirected.code).toBe(1);
  expect(misdirected.stderr).toContain("returned a bundle for another output: its output.responseHash differs from the receipt's. Nothing was written.");
  expect(existsSync(join(lab.cwd, "misdirected.proof.json"))).toBe(false);

  // bulk: every record, and one batch
  const all = await lab.json(["proof", "--all", "--out-dir", "proofs"]);
  expect(all).toMatchObject({ written: 2, anchored: 2, receipts: 0 });
  expect((await readdir(join(lab.cwd, "proofs"))).sort()).toEqual(ids.map((id) => `${id}.proof.json`).sort());
  const fromBatch = await lab.json(["proof", "--batch", root, "--out-dir", "batch"]);
  expect(fromBatch).toMatchObject({ written: 2, batch: root });
  expect(await readFile(join(lab.cwd, "batch", `${ids[0]}.proof.json`), "utf8")).toBe(await readFile(join(lab.cwd, "proofs", `${ids[0]}.proof.json`), "utf8"));

  server.child.kill("SIGTERM");
  const stopped = await server.done;
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toBe(`Stopped ${base} (SIGTERM).\n`);
}, 180_000);
