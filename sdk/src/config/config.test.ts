import { chmod, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { custom, type Hex } from "viem";
import { afterAll, describe, expect, test } from "vitest";
import { ConfigError } from "../errors/ConfigError.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { connectChain } from "./connectChain.js";
import { loadConfig } from "./loadConfig.js";
import { optionalSetting } from "./optionalSetting.js";
import { requireSetting } from "./requireSetting.js";

/** Hardhat's public development keys #0 and #1 (any valid private keys would do; these load no chain). */
const hardhatKeys = {
  publisher: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  signer: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
} as const satisfies Record<string, Hex>;

const scratch = await mkdtemp(join(tmpdir(), "aiattest-config-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

let directories = 0;
async function directory(files: Record<string, string> = {}): Promise<string> {
  const cwd = join(scratch, String(++directories));
  await mkdir(cwd, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(cwd, name, ".."), { recursive: true });
    await writeFile(join(cwd, name), text);
  }
  return cwd;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

/** Keys that are not valid secp256k1 private keys, each with text that must never be echoed. */
const badKeys = {
  tooShort: hardhatKeys.signer.slice(0, 65),
  notHex: `0x${"zz".repeat(32)}`,
  zero: `0x${"00".repeat(32)}`,
  aboveOrder: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
  withoutPrefix: hardhatKeys.signer.slice(2),
};

describe("loadConfig", () => {
  test("fills the defaults, resolving paths against the working directory", async () => {
    const cwd = await directory();
    const config = loadConfig({ env: {}, cwd });

    expect(config.file).toBeNull();
    expect(requireSetting(config, "db")).toBe(join(cwd, "aiattest.db"));
    expect(requireSetting(config, "manifestDir")).toBe(join(cwd, "manifests"));
    expect(requireSetting(config, "confirmations")).toBe(1);
    expect(requireSetting(config, "maxBatch")).toBe(100_000);
    expect(requireSetting(config, "maxAnchorDelay")).toBe(3600);
    expect(optionalSetting(config, "manifestBaseUrl")).toBeUndefined();
    expect(optionalSetting(config, "chainId")).toBeUndefined();
  });

  test("parses the environment: keys become accounts, addresses are checksummed, numbers are numbers", async () => {
    const config = loadConfig({
      cwd: await directory(),
      env: {
        AIATTEST_RPC_URL: "http://127.0.0.1:8545",
        AIATTEST_CONTRACT: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        AIATTEST_CHAIN_ID: "31337",
        AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher,
        AIATTEST_SIGNER_KEY: ` ${hardhatKeys.signer}\n`,
        AIATTEST_MANIFEST_BASE_URL: "https://lab.example/batches/",
        AIATTEST_CONFIRMATIONS: "3",
        AIATTEST_MAX_BATCH: "5000",
        AIATTEST_MAX_ANCHOR_DELAY: "600",
        AIATTEST_DB: "/var/lib/aiattest/records.db",
        AIATTEST_ANCHORER_KEY: "",
      },
    });

    expect(requireSetting(config, "rpcUrl")).toBe("http://127.0.0.1:8545");
    expect(requireSetting(config, "contract")).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(requireSetting(config, "chainId")).toBe(31337);
    expect(requireSetting(config, "publisherKey").address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(requireSetting(config, "signerKey").address).toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    expect(requireSetting(config, "manifestBaseUrl")).toBe("https://lab.example/batches");
    expect([requireSetting(config, "confirmations"), requireSetting(config, "maxBatch"), requireSetting(config, "maxAnchorDelay")]).toEqual([3, 5000, 600]);
    expect(requireSetting(config, "db")).toBe("/var/lib/aiattest/records.db");
    // an empty variable is unset
    expect(optionalSetting(config, "anchorerKey")).toBeUndefined();
  });

  test("flags win over the environment, which wins over the file; file paths are relative to the file", async () => {
    const cwd = await directory({
      "conf/lab.json": JSON.stringify({ rpcUrl: "http://file:8545", contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", confirmations: 4, db: "data/records.db" }),
    });
    const config = loadConfig({
      cwd,
      file: "conf/lab.json",
      env: { AIATTEST_RPC_URL: "http://env:8545", AIATTEST_CONFIRMATIONS: "2" },
      overrides: { rpcUrl: "http://flag:8545" },
    });

    expect(config.file).toBe(join(cwd, "conf/lab.json"));
    expect(config.entries.rpcUrl).toEqual({ ok: true, value: "http://flag:8545", source: "override" });
    expect(config.entries.confirmations).toEqual({ ok: true, value: 2, source: "env" });
    expect(config.entries.contract).toMatchObject({ ok: true, source: "file" });
    expect(requireSetting(config, "db")).toBe(join(cwd, "conf/data/records.db"));
  });

  test("reads ./aiattest.config.json when present", async () => {
    const cwd = await directory({ "aiattest.config.json": JSON.stringify({ maxBatch: 10 }) });
    const config = loadConfig({ env: {}, cwd });

    expect(config.file).toBe(join(cwd, "aiattest.config.json"));
    expect(requireSetting(config, "maxBatch")).toBe(10);
  });

  test("a config file holding secrets that others can read gets a warning naming them and the fix", async () => {
    const cwd = await directory({ "aiattest.config.json": JSON.stringify({ publisherKey: hardhatKeys.publisher, rpcUrl: "https://rpc.example/v3/key", db: "./lab.db" }) });
    await chmod(join(cwd, "aiattest.config.json"), 0o644);
    const warnings = loadConfig({ env: {}, cwd }).warnings;
    expect(warnings).toEqual([
      "Config file aiattest.config.json holds publisherKey, rpcUrl and is readable by others (mode 0644): run chmod 600 aiattest.config.json, or keep secrets in the environment",
    ]);
    expect(warnings.join("")).not.toContain(hardhatKeys.publisher.slice(2));
    await chmod(join(cwd, "aiattest.config.json"), 0o600);
    expect(loadConfig({ env: {}, cwd }).warnings).toEqual([]);
    // no secrets, no warning
    const plain = await directory({ "aiattest.config.json": JSON.stringify({ db: "./lab.db" }) });
    await chmod(join(plain, "aiattest.config.json"), 0o644);
    expect(loadConfig({ env: {}, cwd: plain }).warnings).toEqual([]);
  });

  test("a PostgreSQL URL with a password is a secret: a config file others can read gets the warning, and an error never shows it", async () => {
    for (const db of ["postgres://lab:hunter2@db.internal:5432/attest", "postgresql://lab@db.internal/attest?password=hunter2"]) {
      const cwd = await directory({ "aiattest.config.json": JSON.stringify({ db }) });
      await chmod(join(cwd, "aiattest.config.json"), 0o644);
      expect(loadConfig({ env: {}, cwd }).warnings).toEqual([
        "Config file aiattest.config.json holds db and is readable by others (mode 0644): run chmod 600 aiattest.config.json, or keep secrets in the environment",
      ]);
    }
    // without a password (peer or certificate login), the URL is no secret
    const open = await directory({ "aiattest.config.json": JSON.stringify({ db: "postgres://lab@db.internal/attest?sslmode=verify-full" }) });
    await chmod(join(open, "aiattest.config.json"), 0o644);
    expect(loadConfig({ env: {}, cwd: open }).warnings).toEqual([]);
    // an invalid value is echoed unless it may carry a password
    const config = loadConfig({ env: { AIATTEST_DB: "pg://lab:hunter2@db.internal/attest", AIATTEST_MANIFEST_DIR: " " }, cwd: await directory() });
    expect(() => requireSetting(config, "db")).toThrow(/AIATTEST_DB is invalid \(value not shown\)/);
    expect(() => requireSetting(config, "manifestDir")).toThrow(/AIATTEST_MANIFEST_DIR is invalid \(" "\)/);
  });

  test("a bad setting a command does not use does not stop it", async () => {
    const config = loadConfig({ env: { AIATTEST_CONFIRMATIONS: "soon", AIATTEST_RPC_URL: "http://127.0.0.1:8545" }, cwd: await directory() });

    expect(requireSetting(config, "rpcUrl")).toBe("http://127.0.0.1:8545");
    expect(() => requireSetting(config, "confirmations")).toThrow(ConfigError);
  });
});

describe("setting errors", () => {
  test("a missing setting names the variable, the file key and what to set", async () => {
    const config = loadConfig({ env: {}, cwd: await directory() });

    expect(errorOf(() => requireSetting(config, "anchorerKey")).message).toMatchInlineSnapshot(
      `"AIATTEST_ANCHORER_KEY is missing: set it to the anchorer's 0x-prefixed 32-byte private key (or "anchorerKey" in aiattest.config.json)"`,
    );
    expect(errorOf(() => requireSetting(config, "rpcUrl")).message).toMatchInlineSnapshot(
      `"AIATTEST_RPC_URL is missing: set it to the http(s) or ws(s) URL of a JSON-RPC endpoint of the chain, or several separated by commas (or "rpcUrl" in aiattest.config.json, or pass --rpc)"`,
    );
    expect(errorOf(() => requireSetting(config, "contract"))).toMatchObject({ name: "ConfigError", setting: "contract" });
  });

  test("an invalid setting names where it came from and echoes only values that are not secret", async () => {
    const cwd = await directory({ "lab.json": JSON.stringify({ maxBatch: 0, manifestBaseUrl: "ftp://lab.example" }) });
    const config = loadConfig({
      cwd,
      file: "lab.json",
      env: { AIATTEST_CONFIRMATIONS: "soon", AIATTEST_RPC_URL: "mainnet.example/v3/secret-api-key" },
      overrides: { contract: "0x5FbDB2315678afecb367f032d93F642f64180aa" },
    });

    expect(errorOf(() => requireSetting(config, "confirmations")).message).toMatchInlineSnapshot(
      `"AIATTEST_CONFIRMATIONS is invalid ("soon"): set it to the blocks a transaction must have before it counts, a whole number from 1 to 1000 (or "confirmations" in lab.json)"`,
    );
    expect(errorOf(() => requireSetting(config, "maxBatch")).message).toMatchInlineSnapshot(
      `"\"maxBatch\" in lab.json is invalid (0): set it to the most outputs in one batch, a whole number from 1 to 4294967295 (or AIATTEST_MAX_BATCH)"`,
    );
    expect(errorOf(() => optionalSetting(config, "manifestBaseUrl")).message).toContain(`"manifestBaseUrl" in lab.json is invalid ("ftp://lab.example")`);
    expect(errorOf(() => requireSetting(config, "contract")).message).toMatchInlineSnapshot(
      `"--contract is invalid ("0x5FbDB2315678afecb367f032d93F642f64180aa"): set it to the 0x-prefixed address of the AIAttest contract (printed by \`aiattest deploy\`) (or AIATTEST_CONTRACT, or "contract" in lab.json)"`,
    );
    // an RPC URL may embed an API key
    expect(errorOf(() => requireSetting(config, "rpcUrl")).message).toMatchInlineSnapshot(`"AIATTEST_RPC_URL is invalid (value not shown): set it to the http(s) or ws(s) URL of a JSON-RPC endpoint of the chain, or several separated by commas (or "rpcUrl" in lab.json)"`);
  });

  test.each(Object.entries(badKeys))("an invalid private key (%s) is refused and never echoed", async (_label, key) => {
    const cwd = await directory({ "aiattest.config.json": JSON.stringify({ publisherKey: key }) });
    const fromEnv = loadConfig({ env: { AIATTEST_SIGNER_KEY: key }, cwd });

    const envError = errorOf(() => requireSetting(fromEnv, "signerKey"));
    expect(envError.message).toMatchInlineSnapshot(
      `"AIATTEST_SIGNER_KEY is invalid (value not shown): set it to the signer's 0x-prefixed 32-byte private key (or "signerKey" in aiattest.config.json)"`,
    );
    const fileError = errorOf(() => requireSetting(fromEnv, "publisherKey"));
    expect(fileError.message).toMatchInlineSnapshot(
      `"\"publisherKey\" in aiattest.config.json is invalid (value not shown): set it to the publisher's 0x-prefixed 32-byte private key (or AIATTEST_PUBLISHER_KEY)"`,
    );
    for (const error of [envError, fileError]) {
      const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: null })}\n${JSON.stringify(error)}`;
      expect(everything).not.toContain(key.replace(/^0x/, "").slice(0, 16));
    }
  });

  test("lookup secrets: 0x + 64 hex digits each, a list for the previous ones; an invalid one is refused and never echoed", async () => {
    const current = `0x${"3a".repeat(32)}`;
    const previous = [`0x${"4b".repeat(32)}`, `0x${"5C".repeat(32)}`];
    const config = loadConfig({ env: { AIATTEST_LOOKUP_SECRET: ` ${current}\n`, AIATTEST_LOOKUP_PREVIOUS_SECRETS: `${previous[0]}, ${previous[1]},` }, cwd: await directory() });
    expect(requireSetting(config, "lookupSecret")).toBe(current);
    expect(requireSetting(config, "lookupPreviousSecrets")).toEqual(previous);
    expect(optionalSetting(loadConfig({ env: {}, cwd: await directory() }), "lookupSecret")).toBeUndefined();

    const short = `0x${"3a".repeat(31)}`;
    const bad = loadConfig({ env: { AIATTEST_LOOKUP_SECRET: short, AIATTEST_LOOKUP_PREVIOUS_SECRETS: `${previous[0]},${short}` }, cwd: await directory() });
    const errors = [errorOf(() => requireSetting(bad, "lookupSecret")), errorOf(() => requireSetting(bad, "lookupPreviousSecrets"))];
    expect(errors[0]!.message).toMatch(/^AIATTEST_LOOKUP_SECRET is invalid \(value not shown\): set it to 32 random bytes as 0x \+ 64 hex digits/);
    expect(errors[1]!.message).toMatch(/^AIATTEST_LOOKUP_PREVIOUS_SECRETS is invalid \(value not shown\)/);
    for (const error of errors) {
      const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: null })}\n${JSON.stringify(error)}`;
      expect(everything).not.toContain("3a3a3a3a");
      expect(everything).not.toContain("4b4b4b4b");
    }
  });

  test("a loaded config holds accounts, never the key text", async () => {
    const config = loadConfig({ env: { AIATTEST_SIGNER_KEY: hardhatKeys.signer }, cwd: await directory() });
    const secret = hardhatKeys.signer.slice(2);

    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: null, showHidden: true })).not.toContain(secret);
  });
});

