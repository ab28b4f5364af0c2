import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";
import { type CliRun, runCli } from "./helpers/runCli.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let cwd: string;
const runs: CliRun[] = [];
const addr = {
  publisher: privateKeyToAccount(hardhatKeys.publisher).address,
  signer: privateKeyToAccount(hardhatKeys.signer).address,
  anchorer: privateKeyToAccount(hardhatKeys.anchorer).address,
};

beforeAll(async () => {
  [node, cwd] = await Promise.all([startHardhatNode(), mkdtemp(join(tmpdir(), "aiattest-e2e-"))]);
});
afterAll(async () => {
  await node?.stop();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function aiattest(args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = await runCli(args, { cwd, env });
  runs.push(run);
  return run;
}

test("deploy → model register → key add signer → key add anchorer → model list, with --json", async () => {
  const keys = { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher, AIATTEST_SIGNER_KEY: hardhatKeys.signer, AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer };
  const env: Record<string, string> = { ...keys, AIATTEST_RPC_URL: node.rpcUrl, AIATTEST_CHAIN_ID: "31337" };

  const deployed = await aiattest(["deploy", "--json"], env);
  expect(deployed).toMatchObject({ code: 0, stderr: "" });
  const deployment = JSON.parse(deployed.stdout);
  expect(deployment).toMatchObject({ chainId: 31337, deployer: addr.publisher, blockNumber: expect.any(Number) });
  expect(deployment.contract).toMatch(/^0x[0-9a-fA-F]{40}$/);
  env.AIATTEST_CONTRACT = deployment.contract;

  const registered = await aiattest(["model", "register", "atlas", "1.0", "--metadata-uri", "ipfs://card", "--json"], env);
  expect(registered.code).toBe(0);
  const model = JSON.parse(registered.stdout);
  expect(model).toMatchObject({ name: "atlas", version: "1.0", publisher: addr.publisher, metadataURI: "ipfs://card", isNewPublisher: true, contract: deployment.contract });

  const signer = await aiattest(["key", "add", "signer", "--json"], env);
  expect(signer.code).toBe(0);
  expect(JSON.parse(signer.stdout)).toMatchObject({ status: "authorized", key: addr.signer, role: "signer", publisher: addr.publisher });
  const anchorer = await aiattest(["key", "add", "anchorer", "--json"], env);
  expect(anchorer.code).toBe(0);
  expect(JSON.parse(anchorer.stdout)).toMatchObject({ status: "authorized", key: addr.anchorer, role: "anchorer" });

  // the RPC URL and contract from ./aiattest.config.json this time
  // owner-only, as a file holding an RPC URL should be (a readable one draws a warning on every command)
  await writeFile(join(cwd, "aiattest.config.json"), JSON.stringify({ rpcUrl: node.rpcUrl, contract: deployment.contract }), { mode: 0o600 });
  const listed = await aiattest(["model", "list", "--json"], keys);
  expect(listed.code).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual({
    contract: deployment.contract,
    chainId: 31337,
    publisher: addr.publisher,
    models: [
      {
        modelId: model.modelId,
        name: "atlas",
        version: "1.0",
        weightsDigest: model.weightsDigest,
        metadataURI: "ipfs://card",
        parentModelId: model.parentModelId,
        registeredAt: expect.any(Number),
        retiredAt: 0,
        blockNumber: model.blockNumber,
        txHash: model.txHash,
      },
    ],
  });
  const human = await aiattest(["model", "list"], keys);
  expect(human.stdout).toBe(
    `1 model of publisher ${addr.publisher} on ${deployment.contract} (chain 31337):\n${model.modelId}  atlas 1.0  registered ${human.stdout.match(/registered (\S+)\n$/)?.[1]}\n`,
  );

  // a revert: exit 1, the decoded error on stderr and, with --json, on stdout
  const again = await aiattest(["model", "register", "atlas", "1.0", "--json"], env);
  expect(again.code).toBe(1);
  expect(JSON.parse(again.stdout)).toMatchObject({ error: { name: "AttestTransactionError", errorName: "ModelRegistryModelExists", args: [model.modelId] } });
  expect(again.stderr).toBe(
    `error: registerModel reverted: ModelRegistryModelExists(${model.modelId})\n  This publisher already registered this name and version; register a new version instead.\n`,
  );

  // verify: 0 valid, 1 invalid, 2 unreadable input, 3 chain unreachable
  const receipt = await createReceipt({
    signer: privateKeyToAccount(hardhatKeys.signer),
    domain: { chainId: 31337, contract: deployment.contract },
    publisher: addr.publisher,
    model: { name: "atlas", version: "1.0" },
    response: "Paris.",
    recordId: "1",
  });
  await writeFile(join(cwd, "answer.txt"), "Paris.");
  await writeFile(join(cwd, "tampered.txt"), "Paris!");
  await writeFile(join(cwd, "receipt.json"), serializeBundle(receipt));
  // verify reads the RPC from the environment (never from the folder's aiattest.config.json), and says which it used
  const verifyEnv = { AIATTEST_RPC_URL: node.rpcUrl };
  const valid = await aiattest(["verify", "--response", "answer.txt", "--bundle", "receipt.json", "--json"], verifyEnv);
  expect(valid.code).toBe(0);
  expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, mode: "online", status: "signed-only", signer: addr.signer, rpc: node.rpcUrl, readAt: { chainId: 31337 } });
  const verdict = await aiattest(["verify", "--response", "answer.txt", "--bundle", "receipt.json"], verifyEnv);
  expect(verdict.stdout.split("\n")[0]).toBe(
    `VALID: publisher ${addr.publisher}; signed by ${addr.signer}, a signer key of the publisher; claimed ${new Date(receipt.output.timestamp * 1000).toISOString().replace(".000Z", "Z")} (the signer's word); not anchored yet (a signed receipt, checked against block ${JSON.parse(valid.stdout).readAt.blockNumber} of chain 31337); model name "atlas", version "1.0" (as the publisher registered them).`,
  );
  expect(verdict.stdout).toMatch(new RegExp(`\nRead chain 31337 through ${node.rpcUrl} at block \\d+ \\(0x[0-9a-f]{64}, \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\\.\n`));
  const invalid = await aiattest(["verify", "--response", "tampered.txt", "--bundle", "receipt.json"], verifyEnv);
  expect(invalid.code).toBe(1);
  expect(invalid.stdout).toMatch(/^INVALID \(content-mismatch\): content mismatch: the response does not hash to the bundle's responseHash\./);
  expect(invalid.stdout).toMatch(/\n✗ content +content mismatch: /);
  // no RPC and no --offline: exit 2, nothing checked
  const noRpc = await aiattest(["verify", "--response", "answer.txt", "--bundle", "receipt.json"], keys);
  expect(noRpc).toMatchObject({ code: 2, stdout: "" });
  expect(noRpc.stderr).toMatch(/^error: No RPC to verify on chain: pass --rpc <url> or set AIATTEST_RPC_URL/);
  // AIATTEST_MAX_ANCHOR_DELAY is honoured: a receipt older than the promise is overdue
  const testClient = createTestClient({ mode: "hardhat", transport: http(node.rpcUrl) });
  await testClient.increaseTime({ seconds: 5 });
  await testClient.mine({ blocks: 1 });
  const overdue = await aiattest(["verify", "--response", "answer.txt", "--bundle", "receipt.json"], { ...verifyEnv, AIATTEST_MAX_ANCHOR_DELAY: "1" });
  expect(overdue.code).toBe(1);
  expect(overdue.stdout).toMatch(/^INVALID \(anchor-overdue\): anchor overdue: signed \d+ s ago, but the publisher promised anchoring within 1 s/);
  const unreadable = await aiattest(["verify", "--response", "missing.txt", "--bundle", "receipt.json"], verifyEnv);
  expect(unreadable).toMatchObject({ code: 2, stdout: "", stderr: "error: Cannot read the response file missing.txt: no such file\n" });
  const unreachable = await aiattest(["verify", "--response", "answer.txt", "--bundle", "receipt.json", "--rpc", "http://127.0.0.1:1"], keys);
  expect(unreachable.code).toBe(3);
  expect(unreachable.stderr).toMatch(/^error: Could not read the chain/);

  // a usage error is exit 2
  expect((await aiattest(["key", "add"], keys)).code).toBe(2);

  // no private key ever reaches the output
  for (const run of runs) {
    for (const key of Object.values(hardhatKeys)) expect(run.stdout + run.stderr).not.toContain(key.slice(2));
  }
});
