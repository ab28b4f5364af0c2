// Key rotation that cannot surprise: `aiattest key revoke` through the real CLI (separate processes, no TTY)
// against a real `hardhat node`. A planned rotation voids nothing; a compromise voids exactly what it counted;
// without --yes nothing is sent; an anchorer's voided anchors are re-anchored by the next run.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Address, type Hex, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getKey } from "../../sdk/src/actions/getKey.js";
import { createRecorder } from "../../sdk/src/pipeline/createRecorder.js";
import { getProofBundle } from "../../sdk/src/pipeline/getProofBundle.js";
import { openSqliteStore } from "../../sdk/src/store/openSqliteStore.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { labOverRpc } from "../pipeline/helpers/labOverRpc.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";
import { startHardhatNode } from "./helpers/startHardhatNode.js";

const keyNoExpiry = 2n ** 40n - 1n;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const cli = fileURLToPath(new URL("../../sdk/src/cli/cli.ts", import.meta.url));
let node: Awaited<ReturnType<typeof startHardhatNode>>;
let lab: Awaited<ReturnType<typeof labOverRpc>>;

beforeAll(async () => {
  node = await startHardhatNode();
  lab = await labOverRpc({ rpcUrl: node.rpcUrl });
}, 180_000);
afterAll(() => node?.stop());

async function rpc(method: string, params: unknown[] = []) {
  const response = await fetch(node.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
const blockTime = async (tag: "latest" | "pending") => BigInt(((await rpc("eth_getBlockByNumber", [tag, false])) as { timestamp: Hex }).timestamp);
const windowOf = async (key: Address) => (await getKey(lab.client, { contract: lab.contract, key })).validUntil;
async function passTime(seconds: bigint) {
  await rpc("evm_increaseTime", [Number(seconds)]);
  await rpc("evm_mine");
}

/** Records `responses` with `signerKey` in this process, as an inference server whose clock agrees with the chain's. */
async function recordWith(signerKey: Hex, responses: string[]): Promise<number[]> {
  const offset = Number(await blockTime("pending")) - Math.floor(Date.now() / 1000);
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    const recorder = await createRecorder({
      store,
      signer: privateKeyToAccount(signerKey),
      deployment: { chainId: 31337, contract: lab.contract, publisher: lab.publisher },
      client: lab.client,
      clock: () => Math.floor(Date.now() / 1000) + offset,
    });
    const ids: number[] = [];
    for (const response of responses) ids.push(Number((await recorder.record({ modelId: lab.modelId, response })).recordId));
    return ids;
  } finally {
    await store.close();
  }
}

/** Each record's bundle checked on chain: null when valid, else the reason. */
async function verdicts(ids: number[], texts: string[]): Promise<(string | null)[]> {
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    const results = [];
    for (const [index, id] of ids.entries()) {
      const result = await verifyOutput({ bundle: await getProofBundle({ store, recordId: id }), response: texts[index]!, client: lab.client });
      results.push(result.valid && result.status === "anchored" ? null : (result.reason ?? result.status));
    }
    return results;
  } finally {
    await store.close();
  }
}

/**
 * Runs `aiattest <args>` on a pseudo-terminal (util-linux `script`), so stdin is a TTY, and types `answer` once the
 * command asks `[y/N]`.
 */
async function runOnTty(args: string[], answer: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, "--import", tsxLoader, cli, ...args].map((word) => `'${word}'`).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: lab.cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...lab.env } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("[y/N] ") && !output.includes("<answered>")) {
      output += "<answered>";
      child.stdin.write(`${answer}\r`);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, output };
}

