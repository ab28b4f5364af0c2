import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { createWalletClient, custom, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, test } from "vitest";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { CliError } from "../../sdk/src/errors/CliError.js";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { anchor } from "../../sdk/src/cli/commands/anchor.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { modelList } from "../../sdk/src/cli/commands/modelList.js";
import { modelRegister } from "../../sdk/src/cli/commands/modelRegister.js";
import { modelShow } from "../../sdk/src/cli/commands/modelShow.js";
import { proof } from "../../sdk/src/cli/commands/proof.js";
import { record } from "../../sdk/src/cli/commands/record.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { verify } from "../../sdk/src/cli/commands/verify.js";
import { ConfigError } from "../../sdk/src/errors/ConfigError.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { anchorReceipts } from "./helpers/anchorReceipts.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-commands-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const env = {
  AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher,
  AIATTEST_SIGNER_KEY: hardhatKeys.signer,
  AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer,
};
const addr = {
  publisher: privateKeyToAccount(hardhatKeys.publisher).address,
  signer: privateKeyToAccount(hardhatKeys.signer).address,
  anchorer: privateKeyToAccount(hardhatKeys.anchorer).address,
};

/** A fresh in-process chain with AIAttest deployed by the `deploy` command; `context` reaches it. */
async function deployedFixture() {
  const { viem, provider } = await network.connect();
  const testClient = await viem.getTestClient();
  const publicClient = await viem.getPublicClient();
  const base: CommandContext = { env, cwd: scratch, transport: custom(provider) };
  const deployed = await deploy({}, base);
  const context: CommandContext = { ...base, env: { ...env, AIATTEST_CONTRACT: deployed.contract } };
  return { testClient, publicClient, deployed, context };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: Error) => error,
  );
}

