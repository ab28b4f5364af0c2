#!/usr/bin/env node
// The `aiattest` command line: declarations only. Each command is a function in ./commands/ (tests call them
// directly); this file wires them to commander and is the one place that turns errors into an exit code.
import "./silenceSqliteWarning.js";
import { Command, CommanderError, Option } from "commander";
import { anchor } from "./commands/anchor.js";
import { renderAnchor } from "./render/renderAnchor.js";
import { serializeBundle } from "../bundle/serializeBundle.js";
import { deploy } from "./commands/deploy.js";
import { keyAdd } from "./commands/keyAdd.js";
import { keyRevoke } from "./commands/keyRevoke.js";
import { keyList } from "./commands/keyList.js";
import { modelList } from "./commands/modelList.js";
import { modelRegister } from "./commands/modelRegister.js";
import { modelShow } from "./commands/modelShow.js";
import { type LookupResult, lookup } from "./commands/lookup.js";
import { type ProofOptions, proof } from "./commands/proof.js";
import { type ProofAllOptions, type ProofAllResult, proofAll } from "./commands/proofAll.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { type ServeOptions, serve } from "./commands/serve.js";
import { tokenCreate } from "./commands/tokenCreate.js";
import { tokenList } from "./commands/tokenList.js";
import { tokenRevoke } from "./commands/tokenRevoke.js";
import { renderTokens } from "./render/renderTokens.js";
import { upgrade } from "./commands/upgrade.js";
import { renderProofAll } from "./render/renderProofAll.js";
import { renderServe } from "./render/renderServe.js";
import { recordCommand } from "./commands/recordCommand.js";
import { status } from "./commands/status.js";
import { verify } from "./commands/verify.js";
import { audit } from "./commands/audit.js";
import { renderAudit } from "./render/renderAudit.js";
import { terminalConfirm } from "./confirmOnTty.js";
import { createCommandRunner } from "./createCommandRunner.js";
import { describeError } from "./describeError.js";
import { exitCodeOf } from "./exitCodeOf.js";
import { exitCodes } from "./exitCodes.js";
import { createLogger } from "./logger.js";
import { muteClosedPipes } from "./muteClosedPipes.js";
import { renderDeploy } from "./render/renderDeploy.js";
import { renderKeyAdd } from "./render/renderKeyAdd.js";
import { renderKeyRevoke } from "./render/renderKeyRevoke.js";
import { renderKeyList } from "./render/renderKeyList.js";
import { renderModelList } from "./render/renderModelList.js";
import { renderModelRegister } from "./render/renderModelRegister.js";
import { renderModelShow } from "./render/renderModelShow.js";
import { renderSettingsHelp } from "./render/renderSettingsHelp.js";
import { renderStatus } from "./render/renderStatus.js";
import { renderLookup } from "./render/renderLookup.js";
import { renderRecord } from "./render/renderRecord.js";
import { renderVerify } from "./render/renderVerify.js";

muteClosedPipes([process.stdout, process.stderr]);
const argv = process.argv.slice(2);
const logger = createLogger({ json: argv.includes("--json"), verbose: argv.includes("--verbose") || argv.includes("-v") });
const runner = createCommandRunner({ env: process.env, cwd: process.cwd(), logger, confirm: terminalConfirm({ input: process.stdin, output: process.stderr }) });

const settingsHelp = renderSettingsHelp();

const verifyHelp = `
Fails closed: without --rpc (or AIATTEST_RPC_URL) and without --offline it exits 2 and checks nothing.
Settings it reads: AIATTEST_RPC_URL (--rpc), AIATTEST_CONTRACT (--contract: then the only contract trusted;
otherwise the canonical AIAttest address), AIATTEST_MAX_ANCHOR_DELAY (--max-anchor-delay). A config file is read
only when --config names one: never ./aiattest.config.json from the folder it runs in.

Exit codes:
  0  valid (with --offline: valid as far as the offline checks go; the verdict says what was not checked)
  1  invalid: the first failed check's reason is printed (content-mismatch, untrusted-contract, not-anchored, ...).
     A bundle file that can be read but is not a proof bundle, not even JSON, is invalid too (malformed-bundle).
  2  usage or input error: a missing option, no RPC without --offline, or a file that cannot be read
  3  the chain could not be reached: the verdict is unknown, not negative; retry or use another --rpc`;