describe("config file errors", () => {
  test("a missing --config file, bad JSON, a non-object and unknown keys are reported; bad JSON without its text", async () => {
    const cwd = await directory({
      "broken.json": `{\n  "signerKey": "${hardhatKeys.signer}"\n  "rpcUrl": "http://127.0.0.1:8545"\n}`,
      "list.json": "[]",
      "typo.json": JSON.stringify({ rpcURL: "http://127.0.0.1:8545", confirmations: 1, anchorKey: "0x" }),
    });

    expect(errorOf(() => loadConfig({ env: {}, cwd, file: "missing.json" })).message).toMatchInlineSnapshot(
      `"Config file missing.json does not exist: check the --config path"`,
    );
    const broken = errorOf(() => loadConfig({ env: {}, cwd, file: "broken.json" }));
    expect(broken.message).toMatchInlineSnapshot(`"Config file broken.json is not valid JSON (line 3, column 3): fix its syntax"`);
    expect(broken.message).not.toContain(hardhatKeys.signer.slice(2, 18));
    expect(errorOf(() => loadConfig({ env: {}, cwd, file: "list.json" })).message).toMatchInlineSnapshot(
      `"Config file list.json must hold one JSON object of settings, such as {"rpcUrl": "http://127.0.0.1:8545"}"`,
    );
    const typo = errorOf(() => loadConfig({ env: {}, cwd, file: "typo.json" }));
    expect(typo.message).toMatchInlineSnapshot(`
      "Config file typo.json has unknown settings "rpcURL", "anchorKey"

      Known settings: rpcUrl, contract, chainId, publisherKey, signerKey, anchorerKey, db, manifestDir, manifestBaseUrl, confirmations, maxBatch, finalityDepth, maxFeeGwei, replaceAfterBlocks, logRange, maxAnchorDelay, publicUrl, lookupSecret, lookupPreviousSecrets."
    `);
  });
});

