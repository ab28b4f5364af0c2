import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { freePort } from "../helpers/freePort.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

test("npm run chain starts a hardhat node whose clock is this machine's: the pending block is at the wall clock's time", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", tsxLoader, "scripts/chain.ts", "--port", String(port)], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  try {
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no clock line in 90 s: ${stderr}`)), 90_000);
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/aiattest: (the node's clock is|could not set)/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`chain exited: ${stderr}`)));
    });
    expect(stderr).toMatch(/aiattest: the node's clock is this machine's \(it ran \d+ s behind(: mined a block at \d{4}-\d\d-\d\dT[\d:.]+Z)?\)/);
    // a few seconds later the node's clock still follows the wall clock (it does not fall back by its start-up time)
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["pending", false] }),
    });
    const pending = Number(BigInt(((await response.json()) as { result: { timestamp: string } }).result.timestamp));
    expect(Math.abs(Math.floor(Date.now() / 1000) - pending)).toBeLessThanOrEqual(2);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
});