const lookupHelp = `
Finds the lab's own outputs in a dataset through the private provenance index the recorder keeps when
AIATTEST_LOOKUP_SECRET is set (keys under AIATTEST_LOOKUP_PREVIOUS_SECRETS are tried too).

Corpus formats (--corpus):
  a text file   one sample a line; escapes \\n (newline), \\r, \\t and \\\\ (one backslash) are decoded, a
                backslash before anything else (or at the end of a line) is kept as is; empty lines are skipped
  --field PATH  JSONL: each line a JSON value, the sample at PATH (dot-separated keys and array indexes,
                negative from the end: messages.-1.content); a line without it is counted, not fatal; a line
                that is not JSON is bad input (exit 2, naming the file and line)
  a folder      every regular file under it, recursively, in code-point order of their paths, each read by
                the rules above (symbolic links are not followed)
  -             standard input, by the rules above

A match is "exact" when the sample is the served text itself: its proof bundle proves it (--bundles writes
<id>.json and <id>.response.txt, for aiattest verify --bundle <id>.json --response <id>.response.txt and
aiattest audit <manifest> --bundles DIR). It is "normalized" when only the normalized texts agree (whitespace
runs, Unicode NFC): the record's proof covers the original text, which the lab does not keep, not the sample;
no bundle is written for it (a bundle beside a text it does not prove invites a wrong claim): its record id
is in the matches, and aiattest proof <id> prints the bundle of the original.

Output: without --out the matches are JSONL on stdout and the summary is on stderr; with --out the summary is
on stdout; with --json stdout is the summary object only (matches only with --out). --report writes a
self-contained HTML page (summary, matches per day, the first 10,000 matches with their verify commands).
Progress by sample on stderr (on a TTY, or with --verbose).

Exit codes:
  0  matches found
  1  no match
  2  bad input: no AIATTEST_LOOKUP_SECRET, a secret the index was not built with, an unreadable corpus,
     a JSONL line that is not JSON`;

const recordHelp = `
With --jsonl, each line is one JSON object:
  {"response": "…", "request"?: "…", "model"?: "0x…" (default --model), "encoding"?: "utf8" | "jcs"}
utf8 (the default) hashes the text's exact UTF-8; jcs takes JSON text or any JSON value and hashes its RFC 8785
canonical form. Receipts go out as JSONL (stdout, or --out), the receipt of line i on line i, each written only once
its record is on disk; many lines are committed in one transaction. Several record processes may share one store.
A bad line (not JSON, an unknown key, a bad model id, content its encoding cannot hash, a model the publisher does
not have) stops the run with exit 2 naming the line: every line before it is recorded and its receipt written,
nothing from it on is recorded. Progress: a bar on a terminal; with --verbose elsewhere, a line every 5 s.`;

const upgradeHelp = `
Nothing fetched is trusted: the bundle must be for the receipt's very output (deployment, model, signed output,
salts, signer, signature, record id) and verify: its leaf and Merkle proof always, its anchor on chain when an RPC
is set (AIATTEST_RPC_URL or --rpc); else nothing is written. Without an RPC it says "anchor not checked on chain":
verify the result with aiattest verify.

Exit codes:
  0  anchored: the bundle is printed (or written to --out)
  1  the store or server has no such record, cannot be reached, or returned a bundle for another output or one
     that does not verify
  2  the receipt cannot be read, or there is neither a store of its deployment here nor a bundleUrl in it
  4  not anchored yet: run upgrade again after the lab's next anchor run`;

const serveHelp = `
Routes (read-only, JSON; errors are application/problem+json): GET /v1/records/:id, /v1/manifests/:root[.json],
/v1/batches?cursor=&limit=, /v1/health, /v1/openapi.json. Set AIATTEST_MANIFEST_BASE_URL=<public url>/v1/manifests
before anchoring to make every anchored manifest URI fetchable here, and AIATTEST_PUBLIC_URL=<public url> so
receipts carry their bundleUrl (aiattest upgrade). Put a TLS reverse proxy in front to serve it publicly.

With --ingest (needs AIATTEST_SIGNER_KEY, AIATTEST_CONTRACT, AIATTEST_RPC_URL), also POST /v1/outputs with
{"model": "0x…", "response": …, "request"?: …, "encoding"?: "utf8"|"jcs"} and Authorization: Bearer <token>
(aiattest token create <name>): 201 with the receipt once durable. Idempotency-Key: a retry with the same body
gets the first receipt (200, Idempotent-Replayed: true). Tokens are re-read every 5 s (a revocation takes effect
within that); bodies over --max-body bytes (default 1048576) get 413.`;

