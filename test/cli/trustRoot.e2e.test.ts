// The forged-VALID attack of issue 7, end to end against a real `hardhat node`: a contract whose creation code
// seeds AIAttest's storage (the lab as publisher of its model, the attacker's key as the lab's signer, a batch
// "anchored" in 2020) and emits the anchoring event, then returns an exact copy of AIAttest's runtime code.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, encodeAbiParameters, encodeEventTopics, getAddress, getContractAddress, type Hash, http, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, expect, test } from "vitest";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { deployAttest } from "../../sdk/src/actions/deployAttest.js";
import { getBatch } from "../../sdk/src/actions/getBatch.js";
import { getKey } from "../../sdk/src/actions/getKey.js";
import { getModel } from "../../sdk/src/actions/getModel.js";
import { readAttest } from "../../sdk/src/actions/readAttest.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { seededCloneCreationCode, seededStorage } from "../helpers/seededAttestClone.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";
import { runCli } from "./helpers/runCli.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

let node: Awaited<ReturnType<typeof startHardhatNode>>;
let cwd: string;

beforeAll(async () => {
  [node, cwd] = await Promise.all([startHardhatNode(), mkdtemp(join(tmpdir(), "aiattest-trust-"))]);
});
afterAll(async () => {
  await node?.stop();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

test("a storage-seeded clone of AIAttest's runtime code, with the anchoring event, is untrusted-contract through the SDK and the CLI", async () => {
  const transport = http(node.rpcUrl);
  const client = createPublicClient({ transport });
  const lab = createWalletClient({ account: privateKeyToAccount(hardhatKeys.publisher), transport, chain: hardhat });
  const attacker = createWalletClient({ account: privateKeyToAccount(hardhatKeys.outsider), transport, chain: hardhat });
  const attackerSigner = privateKeyToAccount(keccak256(toHex("the attacker's own signer key")));

  // the lab's genuine, canonical deployment and model
  const genuine = (await deployAttest(lab, {})).address;
  const model = await registerModel(lab, { contract: genuine, name: "atlas", version: "1.0" });

  // the attacker forges an output of the lab's model, signed by its own key for the clone's address-to-be
  const clone = getContractAddress({ from: attacker.account.address, nonce: BigInt(await client.getTransactionCount({ address: attacker.account.address })) });
  const claimed = 1_546_300_800n; // 2019-01-01
  const anchoredAt = 1_577_836_800n; // 2020-01-01, years before this chain existed
  const response = "The lab's model said this.";
  const forged = await createReceipt({
    signer: attackerSigner,
    domain: { chainId: 31337, contract: clone },
    publisher: lab.account.address,
    model: { name: "atlas", version: "1.0" },
    response,
    recordId: "4242",
    timestamp: claimed,
  });
  const root: Hash = hashOutputLeaf(hashOutput({ domain: { chainId: 31337, contract: clone }, output: { ...forged.output, timestamp: claimed } }));
  const uri = "https://lab.example/v1/manifests/forged.json";
  const labAddress = getAddress(lab.account.address);
  const creationCode = seededCloneCreationCode({
    runtimeCode: (await client.getCode({ address: genuine }))!,
    storage: seededStorage({
      model: { id: model.modelId, publisher: labAddress, name: "atlas", version: "1.0", registeredAt: claimed - 1n },
      keys: [
        { key: labAddress, publisher: labAddress, role: "publisher" },
        { key: attackerSigner.address, publisher: labAddress, role: "signer" },
      ],
      batch: { publisher: labAddress, root, anchorer: labAddress, anchoredAt, count: 1 },
    }),
    log: {
      topics: encodeEventTopics({ abi: aiAttestAbi, eventName: "BatchAnchored", args: { publisher: labAddress, anchorer: labAddress, root } }) as Hash[],
      data: encodeAbiParameters([{ type: "uint32" }, { type: "string" }], [1, uri]),
    },
  });
  const txHash = await attacker.sendTransaction({ data: creationCode });
  const mined = await client.waitForTransactionReceipt({ hash: txHash });
  expect(getAddress(mined.contractAddress!)).toBe(clone);

  // the attack is real: the clone's code is AIAttest's, and its views vouch for the forgery
  expect(await client.getCode({ address: clone })).toBe(await client.getCode({ address: genuine }));
  expect(await getModel(client, { contract: clone, modelId: model.modelId })).toMatchObject({ publisher: labAddress, name: "atlas", version: "1.0", retiredAt: 0n });
  expect(await getKey(client, { contract: clone, key: attackerSigner.address })).toMatchObject({ publisher: labAddress, role: "signer" });
  expect(await getBatch(client, { contract: clone, publisher: labAddress, root })).toMatchObject({ anchorer: labAddress, anchoredAt, count: 1 });
  const vouched = await readAttest(client, { contract: clone, functionName: "verifySignedOutput", args: [{ ...forged.output, timestamp: claimed }, forged.signature, root, []] });
  expect(vouched).toEqual({ ok: true, value: [true, anchoredAt, attackerSigner.address] });

  const bundle = { ...forged, anchor: { root, proof: [], leafIndex: 0, anchorer: labAddress, txHash, blockNumber: Number(mined.blockNumber), anchoredAt: Number(anchoredAt), manifestUri: uri } };

  // SDK: identity by derivation: the clone is not the canonical address
  const result = await verifyOutput({ bundle, response, client });
  expect(result).toMatchObject({ valid: false, reason: "untrusted-contract", signer: null });
  expect(result.checks.filter((check) => check.outcome !== "skip").map((check) => `${check.name}:${check.outcome}`)).toEqual(["bundle:pass", "contract:fail"]);
  // trusting exactly the genuine deployment refuses it too
  expect((await verifyOutput({ bundle, response, client, trustedContracts: [genuine] })).reason).toBe("untrusted-contract");
  // and whoever trusts the clone by mistake still meets the block-time cross-check: "anchored in 2020" is a lie
  const misplaced = await verifyOutput({ bundle, response, client, trustedContracts: [clone] });
  expect(misplaced.reason).toBe("anchor-mismatch");
  expect(misplaced.checks.find((check) => check.outcome === "fail")).toMatchObject({ name: "confirmations", reason: "anchor-mismatch" });
  expect(misplaced.checks.find((check) => check.outcome === "fail")?.message).toContain("time 2020-01-01T00:00:00Z");

  // CLI, in its own process: untrusted without settings, and untrusted when AIATTEST_CONTRACT names the genuine one
  await writeFile(join(cwd, "forged.txt"), response);
  await writeFile(join(cwd, "forged.proof.json"), serializeBundle(bundle));
  for (const env of [{ AIATTEST_RPC_URL: node.rpcUrl }, { AIATTEST_RPC_URL: node.rpcUrl, AIATTEST_CONTRACT: genuine }] as Record<string, string>[]) {
    const run = await runCli(["verify", "--response", "forged.txt", "--bundle", "forged.proof.json"], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(new RegExp(`^INVALID \\(untrusted-contract\\): untrusted contract: the bundle names ${clone}, (not the canonical|which is not a contract you trust \\(${genuine}\\))`));
    // the headline of an invalid verdict states nothing the bundle claims
    expect(run.stdout.split("\n")[0]).not.toMatch(/signed by|anchored|atlas/);
  }
  const json = await runCli(["verify", "--response", "forged.txt", "--bundle", "forged.proof.json", "--json"], { cwd, env: { AIATTEST_RPC_URL: node.rpcUrl } });
  expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, reason: "untrusted-contract", trustedContracts: null, rpc: node.rpcUrl.replace(/\/$/, "") });
});
