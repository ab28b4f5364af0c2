import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex, zeroHash } from "viem";
import { expect, test } from "vitest";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { spawnCli } from "../pipeline/helpers/spawnCli.js";

/** The pids of the processes whose parent is `pid` (Linux `ps`). */
const childrenOf = (pid: number) =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);

test("serve --workers 2: two processes share the port and serve the same bytes; a killed worker is replaced; SIGTERM stops them all", async () => {
  // a store with one record (a receipt: nothing anchored), as the read API serves it
  const dir = await mkdtemp(join(tmpdir(), "aiattest-workers-"));
  const db = join(dir, "lab.db");
  const store = await openSqliteStore({ path: db });
  const publisher = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  await store.bindDeployment({ chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher });
  const modelId = keccak256(toHex("model"));
  await store.putModel({ modelId, publisher, name: "atlas", version: "1.0" });
  await store.insertRecords([{ modelId, requestHash: zeroHash, responseHash: zeroHash, timestamp: 1n, encoding: "utf8", responseSalt: zeroHash, requestSalt: null, signer: publisher, signature: `0x${"ab".repeat(64)}1b`, leaf: keccak256(toHex("leaf")) }]);
  await store.close();

  const server = spawnCli(["serve", "--port", "0", "--workers", "2"], { cwd: dir, env: { AIATTEST_DB: db, AIATTEST_MANIFEST_DIR: join(dir, "manifests") } });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      let seen = "";
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        const match = pattern.exec(seen);
        if (match) {
          server.child.stderr!.off("data", onData);
          resolve(match);
        }
      };
      server.child.stderr!.on("data", onData);
      server.child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
    });
  const url = (await waitFor(/listening on (http:\/\/\S+) \(2 worker processes\)/))[1]!;
  const workers = childrenOf(server.child.pid!);
  expect(workers).toHaveLength(2);

  const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await fetch(`${url}/v1/records/1`)).text()));
  expect(new Set(bodies).size).toBe(1);
  expect(JSON.parse(bodies[0]!)).toMatchObject({ recordId: "1", anchor: null });

  process.kill(workers[0]!, "SIGKILL");
  await waitFor(/server worker \d+ exited \(SIGKILL\); starting another/);
  await expect.poll(() => childrenOf(server.child.pid!).length, { timeout: 60_000 }).toBe(2);
  expect(await (await fetch(`${url}/v1/records/1`)).text()).toBe(bodies[0]);

  const remaining = childrenOf(server.child.pid!);
  server.child.kill("SIGTERM");
  const { code, stdout } = await server.done;
  expect(code).toBe(0);
  expect(stdout).toBe(`Stopped ${url} (SIGTERM).\n`);
  for (const pid of remaining) expect(() => process.kill(pid, 0)).toThrow();
}, 180_000);

test("serve --workers with --ingest is refused: the ingestion API runs in one process", async () => {
  const dir = await mkdtemp(join(tmpdir(), "aiattest-workers-"));
  await writeFile(join(dir, "lab.db"), "");
  const { code, stderr } = await spawnCli(["serve", "--workers", "2", "--ingest"], { cwd: dir, env: { AIATTEST_DB: join(dir, "lab.db"), AIATTEST_MANIFEST_DIR: dir } }).done;
  expect(code).toBe(2);
  expect(stderr).toContain("--workers applies to the read API only");
}, 60_000);