const program = new Command("aiattest")
  .description("Attest AI outputs: EIP-712 signatures per output, Merkle roots of batches anchored on an EVM chain.")
  .option("--config <path>", "JSON config file (default: ./aiattest.config.json when present)")
  .option(
    "--rpc <url>",
    "JSON-RPC endpoint (overrides AIATTEST_RPC_URL; a flag shows in the process list, so pass a URL holding an API key through AIATTEST_RPC_URL or --config instead); verify takes it more than once",
    (url: string, previous?: string | string[]) => (previous === undefined ? url : [previous].flat().concat(url)),
  )
  .option("--contract <address>", "AIAttest contract (overrides AIATTEST_CONTRACT)")
  .option("--json", "print the result as one JSON document on stdout")
  .option("-v, --verbose", "status messages even when not on a TTY, and stack traces on errors")
  .addHelpText("after", settingsHelp)
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError("(add --help for usage)")
  .exitOverride()
  .configureOutput({ writeOut: (text) => logger.write("stdout", text), writeErr: (text) => logger.write("stderr", text) });

program
  .command("deploy")
  .description("deploy the AIAttest contract from AIATTEST_PUBLISHER_KEY")
  .action(runner.action({ run: deploy, render: renderDeploy }));

const model = program.command("model").description("register and inspect models");
model
  .command("register")
  .description("register a model under AIATTEST_PUBLISHER_KEY")
  .argument("<name>", "model name")
  .argument("<version>", "model version")
  .option("--weights-digest <hex>", "32-byte digest of the weights (default zero)")
  .option("--metadata-uri <uri>", "model card or metadata URI")
  .option("--parent <modelId>", "the registered model this one derives from")
  .action(runner.action({ positionals: ["name", "version"], run: modelRegister, render: renderModelRegister }));
model
  .command("list")
  .description("list a publisher's models")
  .option("--publisher <address>", "publisher (default: the AIATTEST_PUBLISHER_KEY account)")
  .option("--from-block <n>", "first block to search (default 0; use the deployment block on long chains)")
  .action(runner.action({ run: modelList, render: renderModelList }));
model
  .command("show")
  .description("show a model by id, or by name and version")
  .argument("<model>", "model id (0x + 64 hex digits), or a model name")
  .argument("[version]", "model version, when <model> is a name")
  .option("--publisher <address>", "publisher of a named model (default: the AIATTEST_PUBLISHER_KEY account)")
  .action(runner.action({ positionals: ["model", "version"], run: modelShow, render: renderModelShow }));

const key = program.command("key").description("authorize and revoke signer and anchorer keys");
key
  .command("add")
  .description("authorize AIATTEST_SIGNER_KEY or AIATTEST_ANCHORER_KEY for AIATTEST_PUBLISHER_KEY (the key signs its consent)")
  .argument("<role>", "signer or anchorer")
  .action(runner.action({ positionals: ["role"], run: keyAdd, render: renderKeyAdd }));
key
  .command("list")
  .description("list a publisher's signer and anchorer keys with their validity windows (from the chain)")
  .option("--publisher <address>", "publisher (default: the AIATTEST_PUBLISHER_KEY account, else AIATTEST_SIGNER_KEY's publisher)")
  .option("--from-block <n>", "first block to search (default: the contract's deployment block)")
  .action(runner.action({ run: keyList, render: renderKeyList }));
key
  .command("revoke")
  .description("close a key's validity window (from AIATTEST_PUBLISHER_KEY): a planned rotation or a compromise; says what it voids and asks first")
  .argument("<key>", "signer or anchorer (the configured key), or any key's 0x address")
  .option("--rotate", "planned: valid until chain time + AIATTEST_MAX_ANCHOR_DELAY + 180 s, so nothing anchored in time is voided; the configured key of the same role must be its authorized successor")
  .option("--compromised-since <time>", "the key leaked: void what it signed or anchored since <time> (now, unix seconds, or an ISO date)")
  .option("--yes", "send without asking (needed when stdin is not a terminal)")
  .addOption(new Option("--effective-at <time>").hideHelp())
  .addOption(new Option("--compromised").hideHelp())
  .addHelpText(
    "after",
    `
Rotating a signer: authorize the next key (AIATTEST_SIGNER_KEY=<next> aiattest key add signer), restart the
recorders with it, then: aiattest key revoke <old address> --rotate. Outputs the old key signed stay valid if
anchored before its window closes (the anchorer's promise). A signer revoked as compromised voids its outputs
for good; an anchorer revoked as compromised voids only its anchors: the next aiattest anchor run anchors them again.`,
  )
  .action(runner.action({ positionals: ["key"], run: keyRevoke, render: renderKeyRevoke }));

