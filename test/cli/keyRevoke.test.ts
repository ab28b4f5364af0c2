// `aiattest key revoke` as a function, against Hardhat's in-process chain: its two modes, what it counts, and consent.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { custom } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, test } from "vitest";
import { getKey } from "../../sdk/src/actions/getKey.js";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { keyRevoke } from "../../sdk/src/cli/commands/keyRevoke.js";
import { modelRegister } from "../../sdk/src/cli/commands/modelRegister.js";
import { record } from "../../sdk/src/cli/commands/record.js";
import { exitCodeOf } from "../../sdk/src/cli/exitCodeOf.js";
import type { CliError } from "../../sdk/src/errors/CliError.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-revoke-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));
const keyNoExpiry = 2n ** 40n - 1n;
const addr = { signer: privateKeyToAccount(hardhatKeys.signer).address, anchorer: privateKeyToAccount(hardhatKeys.anchorer).address };

/** A fresh chain with AIAttest deployed, a model, the signer and anchorer keys authorized, and a store folder. */
async function labFixture() {
  const { viem, provider } = await network.connect();
  const testClient = await viem.getTestClient();
  const publicClient = await viem.getPublicClient();
  const env = { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher, AIATTEST_SIGNER_KEY: hardhatKeys.signer, AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer };
  const base: CommandContext = { env, cwd: scratch, transport: custom(provider) };
  const { contract } = await deploy({}, base);
  const directory = await mkdtemp(join(scratch, "lab-"));
  const context: CommandContext = { ...base, cwd: directory, env: { ...env, AIATTEST_CONTRACT: contract, AIATTEST_DB: join(directory, "lab.db"), AIATTEST_MANIFEST_DIR: join(directory, "manifests") } };
  const { modelId } = await modelRegister({ name: "atlas", version: "1.0" }, context);
  await keyAdd({ role: "signer" }, context);
  await keyAdd({ role: "anchorer" }, context);
  await writeFile(join(directory, "answer.txt"), "Paris.");
  const windowOf = async (key: `0x${string}`) => (await getKey(publicClient, { contract, key })).validUntil;
  return { testClient, publicClient, context, contract, modelId, windowOf };
}

async function failureOf(promise: Promise<unknown>): Promise<CliError> {
  return promise.then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: CliError) => error,
  );
}

describe("options", () => {
  const bare: CommandContext = { env: {}, cwd: scratch };

  test("no default: neither mode, both modes, or a removed flag is a usage error listing both modes", async () => {
    const neither = await failureOf(keyRevoke({ key: "signer" }, bare));
    expect(exitCodeOf(neither)).toBe(2);
    expect(neither.message).toMatchInlineSnapshot(`
      "Say why the key goes: --rotate or --compromised-since <time>.

      --rotate: planned; the key stays valid for AIATTEST_MAX_ANCHOR_DELAY + 180 s more, so what it signed or anchored is anchored in time (its successor must already be authorized and configured)
      --compromised-since <time>: the key leaked; void what it signed or anchored since <time> (now, unix seconds, or an ISO date)"
    `);
    const both = await failureOf(keyRevoke({ key: "signer", rotate: true, compromisedSince: "now" }, bare));
    expect([exitCodeOf(both), both.shortMessage]).toEqual([2, "--rotate and --compromised-since exclude each other: choose one."]);
    const removed = await failureOf(keyRevoke({ key: "signer", effectiveAt: "now" }, bare));
    expect([exitCodeOf(removed), removed.shortMessage]).toEqual([2, "--effective-at was removed: a revocation is either planned or a compromise, said explicitly."]);
    expect((await failureOf(keyRevoke({ key: "signer", compromised: true }, bare))).shortMessage).toBe(
      "--compromised was removed: a revocation is either planned or a compromise, said explicitly.",
    );
  });

  test("--compromised-since takes now, unix seconds or an ISO date; the key signer, anchorer or an address", async () => {
    const malformed = await failureOf(keyRevoke({ key: "signer", compromisedSince: "yesterday" }, bare));
    expect([exitCodeOf(malformed), malformed.message]).toEqual([2, "Invalid option: --compromised-since: expected now, unix seconds, or an ISO date such as 2026-11-02 or 2026-11-02T08:00:00Z"]);
    const badKey = await failureOf(keyRevoke({ key: "publisher", rotate: true }, bare));
    expect(badKey.message).toBe("Invalid option: <key>: expected signer, anchorer or a 0x-prefixed address");
  });
});