describe("deploy", () => {
  test("deploys AIAttest from the publisher key and returns where", async () => {
    const { deployed, publicClient } = await loadFixture(deployedFixture);

    expect(deployed).toMatchObject({ chainId: 31337, deployer: addr.publisher });
    expect(await publicClient.getCode({ address: deployed.contract })).toMatch(/^0x[0-9a-f]{100,}$/);
  });

  test("needs the publisher key and an RPC URL, and says which", async () => {
    const error = await failureOf(deploy({}, { env: {}, cwd: scratch }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatchInlineSnapshot(
      `"AIATTEST_PUBLISHER_KEY is missing: set it to the publisher's 0x-prefixed 32-byte private key (or "publisherKey" in aiattest.config.json)"`,
    );
    expect((await failureOf(deploy({}, { env, cwd: scratch }))).message).toMatch(/^AIATTEST_RPC_URL is missing/);
  });
});

describe("model commands", () => {
  test("register, list and show a model, by id or by name and version", async () => {
    const { context, deployed } = await loadFixture(deployedFixture);
    const weightsDigest = keccak256(toHex("atlas weights"));

    const registered = await modelRegister({ name: "atlas", version: "1.0", weightsDigest, metadataUri: "ipfs://card" }, context);
    expect(registered).toMatchObject({ name: "atlas", version: "1.0", publisher: addr.publisher, weightsDigest, isNewPublisher: true, contract: deployed.contract });

    const listed = await modelList({}, context);
    expect(listed).toMatchObject({ publisher: addr.publisher, contract: deployed.contract, chainId: 31337 });
    expect(listed.models).toMatchObject([{ modelId: registered.modelId, name: "atlas", version: "1.0", metadataURI: "ipfs://card", retiredAt: 0n }]);
    expect(await modelList({ publisher: addr.signer }, context)).toMatchObject({ models: [] });

    const byId = await modelShow({ model: registered.modelId }, context);
    const byName = await modelShow({ model: "atlas", version: "1.0", publisher: addr.publisher }, context);
    expect(byId).toEqual(byName);
    expect(byId).toMatchObject({ modelId: registered.modelId, registeredAt: listed.models[0]!.registeredAt, weightsDigest });
  });

  test("an unknown model is a failure (exit 1); malformed options are usage errors (exit 2)", async () => {
    const { context } = await loadFixture(deployedFixture);

    const unknown = await failureOf(modelShow({ model: "atlas", version: "9.9" }, context));
    expect(unknown).toBeInstanceOf(CliError);
    expect({ exitCode: (unknown as CliError).exitCode, message: unknown.message.replace(/0x[0-9a-fA-F]+/g, "0x…") }).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "message": "No model atlas 9.9 (id 0x…) is registered on 0x… (chain 31337)",
      }
    `);
    const malformed = await failureOf(modelRegister({ name: "", version: "1.0", weightsDigest: "0x1234" }, context));
    expect({ exitCode: (malformed as CliError).exitCode, message: malformed.message }).toMatchInlineSnapshot(`
      {
        "exitCode": 2,
        "message": "Invalid options: <name>: a model needs a non-empty name; --weights-digest: expected 0x followed by 64 hex digits",
      }
    `);
  });

  test("a contract address without code is a config error, not an empty list", async () => {
    const { context } = await loadFixture(deployedFixture);

    const error = await failureOf(modelList({ contract: addr.signer }, context));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatchInlineSnapshot(
      `"No contract at 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 on chain 31337: set AIATTEST_CONTRACT to the address \`aiattest deploy\` printed (or "contract" in aiattest.config.json, or pass --contract)"`,
    );
  });
});

describe("key commands", () => {
  test("key add authorizes the configured key, and is idempotent", async () => {
    const { context } = await loadFixture(deployedFixture);

    const signer = await keyAdd({ role: "signer" }, context);
    expect(signer).toMatchObject({ status: "authorized", publisher: addr.publisher, key: addr.signer, role: "signer" });
    expect(typeof signer.txHash).toBe("string");
    const again = await keyAdd({ role: "signer" }, context);
    expect(again).toMatchObject({ status: "already-authorized", validFrom: signer.validFrom, txHash: null, blockNumber: null });
    expect(await keyAdd({ role: "anchorer" }, context)).toMatchObject({ status: "authorized", key: addr.anchorer, role: "anchorer" });
  });

  test("key add names the missing key setting", async () => {
    const { context } = await loadFixture(deployedFixture);
    const { AIATTEST_ANCHORER_KEY: _, ...withoutAnchorer } = context.env;

    const error = await failureOf(keyAdd({ role: "anchorer" }, { ...context, env: withoutAnchorer }));
    expect(error.message).toMatchInlineSnapshot(
      `"AIATTEST_ANCHORER_KEY is missing: set it to the anchorer's 0x-prefixed 32-byte private key (or "anchorerKey" in aiattest.config.json)"`,
    );
    expect((await failureOf(keyAdd({ role: "admin" as "signer" }, context))).message).toMatchInlineSnapshot(`"Invalid option: <role>: expected signer or anchorer"`);
  });
});

describe("verify", () => {
  async function anchoredProof() {
    const fixture = await loadFixture(deployedFixture);
    const { context, deployed, publicClient } = fixture;
    await modelRegister({ name: "atlas", version: "1.0" }, context);
    await keyAdd({ role: "signer" }, context);
    await keyAdd({ role: "anchorer" }, context);
    const receipt = await createReceipt({
      signer: privateKeyToAccount(hardhatKeys.signer),
      domain: { chainId: 31337, contract: deployed.contract },
      publisher: addr.publisher,
      model: { name: "atlas", version: "1.0" },
      response: "Paris.",
      recordId: "1",
      timestamp: (await publicClient.getBlock()).timestamp,
    });
    const anchorer = createWalletClient({ account: privateKeyToAccount(hardhatKeys.anchorer), chain: publicClient.chain, transport: context.transport! });
    const [bundle] = await anchorReceipts({ anchorer, contract: deployed.contract, receipts: [receipt] });
    const directory = await mkdtemp(join(scratch, "verify-"));
    await writeFile(join(directory, "answer.txt"), "Paris.");
    await writeFile(join(directory, "tampered.txt"), "Paris!");
    await writeFile(join(directory, "answer.proof.json"), serializeBundle(bundle!));
    await writeFile(join(directory, "not-a-bundle.json"), "hello");
    return { ...fixture, context: { ...context, cwd: directory } };
  }

  test("an anchored proof is valid on chain, every check passed", async () => {
    const { context } = await anchoredProof();

    const result = await verify({ response: "answer.txt", bundle: "answer.proof.json" }, context);
    expect(result).toMatchObject({ valid: true, reason: null, mode: "online", status: "anchored", signer: addr.signer });
    expect(result.checks.filter((check) => check.outcome === "fail")).toEqual([]);
  });

  test("a changed response, offline mode and a non-bundle are results, not errors", async () => {
    const { context } = await anchoredProof();

    expect(await verify({ response: "tampered.txt", bundle: "answer.proof.json" }, context)).toMatchObject({ valid: false, reason: "content-mismatch" });
    expect(await verify({ response: "answer.txt", bundle: "answer.proof.json", offline: true }, context)).toMatchObject({ valid: true, mode: "offline" });
    expect(await verify({ response: "answer.txt", bundle: "not-a-bundle.json" }, context)).toMatchObject({ valid: false, reason: "malformed-bundle" });
  });

  test("an unreadable file is an input error (exit 2)", async () => {
    const { context } = await anchoredProof();

    const error = await failureOf(verify({ response: "missing.txt", bundle: "answer.proof.json" }, context));
    expect({ exitCode: (error as CliError).exitCode, message: error.message }).toMatchInlineSnapshot(`
      {
        "exitCode": 2,
        "message": "Cannot read the response file missing.txt: no such file",
      }
    `);
  });
});

describe("record", () => {
  test("a response that is not UTF-8 is refused under utf8 (no verifier holding the text could match it), and nothing is stored", async () => {
    const fixture = await loadFixture(deployedFixture);
    const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, fixture.context);
    await keyAdd({ role: "signer" }, fixture.context);
    const directory = await mkdtemp(join(scratch, "record-"));
    await writeFile(join(directory, "latin1.txt"), new Uint8Array([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    await writeFile(join(directory, "answer.txt"), "café");
    const context = { ...fixture.context, cwd: directory, env: { ...fixture.context.env, AIATTEST_DB: join(directory, "lab.db") } };

    const error = await failureOf(record({ model: modelId, response: "latin1.txt" }, context));
    expect({ exitCode: exitCodeOf(error), message: error.message }).toMatchInlineSnapshot(`
      {
        "exitCode": 2,
        "message": "Invalid content: expected UTF-8 text for the utf8 encoding, received bytes that are not valid UTF-8.",
      }
    `);
    // the store holds nothing for it: the next record is number 1
    expect((await record({ model: modelId, response: "answer.txt" }, context)).recordId).toBe("1");
    expect((await failureOf(proof({ recordId: "2" }, context))).message).toContain("No record 2");
  });

  test("anchor refuses a store bound to another contract than AIATTEST_CONTRACT, instead of silently using the store's", async () => {
    const fixture = await loadFixture(deployedFixture);
    const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, fixture.context);
    await keyAdd({ role: "signer" }, fixture.context);
    const directory = await mkdtemp(join(scratch, "anchor-"));
    await writeFile(join(directory, "answer.txt"), "Paris.");
    const context = { ...fixture.context, cwd: directory, env: { ...fixture.context.env, AIATTEST_DB: join(directory, "lab.db") } };
    await record({ model: modelId, response: "answer.txt" }, context);

    // another AIAttest deployment on the same chain
    await fixture.testClient.setCode({ address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", bytecode: (await fixture.publicClient.getCode({ address: fixture.deployed.contract }))! });
    const elsewhere = { ...context, env: { ...context.env, AIATTEST_CONTRACT: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } };
    const error = await failureOf(anchor({}, elsewhere));
    expect(exitCodeOf(error)).toBe(2);
    expect((error as CliError).shortMessage).toBe(
      `The store ${join(directory, "lab.db")} holds records of contract ${fixture.deployed.contract}, but AIATTEST_CONTRACT (or --contract) names 0x5FbDB2315678afecb367f032d93F642f64180aa3`,
    );
  });
});
