import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, test } from "vitest";
import { AttestTransactionError } from "../../sdk/src/actions/AttestTransactionError.js";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { CliError } from "../../sdk/src/cli/CliError.js";
import { anchor } from "../../sdk/src/cli/commands/anchor.js";
import { demo } from "../../sdk/src/cli/commands/demo.js";
import { proof } from "../../sdk/src/cli/commands/proof.js";
import { record } from "../../sdk/src/cli/commands/record.js";
import { verify } from "../../sdk/src/cli/commands/verify.js";
import { describeError } from "../../sdk/src/cli/describeError.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { createLogger, type OutputStream } from "../../sdk/src/cli/logger.js";
import { renderVerify } from "../../sdk/src/cli/render/renderVerify.js";
import { ConfigError } from "../../sdk/src/config/ConfigError.js";
import { ChainReadError } from "../../sdk/src/errors/ChainReadError.js";
import { InvariantError } from "../../sdk/src/errors/InvariantError.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-output-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

function capture({ isTTY = false } = {}): OutputStream & { text: () => string } {
  let text = "";
  return { isTTY, write: (chunk: string) => (text += chunk), text: () => text };
}

describe("logger", () => {
  test("prints the human text, or one JSON document with --json (bigints as numbers)", () => {
    const human = { stdout: capture(), stderr: capture() };
    createLogger(human).result({ blockNumber: 12n }, "Deployed.");
    expect(human.stdout.text()).toBe("Deployed.\n");

    const json = { stdout: capture(), stderr: capture() };
    createLogger({ ...json, json: true }).result({ blockNumber: 12n, validUntil: 2n ** 64n }, "Deployed.");
    expect(JSON.parse(json.stdout.text())).toEqual({ blockNumber: 12, validUntil: "18446744073709551616" });
    expect(json.stderr.text()).toBe("");
  });

  test("status messages go to stderr on a TTY or with --verbose, never to stdout", () => {
    const piped = { stdout: capture(), stderr: capture() };
    createLogger(piped).info("Waiting…");
    const verbose = { stdout: capture(), stderr: capture() };
    createLogger({ ...verbose, verbose: true }).info("Waiting…");
    const tty = { stdout: capture(), stderr: capture({ isTTY: true }) };
    createLogger(tty).info("Waiting…");

    expect([piped.stderr.text(), verbose.stderr.text(), tty.stderr.text()]).toEqual(["", "Waiting…\n", "Waiting…\n"]);
    expect([piped.stdout.text(), verbose.stdout.text(), tty.stdout.text()]).toEqual(["", "", ""]);
  });

  test("an error is text on stderr, and with --json also a JSON document on stdout", () => {
    const streams = { stdout: capture(), stderr: capture() };
    const error = new AttestTransactionError({ action: "anchor", errorName: "OutputAnchorZeroCount", args: [] });
    createLogger({ ...streams, json: true }).error(describeError(error, { verbose: false }));

    expect(streams.stderr.text()).toMatchInlineSnapshot(`
      "error: anchor reverted: OutputAnchorZeroCount()
        A batch must count at least one output.
      "
    `);
    expect(JSON.parse(streams.stdout.text())).toEqual({
      error: { name: "AttestTransactionError", message: "anchor reverted: OutputAnchorZeroCount()", lines: ["A batch must count at least one output."], errorName: "OutputAnchorZeroCount", args: [], action: "anchor" },
    });
  });

  test("a progress bar on a TTY only", () => {
    const tty = { stdout: capture(), stderr: capture({ isTTY: true }) };
    const bar = createLogger(tty).progress({ total: 2, label: "Reading models" });
    bar.increment();
    bar.increment();
    bar.stop();
    expect(tty.stderr.text()).toContain("Reading models");
    expect(tty.stdout.text()).toBe("");
  });

  test("no progress bar off a TTY", () => {
    const streams = { stdout: capture(), stderr: capture() };
    const progress = createLogger({ ...streams, verbose: true }).progress({ total: 3, label: "Reading" });
    progress.increment();
    progress.stop();
    expect(streams.stderr.text()).toBe("");
  });
});