describe("--compromised-since", () => {
  test("closes the window at the time given (unix or ISO) within the key's window, never in the future; `now` keeps the latest block's anchors valid", async () => {
    const { context, publicClient, windowOf } = await loadFixture(labFixture);
    const { validFrom } = await getKey(publicClient, { contract: context.env.AIATTEST_CONTRACT as `0x${string}`, key: addr.anchorer });
    const latest = (await publicClient.getBlock()).timestamp;

    const future = await failureOf(keyRevoke({ key: "anchorer", compromisedSince: String(latest + 100n), yes: true }, context));
    expect(exitCodeOf(future)).toBe(2);
    expect(future.shortMessage).toMatch(/^--compromised-since .* is in the future \(the chain's latest block is at .*\)\.$/);
    const beforeAuthorized = await failureOf(keyRevoke({ key: "anchorer", compromisedSince: String(validFrom - 1n), yes: true }, context));
    expect(beforeAuthorized.metaMessages).toContain(`The key was authorized at ${validFrom}: --compromised-since ${validFrom} voids everything it ever did.`);
    expect(await windowOf(addr.anchorer)).toBe(keyNoExpiry);

    const iso = new Date(Number(validFrom) * 1000).toISOString();
    expect(await keyRevoke({ key: addr.anchorer, compromisedSince: iso, yes: true }, context)).toMatchObject({ role: "anchorer", mode: "compromised", validUntil: validFrom, successor: null });
    const now = await keyRevoke({ key: "signer", compromisedSince: "now", yes: true }, context);
    expect(now).toMatchObject({ role: "signer", validUntil: (await publicClient.getBlock({ blockNumber: now.blockNumber - 1n })).timestamp + 1n });
  });

  test("without a terminal and without --yes it refuses (exit 2), says what it would void, and sends nothing; on a terminal it asks", async () => {
    const { context, modelId, windowOf } = await loadFixture(labFixture);
    await record({ model: modelId, response: "answer.txt" }, context);

    const refused = await failureOf(keyRevoke({ key: "signer", compromisedSince: "now" }, context));
    expect(exitCodeOf(refused)).toBe(2);
    expect(refused.shortMessage).toBe("Not sent: revoking a key needs consent, and there is no terminal to ask on.");
    expect(refused.metaMessages).toContain(`In ${context.env.AIATTEST_DB}: 0 anchored output(s) it signed become void.`);
    expect(refused.metaMessages).toContain("  1 output(s) it signed are not anchored yet: they are void too (anchored or not, they never verify).");
    expect(refused.metaMessages?.at(-1)).toBe("Run it again with --yes to send it.");
    expect(await windowOf(addr.signer)).toBe(keyNoExpiry);

    const questions: string[] = [];
    const declined = await failureOf(keyRevoke({ key: "signer", compromisedSince: "now" }, { ...context, confirm: async (question) => (questions.push(question), false) }));
    expect([exitCodeOf(declined), declined.shortMessage]).toEqual([1, "Not sent: the revocation was not confirmed."]);
    expect(questions[0]).toMatch(/^Revoking signer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 of publisher 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 as compromised since 20\d\d-.*Z \(unix \d+\):\n/);
    expect(questions[0]).toMatch(/\nSend this revocation\? \[y\/N\] $/);
    expect(await windowOf(addr.signer)).toBe(keyNoExpiry);

    const sent = await keyRevoke({ key: "signer", compromisedSince: "now" }, { ...context, confirm: async () => true });
    expect(sent.impact).toEqual({ db: context.env.AIATTEST_DB, isCounted: true, voidOutputs: 0, voidBatches: 0, unanchored: 1, voidForGood: 0 });
    expect(await windowOf(addr.signer)).toBe(sent.validUntil);
  });

  test("a key of another publisher, or unknown, is refused before anything is sent", async () => {
    const { context } = await loadFixture(labFixture);
    const stranger = privateKeyToAccount(hardhatKeys.outsider).address;
    const error = await failureOf(keyRevoke({ key: stranger, compromisedSince: "now", yes: true }, context));
    expect([exitCodeOf(error), error.shortMessage]).toEqual([1, `${stranger} is not a signer or anchorer key of 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (AIATTEST_PUBLISHER_KEY) on ${context.env.AIATTEST_CONTRACT}: it is unknown to the registry.`]);
  });
});

describe("--rotate", () => {
  test("refuses without a successor: the configured key of the role is the one rotated away, or is not authorized", async () => {
    const { context, windowOf } = await loadFixture(labFixture);
    const self = await failureOf(keyRevoke({ key: "signer", rotate: true, yes: true }, context));
    expect([exitCodeOf(self), self.shortMessage]).toEqual([1, `AIATTEST_SIGNER_KEY is ${addr.signer}, the key being rotated away: it has no successor yet.`]);
    expect(self.metaMessages).toEqual([
      "Switch the pipeline first: create the next signer key, authorize it (AIATTEST_SIGNER_KEY=<next key> aiattest key add signer),",
      "restart the recorders with AIATTEST_SIGNER_KEY set to it, then rotate the old key by its address:",
      `aiattest key revoke ${addr.signer} --rotate`,
    ]);
    const unauthorized = { ...context, env: { ...context.env, AIATTEST_SIGNER_KEY: hardhatKeys.outsider } };
    const error = await failureOf(keyRevoke({ key: addr.signer, rotate: true, yes: true }, unauthorized));
    expect(error.shortMessage).toBe(`The successor ${privateKeyToAccount(hardhatKeys.outsider).address} (AIATTEST_SIGNER_KEY) is not a signer key of 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 on chain.`);
    expect(await windowOf(addr.signer)).toBe(keyNoExpiry);
  });

  test("closes the window at the chain's time + the max anchor delay + 180 s; an anchorer may hand over to the publisher; a second rotation is refused", async () => {
    const { context, publicClient, windowOf } = await loadFixture(labFixture);
    const env = { ...context.env, AIATTEST_ANCHORER_KEY: hardhatKeys.publisher, AIATTEST_MAX_ANCHOR_DELAY: "600" };
    const rotated = await keyRevoke({ key: addr.anchorer, rotate: true, yes: true }, { ...context, env });
    const minedAt = (await publicClient.getBlock({ blockNumber: rotated.blockNumber })).timestamp;
    // computed from the pending block's time, which the block that took the revocation carries or passes
    expect(rotated.validUntil - minedAt).toBeGreaterThan(600n + 180n - 3n);
    expect(rotated.validUntil - minedAt).toBeLessThanOrEqual(600n + 180n);
    expect(rotated).toMatchObject({ mode: "rotate", successor: { address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", setting: "the publisher" } });
    expect(await windowOf(addr.anchorer)).toBe(rotated.validUntil);
    const again = await failureOf(keyRevoke({ key: addr.anchorer, rotate: true, yes: true }, { ...context, env }));
    expect(again.metaMessages).toEqual(["A window only shrinks: it already closes sooner."]);
  });
});