const texts = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix} ${index}`);
let currentSigner: Hex = hardhatKeys.signer;

test("--rotate: refused until a successor is authorized and configured, refused without --yes off a TTY, then voids nothing: every bundle verifies", async () => {
  const old = privateKeyToAccount(hardhatKeys.signer).address;
  const before = texts("before the rotation", 3);
  const beforeIds = await recordWith(hardhatKeys.signer, before);

  const noSuccessor = await lab.run(["key", "revoke", old, "--rotate", "--yes"]);
  expect(noSuccessor.code, noSuccessor.stderr).toBe(1);
  expect(noSuccessor.stderr).toContain(`error: AIATTEST_SIGNER_KEY is ${old}, the key being rotated away: it has no successor yet.`);
  expect(noSuccessor.stderr).toContain("AIATTEST_SIGNER_KEY=<next key> aiattest key add signer");

  // the pipeline switches first: the next key is authorized, and the recorders sign with it
  const next = generatePrivateKey();
  const withNext = { env: { AIATTEST_SIGNER_KEY: next } };
  expect((await lab.run(["key", "add", "signer"], withNext)).code).toBe(0);

  const unconfirmed = await lab.run(["key", "revoke", old, "--rotate"], withNext);
  expect(unconfirmed.code, unconfirmed.stderr).toBe(2);
  expect(unconfirmed.stderr).toContain("error: Not sent: revoking a key needs consent, and there is no terminal to ask on.");
  expect(unconfirmed.stderr).toMatch(new RegExp(`Planned rotation of signer ${old} of publisher ${lab.publisher}: valid until 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(unix \\d+\\),`));
  expect(unconfirmed.stderr).toContain("+ AIATTEST_MAX_ANCHOR_DELAY 3600 s + 180 s (PROTOCOL §10).");
  expect(unconfirmed.stderr).toContain(`Its successor is ${privateKeyToAccount(next).address} (AIATTEST_SIGNER_KEY): the recorders must sign with it from now on.`);
  expect(unconfirmed.stderr).toContain(`In ${lab.env.AIATTEST_DB}: 0 anchored output(s) it signed become void.`);
  expect(unconfirmed.stderr).toContain("3 output(s) it signed are not anchored yet: `aiattest anchor` must anchor them before");
  expect(unconfirmed.stderr).toContain("Run it again with --yes to send it.");
  expect(await windowOf(old), "nothing was sent").toBe(keyNoExpiry);

  const pending = await blockTime("pending");
  const rotated = await lab.run(["key", "revoke", old, "--rotate", "--yes", "--json"], withNext);
  expect(rotated.code, rotated.stderr).toBe(0);
  const result = JSON.parse(rotated.stdout);
  expect(result).toMatchObject({ key: old, role: "signer", mode: "rotate", successor: { address: privateKeyToAccount(next).address }, impact: { isCounted: true, voidOutputs: 0, unanchored: 3 } });
  const validUntil = BigInt(result.validUntil);
  // from the chain's time when the command ran: at least the bound after the time before it, at most after its block
  const minedAt = BigInt(((await rpc("eth_getBlockByNumber", [`0x${BigInt(result.blockNumber).toString(16)}`, false])) as { timestamp: Hex }).timestamp);
  expect(validUntil - pending).toBeGreaterThanOrEqual(3600n + 180n);
  expect(validUntil - minedAt).toBeLessThanOrEqual(3600n + 180n);
  expect(await windowOf(old)).toBe(validUntil);

  // a recorder not restarted yet still signs with the old key for a while, and the restarted ones with the next
  const inFlight = texts("old key, after the rotation was sent", 2);
  const inFlightIds = await recordWith(hardhatKeys.signer, inFlight);
  const switched = texts("next key", 3);
  const switchedIds = await recordWith(next, switched);
  expect(await lab.json(["anchor"])).toMatchObject({ status: "done", anchored: 8 });

  // the old key's window closes: everything anchored under the promise still verifies, and the old key signs no more
  await passTime(validUntil - (await blockTime("latest")) + 10n);
  expect(await verdicts([...beforeIds, ...inFlightIds, ...switchedIds], [...before, ...inFlight, ...switched])).toEqual(Array(8).fill(null));
  await expect(recordWith(hardhatKeys.signer, ["too late"])).rejects.toThrow(`Invalid signer key: expected a key that is not revoked, received ${old}, revoked at ${validUntil}.`);
  const after = texts("after the window closed", 2);
  const afterIds = await recordWith(next, after);
  expect(await lab.json(["anchor"])).toMatchObject({ anchored: 2 });
  expect(await verdicts(afterIds, after)).toEqual([null, null]);
  currentSigner = next;
}, 180_000);

test("--compromised-since: counts exactly what it voids, sends nothing without --yes, and voids exactly that", async () => {
  const leaked = generatePrivateKey();
  const address = privateKeyToAccount(leaked).address;
  expect((await lab.run(["key", "add", "signer"], { env: { AIATTEST_SIGNER_KEY: leaked } })).code).toBe(0);
  const early = texts("leaked key, before the theft", 3);
  const earlyIds = await recordWith(leaked, early);
  await lab.json(["anchor"]);
  await passTime(10n);
  const late = texts("leaked key, after the theft", 4);
  const lateIds = await recordWith(leaked, late);
  const theft = await lab.json(["anchor"]);
  const stolenAt = theft.batches[0].anchoredAt as number;
  const unanchored = texts("leaked key, not anchored", 2);
  const unanchoredIds = await recordWith(leaked, unanchored);
  await recordWith(currentSigner, ["another signer: not counted"]);

  const refused = await lab.run(["key", "revoke", address, "--compromised-since", String(stolenAt)]);
  expect(refused.code, refused.stderr).toBe(2);
  expect(refused.stderr).toContain(`Revoking signer ${address} of publisher ${lab.publisher} as compromised since ${new Date(stolenAt * 1000).toISOString().replace(".000Z", "Z")} (unix ${stolenAt}):`);
  expect(refused.stderr).toContain(`In ${lab.env.AIATTEST_DB}: 4 anchored output(s) it signed become void.`);
  expect(refused.stderr).toContain("2 output(s) it signed are not anchored yet: they are void too (anchored or not, they never verify).");
  expect(await windowOf(address), "nothing was sent").toBe(keyNoExpiry);

  const revoked = await lab.run(["key", "revoke", address, "--compromised-since", new Date(stolenAt * 1000).toISOString(), "--yes", "--json"]);
  expect(revoked.code, revoked.stderr).toBe(0);
  // with --yes and no terminal, still said before it was sent
  expect(revoked.stderr).toContain(`In ${lab.env.AIATTEST_DB}: 4 anchored output(s) it signed become void.`);
  expect(JSON.parse(revoked.stdout)).toMatchObject({ mode: "compromised", validUntil: stolenAt, impact: { voidOutputs: 4, unanchored: 2 } });
  expect(await windowOf(address)).toBe(BigInt(stolenAt));
  expect(await verdicts([...earlyIds, ...lateIds], [...early, ...late])).toEqual([null, null, null, "signer-revoked", "signer-revoked", "signer-revoked", "signer-revoked"]);

  // the unanchored ones are void too: the anchor run leaves them out (no anchor can make them verify) and says so, by id
  const run = await lab.run(["anchor", "--json"]);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ anchored: 1, voidSigned: 2, voidSignedIds: unanchoredIds });
  expect(run.stderr).toContain(
    `warning: 2 pending record(s) signed by ${address}, whose window closed at ${new Date(stolenAt * 1000).toISOString().replace(".000Z", "Z")}, are void for good (verify: signer-revoked)`,
  );
  expect(await verdicts(unanchoredIds, unanchored)).toEqual(["signer-revoked", "signer-revoked"]);
}, 180_000);

test("an anchorer revoked as compromised: exactly its batches since are void, and the next `anchor` run with a new anchorer key re-anchors them; their bundles verify", async () => {
  const outputs = texts("anchored by a key about to leak", 3);
  const ids = await recordWith(currentSigner, outputs);
  const run = await lab.json(["anchor"]);
  const anchored = run.batches.at(-1);
  const leakedAnchorer = privateKeyToAccount(hardhatKeys.anchorer).address;
  const store = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  const expected = (await store.getAnchoredBatches()).filter((batch) => getAddress(batch.anchorer!) === leakedAnchorer && batch.anchoredAt! >= anchored.anchoredAt);
  await store.close();

  const revoked = await lab.run(["key", "revoke", "anchorer", "--compromised-since", String(anchored.anchoredAt), "--yes", "--json"]);
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(JSON.parse(revoked.stdout)).toMatchObject({
    role: "anchorer",
    impact: { voidBatches: expected.length, voidOutputs: expected.reduce((sum, batch) => sum + batch.count, 0) },
  });
  expect(await verdicts(ids, outputs)).toEqual(Array(3).fill("anchorer-not-authorized"));

  const nextAnchorer = { env: { AIATTEST_ANCHORER_KEY: hardhatKeys.outsider } };
  expect((await lab.run(["key", "add", "anchorer"], nextAnchorer)).code).toBe(0);
  const again = await lab.run(["anchor", "--json"], nextAnchorer);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ reopened: expected.length });
  expect(await verdicts(ids, outputs)).toEqual([null, null, null]);
  const reopened = await openSqliteStore({ path: lab.env.AIATTEST_DB! });
  try {
    expect((await getProofBundle({ store: reopened, recordId: ids[0]! }))?.anchor?.anchorer).toBe(privateKeyToAccount(hardhatKeys.outsider).address);
  } finally {
    await reopened.close();
  }
}, 180_000);

test("on a terminal it asks y/N: anything but yes sends nothing, yes sends", async () => {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  expect((await lab.run(["key", "add", "signer"], { env: { AIATTEST_SIGNER_KEY: key } })).code).toBe(0);
  await recordWith(key, ["asked about"]);

  const declined = await runOnTty(["key", "revoke", address, "--compromised-since", "now"], "n");
  expect(declined.code, declined.output).toBe(1);
  expect(declined.output).toContain("1 output(s) it signed are not anchored yet: they are void too");
  expect(declined.output).toContain("Send this revocation? [y/N] ");
  expect(declined.output).toContain("error: Not sent: the revocation was not confirmed.");
  expect(await windowOf(address), "nothing was sent").toBe(keyNoExpiry);

  const confirmed = await runOnTty(["key", "revoke", address, "--compromised-since", "now"], "yes");
  expect(confirmed.code, confirmed.output).toBe(0);
  expect(confirmed.output).toContain(`Revoked signer ${address} of publisher ${lab.publisher} (compromised): valid until`);
  expect(await windowOf(address)).toBeLessThan(keyNoExpiry);
}, 120_000);
