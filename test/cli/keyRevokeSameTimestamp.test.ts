// `key revoke --compromised-since now` on a chain whose consecutive blocks may share a timestamp: `now` is
// `latest + 1`, so a block mined after it at the latest block's time still finds the key valid. The command says so.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { custom } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, expect, test } from "vitest";
import { getKey } from "../../sdk/src/actions/getKey.js";
import type { CommandContext } from "../../sdk/src/cli/CommandContext.js";
import { deploy } from "../../sdk/src/cli/commands/deploy.js";
import { keyAdd } from "../../sdk/src/cli/commands/keyAdd.js";
import { keyRevoke } from "../../sdk/src/cli/commands/keyRevoke.js";
import { createLogger } from "../../sdk/src/cli/logger.js";
import { hardhatKeys } from "./helpers/attestChainFixture.js";

const scratch = await mkdtemp(join(tmpdir(), "aiattest-same-time-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test("--compromised-since now on a chain with same-timestamp blocks warns that blocks of the latest block's time stay valid, and names the fix", async () => {
  const { viem, provider } = await network.connect({ override: { allowBlocksWithSameTimestamp: true } });
  const testClient = await viem.getTestClient();
  const publicClient = await viem.getPublicClient();
  const env = { AIATTEST_PUBLISHER_KEY: hardhatKeys.publisher, AIATTEST_SIGNER_KEY: hardhatKeys.signer, AIATTEST_ANCHORER_KEY: hardhatKeys.anchorer };
  const base: CommandContext = { env, cwd: scratch, transport: custom(provider) };
  const { contract } = await deploy({}, base);
  const stderr: string[] = [];
  const context: CommandContext = {
    ...base,
    env: { ...env, AIATTEST_CONTRACT: contract, AIATTEST_DB: join(scratch, "none.db") },
    logger: createLogger({ stdout: { write: () => true }, stderr: { write: (text: string) => stderr.push(text) } }),
  };
  await keyAdd({ role: "anchorer" }, context);
  const anchorer = privateKeyToAccount(hardhatKeys.anchorer).address;

  // every block from now on carries the latest block's time
  const latest = (await publicClient.getBlock()).timestamp;
  await testClient.setNextBlockTimestamp({ timestamp: latest });
  const revoked = await keyRevoke({ key: "anchorer", compromisedSince: "now", yes: true }, context);
  expect(revoked.validUntil).toBe(latest + 1n);
  const minedAt = (await publicClient.getBlock({ blockNumber: revoked.blockNumber })).timestamp;
  expect(minedAt).toBe(latest);
  // the key is still valid for an anchor at that time, in a block after the revocation's
  const { validUntil } = await getKey(publicClient, { contract, key: anchorer });
  expect(minedAt < validUntil).toBe(true);
  expect(stderr.join("")).toContain(`warning: the revocation was mined in block ${revoked.blockNumber} at `);
  expect(stderr.join("")).toContain(`run \`aiattest key revoke <key> --compromised-since ${latest}\` (or earlier).`);
});
