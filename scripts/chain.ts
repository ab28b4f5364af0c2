// `npm run chain`: a local `hardhat node` whose clock is this machine's. Hardhat's node starts its clock at the
// time it was launched but counts from when its chain was ready, so it runs behind the wall clock by its start-up
// time (seconds; tens on a loaded machine). A recorder signs with the wall clock, and an anchor can only carry
// records claimed at or before the chain's time, so on a node that lags, a record made just before `anchor` waits
// for the chain to catch up. Once the node answers, this sets its next block to now and mines it: the node's clock
// then follows the wall clock. Arguments after `--` go to `hardhat node` (e.g. `-- --port 8546`).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const port = Number(valueOf("--port") ?? 8545);
const hostname = valueOf("--hostname") ?? "127.0.0.1";
const hardhatCli = fileURLToPath(new URL("../node_modules/hardhat/dist/src/cli.js", import.meta.url));
const nodeArgs = [hardhatCli, "node", ...(valueOf("--hostname") ? [] : ["--hostname", hostname]), ...(valueOf("--port") ? [] : ["--port", String(port)]), ...args];
const child = spawn(process.execPath, nodeArgs, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const url = `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`;
async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

for (let attempt = 0; attempt < 600; attempt++) {
  try {
    await rpc("eth_chainId");
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
try {
  const pending = await rpc<{ timestamp: string }>("eth_getBlockByNumber", ["pending", false]);
  const now = Math.floor(Date.now() / 1000);
  const behind = now - Number(BigInt(pending.timestamp));
  if (behind > 0) {
    await rpc("evm_setNextBlockTimestamp", [now]);
    await rpc("evm_mine");
  }
  const mined = behind > 0 ? `: mined a block at ${new Date(now * 1000).toISOString()}` : "";
  process.stderr.write(`aiattest: the node's clock is this machine's (it ran ${Math.max(behind, 0)} s behind${mined})\n`);
} catch (error) {
  process.stderr.write(`aiattest: could not set the node's clock (${(error as Error).message}); records made just before an anchor run may wait for its clock\n`);
}