program
  .command("verify")
  .description("verify a response against its proof bundle")
  .requiredOption("--response <file>", "the response exactly as delivered (- reads standard input)")
  .requiredOption("--bundle <file>", "the proof bundle (JSON)")
  .option("--request <file>", "the request, to check a committed request hash too")
  .option("--min-confirmations <n>", "blocks the anchor must have (default 1)")
  .option("--max-anchor-delay <seconds>", "flag a receipt not anchored within this delay")
  .option("--offline", "make only the checks that need no chain (the verdict says what was not checked)")
  .option("--report", "print a Markdown report for an auditor: inputs, every check, the facts established, the RPC and block read")
  .option("--quorum <n>", "with --rpc given several times: how many RPCs must give the same verdict (default: all)")
  .option("--explorer", "also print what to paste into a block explorer's Read Contract tab to check the bundle by hand, and a command that recomputes the response hash")
  .addHelpText("after", verifyHelp)
  .action(
    runner.action({
      run: verify,
      render: renderVerify,
      // RPCs that disagree leave the verdict unknown, as an unreachable chain does
      exitCodeOf: (result) => (result.valid ? exitCodes.ok : result.reason === "rpc-disagreement" ? exitCodes.chainUnreachable : exitCodes.failure),
    }),
  );

program
  .command("audit")
  .description("audit a batch manifest against the chain: root rebuilt, anchored by its publisher with its count and URI, by a key valid then")
  .argument("<manifest>", "the manifest: a file, an http(s) URL (the anchor must name it), or - for standard input")
  .option("--bundles <dir>", "also verify every *.json proof bundle of this batch in the folder (<name>.response.txt beside one checks its content)")
  .option("--uri <uri>", "for a manifest read from a file: the URI the anchor must name")
  .option("--min-confirmations <n>", "blocks the anchor must have (default 1)")
  .addHelpText(
    "after",
    `
Trusts what verify trusts: the canonical AIAttest address, or only --contract/AIATTEST_CONTRACT. Reads one RPC.
Exit codes: 0 valid (and every bundle of the batch valid), 1 invalid (the reason is printed), 2 usage or input
error (including a manifest that cannot be fetched), 3 the chain could not be reached: the verdict is unknown.`,
  )
  .action(
    runner.action({
      positionals: ["manifest"],
      run: audit,
      render: renderAudit,
      exitCodeOf: (result) => (result.valid && (result.bundles?.invalid ?? 0) === 0 ? exitCodes.ok : exitCodes.failure),
    }),
  );

program
  .command("record")
  .description("sign and durably record one output (--response) or one per line (--jsonl); prints the receipt(s) (signed-only proof bundles)")
  .option("--model <modelId>", "model id (with --jsonl: of the lines that name none)")
  .option("--response <file>", "the response exactly as delivered (- reads standard input)")
  .option("--request <file>", "the request, to commit it too")
  .option("--encoding <encoding>", "utf8 (default) or jcs")
  .option("--jsonl <file>", "record one output per line of this JSONL file (- reads standard input); receipts out as JSONL")
  .option("--out <file>", "write the receipt (with --jsonl: the receipts, one a line) to a file")
  .addHelpText("after", recordHelp)
  .action(runner.action({ run: recordCommand, render: renderRecord }));
program
  .command("anchor")
  .description("anchor pending records in batches: what cron runs (resumes any interrupted run)")
  .addHelpText(
    "after",
    `
Exit codes:
  0  done (or another run holds the lock)
  1  the chain refused the anchor, or a valid anchor of a batch's root was made by a transaction this anchorer never sent
  3  the chain could not be reached: nothing is lost, run it again
  5  done, but outputs were found void this run: members whose signer's window did not cover their batch's anchor
     time, or whose model was retired before the time they claim (taken out of it: \`voided\`), or pending records
     whose signer's window closes before an anchor can land (\`closing\`); see the warnings. Outputs of a signer
     whose window has closed (\`voidSigned\`), or of a model retired before they claim (\`voidRetired\`), are
     reported by every run and \`aiattest status\` but do not change the exit code.`,
  )
  .action(runner.action({ run: anchor, render: renderAnchor, exitCodeOf: (result) => (result.status === "done" && (result.voided.count > 0 || result.closing > 0) ? exitCodes.voidOutputs : exitCodes.ok) }));
