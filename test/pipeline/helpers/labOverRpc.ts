import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, type Hash, createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createRecorder } from "../../../sdk/src/pipeline/createRecorder.js";
import { openStore } from "../../../sdk/src/cli/openStore.js";
import { hardhatKeys } from "../../cli/helpers/attestChainFixture.js";
import { spawnCli } from "./spawnCli.js";

/**
 * A lab set up through the CLI, in separate processes, against a JSON-RPC node: deploy, register a model,
 * authorize a signer and an anchorer. Returns the environment every later `aiattest` call runs with. The store is
 * `lab.db` in the lab's folder, or `db` (a PostgreSQL URL) when given.
 */
export async function labOverRpc({ rpcUrl, db }: { rpcUrl: string; db?: string | undefined }) {
  const cwd = await mkdtemp(join(tmpdir(), "aiattest-lab-"));
  const env: Record<string, string> = {
    AIATTEST_RPC_URL: rpcUrl,
    AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher,
    AIATTEST_SIGNER_KEY: hardhatKeys.signer,
    AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer,
    AIATTEST_DB: db ?? join(cwd, "lab.db"),
  };
  const run = async (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) => {
    const result = await spawnCli(args, { cwd, env: { ...env, ...options.env }, stdin: options.stdin }).done;
    return result;
  };
  const json = async (args: string[]) => {
    const result = await run([...args, "--json"]);
    if (result.code !== 0) throw new Error(`aiattest ${args.join(" ")} exited ${result.code}: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout);
  };

  const deployed = await json(["deploy"]);
  env.AIATTEST_CONTRACT = deployed.contract;
  const model = await json(["model", "register", "atlas", "1.0", "--metadata-uri", "ipfs://card"]);
  await json(["key", "add", "signer"]);
  await json(["key", "add", "anchorer"]);

  const contract = deployed.contract as Address;
  const publisher = privateKeyToAccount(hardhatKeys.publisher).address;
  const client = createPublicClient({ transport: http(rpcUrl) });
  const writeText = (name: string, text: string) => writeFile(join(cwd, name), text);

  /** Records outputs in this process, through the SDK, into the lab's database (as an inference server would). */
  const recordInProcess = async (responses: string[]) => {
    const store = await openStore(env.AIATTEST_DB!);
    try {
      const recorder = await createRecorder({ store, signer: privateKeyToAccount(hardhatKeys.signer), deployment: { chainId: 31337, contract, publisher }, client });
      return (await Promise.all(responses.map((response) => recorder.record({ modelId: model.modelId as Hash, response })))).map((receipt) => Number(receipt.recordId));
    } finally {
      await store.close();
    }
  };
  return { cwd, env, run, json, contract, publisher, modelId: model.modelId as Hash, client, writeText, recordInProcess };
}
