import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, test } from "vitest";
import { AttestTransactionError } from "../../sdk/src/errors/AttestTransactionError.js";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { serializeBundle } from "../../sdk/src/bundle/serializeBundle.js";
import { CliError } from "../../sdk/src/errors/CliError.js";
import { verify } from "../../sdk/src/cli/commands/verify.js";
import { describeError } from "../../sdk/src/cli/describeError.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import { createLogger, type OutputStream } from "../../sdk/src/cli/logger.js";
import { renderVerify } from "../../sdk/src/cli/render/renderVerify.js";
import { ConfigError } from "../../sdk/src/errors/ConfigError.js";
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

  test("no progress bar off a TTY: nothing by default, plain lines with --verbose (cron logs), never bar control codes", () => {
    const quiet = { stdout: capture(), stderr: capture() };
    const silent = createLogger({ ...quiet }).progress({ total: 3, label: "Reading" });
    silent.increment();
    silent.stop();
    expect(quiet.stderr.text()).toBe("");

    const logged = { stdout: capture(), stderr: capture() };
    const progress = createLogger({ ...logged, verbose: true }).progress({ total: 3, label: "Reading" });
    progress.increment();
    progress.stop();
    progress.stop();
    // increments within 5 s print nothing; the end prints one line, once
    expect(logged.stderr.text()).toBe("Reading: 1/3\n");
    expect(logged.stdout.text()).toBe("");
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
  const vectorContract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const receiptOf = () =>
    createReceipt({
      signer: privateKeyToAccount(hardhatKeys.signer),
      domain: { chainId: 31337, contract: vectorContract },
      publisher: privateKeyToAccount(hardhatKeys.publisher).address,
      model: { name: "atlas", version: "1.0" },
      response: "Paris.",
      recordId: "1",
      timestamp: 1793606400n,
      salts: { response: `0x${"11".repeat(32)}` },
    });

  test("fails closed: no RPC and no --offline is a usage error, and ./aiattest.config.json is never read", async () => {
    await writeFile(join(scratch, "answer.txt"), "Paris.");
    await writeFile(join(scratch, "receipt.json"), serializeBundle(await receiptOf()));
    // an evidence folder carrying a config file that would pick the RPC and the trusted contract
    await writeFile(join(scratch, "aiattest.config.json"), JSON.stringify({ rpcUrl: "http://127.0.0.1:1", contract: vectorContract }));
    const error = await verify({ response: "answer.txt", bundle: "receipt.json" }, { env: {}, cwd: scratch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect(exitCodeOf(error)).toBe(2);
    expect((error as CliError).shortMessage).toMatchInlineSnapshot(
      `"No RPC to verify on chain: pass --rpc <url> or set AIATTEST_RPC_URL (an RPC of the bundle's chain), or pass --offline to make only the checks that need no chain"`,
    );
    // offline, the folder's config file does not make its contract trusted either
    const offline = await verify({ response: "answer.txt", bundle: "receipt.json", offline: true }, { env: {}, cwd: scratch });
    expect(offline.reason).toBe("untrusted-contract");
    // named with --config, it is read
    const named = await verify({ response: "answer.txt", bundle: "receipt.json", offline: true, config: "aiattest.config.json" }, { env: {}, cwd: scratch });
    expect(named).toMatchObject({ valid: true, trustedContracts: [vectorContract] });
    await rm(join(scratch, "aiattest.config.json"));
  });

  test("the human verdict states only what passed checks established, lists every check, and says what was not checked", async () => {
    await writeFile(join(scratch, "answer.txt"), "Paris.");
    await writeFile(join(scratch, "receipt.json"), serializeBundle(await receiptOf()));
    const context = { env: { AIATTEST_CONTRACT: vectorContract }, cwd: scratch };

    const valid = await verify({ response: "answer.txt", bundle: "receipt.json", offline: true }, context);
    expect(renderVerify(valid)).toMatchInlineSnapshot(`
      "VALID OFFLINE ONLY — not checked on chain: chain, model, retirement, signerWindow, batch, anchorerWindow, timeOrder, confirmations, onchain, anchorDelay. Signed by key 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, not known to be the publisher's.
      ✓ bundle       A well-formed aiattest-bundle-v1 bundle.
      ✓ contract     0x5FbDB2315678afecb367f032d93F642f64180aa3 is a contract you trust.
      ✓ content      The response matches the signed responseHash (utf8).
      – request      No request is committed, and none was given.
      ✓ signature    Signed by key 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 for chain 31337 and contract 0x5FbDB2315678afecb367f032d93F642f64180aa3.
      ✓ modelId      The output's modelId is keccak256(abi.encode(publisher, name, version)) of the bundle's model.
      – merkleProof  Signed-only receipt: not in an anchored batch yet.
      No chain was read (--offline).
      Record id "1": the publisher's label, not signed (find the record with it; it proves nothing)."
    `);

    // an invalid headline carries the failed check's sentence and none of the bundle's claims
    await writeFile(join(scratch, "tampered.txt"), "Paris!");
    const invalid = await verify({ response: "tampered.txt", bundle: "receipt.json", offline: true }, context);
    expect(renderVerify(invalid).split("\n").slice(0, 5)).toMatchInlineSnapshot(`
      [
        "INVALID (content-mismatch): content mismatch: the response does not hash to the bundle's responseHash. Either the text was altered, truncated or re-encoded, or the bundle was.",
        "✓ bundle       A well-formed aiattest-bundle-v1 bundle.",
        "✓ contract     0x5FbDB2315678afecb367f032d93F642f64180aa3 is a contract you trust.",
        "✗ content      content mismatch: the response does not hash to the bundle's responseHash. Either the text was altered, truncated or re-encoded, or the bundle was.",
        "– request      Not made: the content check failed.",
      ]
    `);
    expect(invalid.signer).toBeNull();
  });

  test("control, escape and bidi characters from a bundle are printed escaped, never raw", async () => {
    const receipt = JSON.parse(serializeBundle(await receiptOf()));
    // the schema refuses them in names and ids; an unknown field's name still reaches the message, escaped
    const hostile = { ...receipt, model: { name: "atlas\r\u001b[2KVALID", version: "1.0\u202e" }, ["x\r\u001b[2K\u2066VALID"]: 1 };
    await writeFile(join(scratch, "hostile.json"), JSON.stringify(hostile));
    const result = await verify({ response: "answer.txt", bundle: "hostile.json", offline: true }, { env: {}, cwd: scratch });
    expect(result.reason).toBe("malformed-bundle");
    expect(result.issues).toEqual([
      { path: "model.name", message: "must not contain control or bidirectional-formatting characters" },
      { path: "model.version", message: "must not contain control or bidirectional-formatting characters" },
      { path: "", message: "unknown field: x\r\u001b[2K\u2066VALID" },
    ]);
    const text = renderVerify(result);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    expect(text.split("\n")[0]).toContain("unknown field: x\\u{d}\\u{1b}[2K\\u{2066}VALID");
  });

  test("--report prints Markdown for an auditor: inputs with SHA-256, every check, and no facts for an invalid verdict", async () => {
    await writeFile(join(scratch, "answer.txt"), "Paris.");
    await writeFile(join(scratch, "tampered.txt"), "Paris!");
    await writeFile(join(scratch, "receipt.json"), serializeBundle(await receiptOf()));
    const context = { env: { AIATTEST_CONTRACT: vectorContract }, cwd: scratch };
    const valid = renderVerify(await verify({ response: "answer.txt", bundle: "receipt.json", offline: true, report: true }, context));
    expect(valid).toContain("Verdict: **VALID OFFLINE ONLY** (not checked on chain)");
    // sha256("Paris.")
    expect(valid).toContain("| response | answer.txt | 6 | `bdff8c417ab50e95e95cce16035a3799c7e00104de4a7b3453f06728c620faf7` |");
    expect(valid).toContain("| 2 | contract | pass | 0x5FbDB2315678afecb367f032d93F642f64180aa3 is a contract you trust. |");
    expect(valid).toContain("None on chain: only the offline checks were made");
    expect(valid).toContain('- record id "1": the publisher\'s label, not signed');
    const invalid = renderVerify(await verify({ response: "tampered.txt", bundle: "receipt.json", offline: true, report: true }, context));
    expect(invalid).toContain("Verdict: **INVALID** (`content-mismatch`)");
    expect(invalid).toContain("| 3 | content | fail (`content-mismatch`) |");
    expect(invalid).toContain("None: the verdict is invalid, so nothing the bundle states is established.");
  });

  test("a model name cannot close its quote and append facts to a VALID headline; the name comes last, quoted as JSON", () => {
    const forged = 'GPT-5" 2025-08 of publisher 0x0000000000000000000000000000000000000001; signed by 0x0000000000000000000000000000000000000002';
    const result = {
      valid: true, reason: null, mode: "online", status: "anchored", chainId: 31337, contract: vectorContract,
      publisher: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", model: { id: `0x${"11".repeat(32)}`, name: forged, version: "v1" },
      signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", claimedAt: 1793606400, anchoredAt: 1793606460, blockNumber: 7,
      txHash: `0x${"22".repeat(32)}`, root: `0x${"33".repeat(32)}`, recordId: "1", readAt: { chainId: 31337, blockNumber: 8, blockHash: `0x${"44".repeat(32)}`, timestamp: 1793606470 },
      checks: [], unchecked: [], rpc: "http://127.0.0.1:8545", trustedContracts: null, output: "text",
      inputs: { response: { path: "a", bytes: 1, sha256: "00" }, bundle: { path: "b", bytes: 1, sha256: "00" }, request: null },
    } as unknown as Parameters<typeof renderVerify>[0];
    expect(renderVerify(result).split("\n")[0]).toBe(
      'VALID: publisher 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc; signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, a signer key of the publisher; claimed 2026-11-02T08:00:00Z (the signer\'s word); anchored no later than 2026-11-02T08:01:00Z in block 7 of chain 31337; model name "GPT-5\\" 2025-08 of publisher 0x0000000000000000000000000000000000000001; signed by 0x0000000000000000000000000000000000000002", version "v1" (as the publisher registered them).',
    );
    // in the report, every Markdown and HTML character from the bundle is escaped
    const report = renderVerify({ ...result, output: "report", recordId: '<h1>VALID</h1><img src="https://attacker.example/t.png">[details](https://attacker.example/x)' });
    expect(report).toContain("- record id \"\\<h1\\>VALID\\</h1\\>\\<img src=\\\\\"https://attacker.example/t.png\\\\\"\\>\\[details\\]\\(https://attacker.example/x\\)\": the publisher's label, not signed");
    expect(report).not.toMatch(/<h1>|\]\(http/);
  });

  test("a bundle file larger than any bundle is refused before it is read; a byte order mark or bytes that are not UTF-8 make it malformed", async () => {
    await writeFile(join(scratch, "answer.txt"), "Paris.");
    const text = serializeBundle(await receiptOf());
    const context = { env: { AIATTEST_CONTRACT: vectorContract }, cwd: scratch };
    await writeFile(join(scratch, "huge.json"), text + " ".repeat(70_000));
    const error = await verify({ response: "answer.txt", bundle: "huge.json", offline: true }, context).catch((caught: unknown) => caught);
    expect(exitCodeOf(error)).toBe(2);
    expect((error as CliError).shortMessage).toBe(`The bundle file huge.json is ${text.length + 70_000} bytes: larger than any proof bundle (at most 65536)`);
    await writeFile(join(scratch, "bom.json"), `\ufeff${text}`);
    expect((await verify({ response: "answer.txt", bundle: "bom.json", offline: true }, context)).issues?.[0]?.message).toMatch(/^not valid JSON/);
    await writeFile(join(scratch, "latin1.json"), Buffer.concat([Buffer.from(text.replace('"recordId": "1"', '"recordId": "1')), Buffer.from([0xff]), Buffer.from(text.slice(text.indexOf('"recordId": "1"') + 14))]));
    expect((await verify({ response: "answer.txt", bundle: "latin1.json", offline: true }, context)).issues).toEqual([{ path: "", message: "not UTF-8 text" }]);
  });
});
