import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../helpers/freePort.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const hardhatCli = fileURLToPath(new URL("../../../node_modules/hardhat/dist/src/cli.js", import.meta.url));

async function chainIdOf(rpcUrl: string): Promise<string | null> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return ((await response.json()) as { result?: string }).result ?? null;
  } catch {
    return null;
  }
}

/**
 * Starts `hardhat node --hostname 127.0.0.1 --port <free port>` (the `npx hardhat node` bin, run with this
 * Node) and resolves once it answers `eth_chainId`. `stop()` ends that process only.
 */
export async function startHardhatNode({ timeoutMs = 60_000 } = {}): Promise<{ rpcUrl: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [hardhatCli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };

  const deadline = Date.now() + timeoutMs;
  while ((await chainIdOf(rpcUrl)) === null) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hardhat node did not answer on ${rpcUrl} within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { rpcUrl, stop };
}