describe("describeError and exitCodeOf", () => {
  test("a stack only with --verbose; unknown errors by their message", () => {
    expect(describeError(new Error("boom"), { verbose: false })).toEqual({ name: "Error", message: "boom", lines: [], fields: {}, stack: undefined });
    expect(describeError(new Error("boom"), { verbose: true }).stack).toMatch(/^Error: boom\n {4}at /);
    expect(describeError("odd", { verbose: false }).message).toBe("odd");
  });

  test("2 for usage and config errors, 3 for an unreachable chain, 1 for the rest", () => {
    expect([
      exitCodeOf(new CliError({ message: "bad option", exitCode: 2 })),
      exitCodeOf(new ConfigError({ message: "missing" })),
      exitCodeOf(new CommanderError(1, "commander.unknownOption", "error: unknown option")),
      exitCodeOf(new CommanderError(0, "commander.helpDisplayed", "")),
      exitCodeOf(new ChainReadError({ action: "eth_chainId", cause: new Error("ECONNREFUSED") })),
      exitCodeOf(new AttestTransactionError({ action: "anchor", errorName: "OutputAnchorZeroRoot" })),
      exitCodeOf(new InvariantError("tree changed")),
      exitCodeOf(new Error("boom")),
    ]).toEqual([2, 2, 2, 0, 3, 1, 1, 1]);
  });
});

describe("verify output", () => {
  test("the human verdict lists every check, and what offline mode could not check", async () => {
    const receipt = await createReceipt({
      signer: privateKeyToAccount(hardhatKeys.signer),
      domain: { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
      publisher: privateKeyToAccount(hardhatKeys.publisher).address,
      model: { name: "atlas", version: "1.0" },
      response: "Paris.",
      recordId: "1",
      timestamp: 1793606400n,
      salts: { response: `0x${"11".repeat(32)}` },
    });
    await writeFile(join(scratch, "answer.txt"), "Paris.");
    await writeFile(join(scratch, "receipt.json"), serializeBundle(receipt));
    const context = { env: {}, cwd: scratch };

    const valid = await verify({ response: "answer.txt", bundle: "receipt.json" }, context);
    expect(renderVerify(valid)).toMatchInlineSnapshot(`
      "VALID (offline): atlas 1.0 of publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, claimed 2026-11-02T08:00:00Z, signed only, not anchored yet
      ✓ bundle       A well-formed aiattest-bundle-v1 bundle.
      ✓ content      The response matches the signed responseHash (utf8).
      – request      The request was not committed in this output.
      ✓ signature    Signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 for chain 31337, contract 0x5FbDB2315678afecb367f032d93F642f64180aa3.
      ✓ modelId      Model "atlas" 1.0 of publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
      – merkleProof  Signed-only receipt: not in an anchored batch yet.
      – not checked offline: chain, model, retirement, signerWindow, batch, anchorerWindow, timeOrder, confirmations, onchain, anchorDelay (pass --rpc <url> or set AIATTEST_RPC_URL to check them)"
    `);
    await writeFile(join(scratch, "tampered.txt"), "Paris!");
    const invalid = await verify({ response: "tampered.txt", bundle: "receipt.json", offline: true }, context);
    expect(renderVerify(invalid).split("\n").slice(0, 3)).toMatchInlineSnapshot(`
      [
        "INVALID (content-mismatch): atlas 1.0 of publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, claimed 2026-11-02T08:00:00Z, signed only, not anchored yet",
        "✓ bundle       A well-formed aiattest-bundle-v1 bundle.",
        "✗ content      content mismatch: the response text is not the text that was signed (tampered, truncated or re-encoded).",
      ]
    `);
  });
});