describe("connectChain", () => {
  const chainOf = (id: number) => custom({ request: async ({ method }) => (method === "eth_chainId" ? `0x${id.toString(16)}` : null) });

  test("reads the chain id from the endpoint and checks AIATTEST_CHAIN_ID against it", async () => {
    const cwd = await directory();
    const connection = await connectChain(loadConfig({ env: {}, cwd }), { transport: chainOf(31337) });
    expect(connection.chain.id).toBe(31337);
    expect(connection.walletClient(requireSetting(loadConfig({ env: { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher }, cwd }), "publisherKey")).chain.id).toBe(31337);

    const error = await connectChain(loadConfig({ env: { AIATTEST_CHAIN_ID: "1" }, cwd }), { transport: chainOf(31337) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatchInlineSnapshot(
      `"AIATTEST_CHAIN_ID is 1 but the RPC endpoint serves chain 31337: point AIATTEST_RPC_URL at chain 1, or change AIATTEST_CHAIN_ID (or "chainId" in aiattest.config.json)"`,
    );
  });

  test("an unreachable endpoint is a ChainReadError; no RPC URL is a ConfigError", async () => {
    const cwd = await directory();
    const down = custom({
      request: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
      },
    });

    await expect(connectChain(loadConfig({ env: {}, cwd }), { transport: down })).rejects.toBeInstanceOf(ChainReadError);
    await expect(connectChain(loadConfig({ env: {}, cwd }))).rejects.toBeInstanceOf(ConfigError);
  });
});