program
  .command("proof")
  .description("print the proof bundle of a record (its receipt until its batch is anchored); --all or --batch write every one to a folder")
  .argument("[recordId]", "record id")
  .option("--out <file>", "write the bundle to a file")
  .option("--all", "every record's bundle, as <out-dir>/<id>.proof.json (streamed: any store size)")
  .option("--batch <root>", "every bundle of the batch with this root, as <out-dir>/<id>.proof.json")
  .option("--out-dir <dir>", "the folder --all and --batch write to")
  .action(
    runner.action<ProofBundle | ProofAllResult>({
      positionals: ["recordId"],
      run: (options: ProofOptions & ProofAllOptions, context) => (options.all || options.batch !== undefined ? proofAll(options, context) : proof(options, context)),
      render: (result) => ("format" in result ? serializeBundle(result) : renderProofAll(result)),
    }),
  );
program
  .command("lookup")
  .description("find the lab's outputs in a dataset (private provenance index): matches as JSONL, bundles of exact matches, an HTML report")
  .requiredOption("--corpus <path>", "a text file (one escaped sample a line), JSONL with --field, a folder of files, or - for standard input")
  .option("--field <path>", "JSONL: the sample's path in each line, e.g. messages.-1.content")
  .option("--out <file>", "write the matches (JSONL) to a file; the summary then goes to stdout")
  .option("--bundles <dir>", "write <id>.json and <id>.response.txt for every exact match")
  .option("--report <file>", "write a self-contained HTML report")
  .option("--max-records-per-sample <n>", "list at most n records per sample: a text served more often (a refusal) is listed with n of them", "100")
  .addHelpText("after", lookupHelp)
  .action(
    runner.action<LookupResult>({
      run: lookup,
      // matches on stdout: the summary goes to stderr, so stdout stays pure JSONL
      render: (result) => (result.matches === "stdout" ? (logger.write("stderr", `${renderLookup(result)}\n`), null) : renderLookup(result)),
      exitCodeOf: (result) => (result.exact + result.normalized > 0 ? exitCodes.ok : exitCodes.failure),
    }),
  );
program
  .command("upgrade")
  .description("turn a receipt into its anchored proof bundle, from the local store (AIATTEST_DB) or the receipt's bundleUrl; the bundle must be for the receipt's very output")
  .argument("<receipt>", "the receipt (a proof bundle with anchor: null)")
  .option("--out <file>", "write the anchored bundle to a file (default: print it)")
  .addHelpText("after", upgradeHelp)
  .action(runner.action({ positionals: ["receipt"], run: upgrade, render: serializeBundle }));
program
  .command("serve")
  .description("the proof server: bundles, manifests, batches and health over HTTP from AIATTEST_DB and AIATTEST_MANIFEST_DIR, until SIGINT or SIGTERM")
  .option("--port <n>", "port to listen on (default 8787; 0 picks a free one)")
  .option("--host <address>", "address to bind (default 127.0.0.1: this machine only)")
  .option("--cache-mb <n>", "memory for the bytes of final bundles, served without a store read (default 64)")
  .option("--ingest", "also record outputs: POST /v1/outputs for clients holding a token (aiattest token create)")
  .option("--max-body <bytes>", "with --ingest: the largest body accepted (default 1048576)")
  .option("--workers <n>", "server processes sharing the port, one core each, each with its own --cache-mb (default 1; read API only)")
  .addHelpText("after", serveHelp)
  .action(runner.action({ run: (options: ServeOptions, context) => serve(options, context), render: renderServe }));

const token = program.command("token").description("bearer tokens of the ingestion API (aiattest serve --ingest), kept hashed in AIATTEST_DB");
token
  .command("create")
  .description("a fresh token, printed once (the store keeps its SHA-256 and name)")
  .argument("<name>", "what the token is for (a client, a host): 1-64 of A-Z a-z 0-9 . _ -")
  .action(runner.action({ positionals: ["name"], run: tokenCreate, render: renderTokens.create }));
token
  .command("list")
  .description("the tokens by name, live and revoked")
  .action(runner.action({ run: tokenList, render: renderTokens.list }));
token
  .command("revoke")
  .description("stop a token (every serve --ingest of this store refuses it within 5 s)")
  .argument("<name>", "the token's name")
  .action(runner.action({ positionals: ["name"], run: tokenRevoke, render: renderTokens.revoke }));

program
  .command("status")
  .description("what the store holds: records pending, the open batch, the last anchor, the last batches (built, sent, anchored or final) with their cost; and the keys with their windows when the chain can be read")
  .option("--last <n>", "how many batches to show (default 10)")
  .action(runner.action({ run: status, render: renderStatus }));

try {
  await program.parseAsync(process.argv);
  process.exitCode = runner.exitCode();
} catch (error) {
  // commander has already printed its own usage errors
  if (!(error instanceof CommanderError)) logger.error(describeError(error, { verbose: logger.isVerbose }));
  process.exitCode = exitCodeOf(error);
}
