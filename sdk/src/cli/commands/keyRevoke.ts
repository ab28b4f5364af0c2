import { existsSync } from "node:fs";
import { type Address, type Hash, getAddress, isAddress } from "viem";
import { z } from "zod";
import type { KeyRole } from "../../types/KeyRole.js";
import { revokeKey } from "../../actions/revokeKey.js";
import { requireSetting } from "../../config/requireSetting.js";
import { CliError } from "../../errors/CliError.js";
import { exitCodes } from "../exitCodes.js";
import { openStore } from "../openStore.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { effectiveAtOption } from "../options/effectiveAtOption.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const keyRevokeOptionsSchema = globalOptionsSchema.extend({
  /** `signer` or `anchorer` (the configured key's address), or any key's address. */
  key: z
    .string()
    .trim()
    .refine((value) => value === "signer" || value === "anchorer" || isAddress(value), "expected signer, anchorer or a 0x-prefixed address"),
  effectiveAt: effectiveAtOption.optional(),
  /** The key is compromised: revoke it even though outputs it signed are not anchored yet (they become void). */
  compromised: z.boolean().optional(),
});

export type KeyRevokeOptions = z.input<typeof keyRevokeOptionsSchema>;

export type KeyRevokeResult = {
  publisher: Address;
  key: Address;
  role: KeyRole;
  /** The key is valid in `[validFrom, validUntil)` from now on. */
  validUntil: bigint;
  txHash: Hash;
  blockNumber: bigint;
  contract: Address;
  chainId: number;
};

/**
 * `aiattest key revoke <signer|anchorer|0xaddress> [--effective-at …]`: closes a key's window, from the
 * publisher key (AIATTEST_PUBLISHER_KEY). `signer`/`anchorer` mean the address of AIATTEST_SIGNER_KEY /
 * AIATTEST_ANCHORER_KEY; pass an address to revoke a key whose private key you no longer hold. The default
 * effective time is the chain's latest block time; a past time voids what the key signed or anchored since.
 *
 * @example
 * await keyRevoke({ key: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", effectiveAt: "2026-11-02T08:00:00Z" }, context)
 */
export async function keyRevoke(options: KeyRevokeOptions, context: CommandContext): Promise<KeyRevokeResult> {
  const parsed = parseOptions(keyRevokeOptionsSchema, options, { positionals: ["key"] });
  const config = loadCommandConfig(parsed, context);
  const publisher = requireSetting(config, "publisherKey");
  const confirmations = requireSetting(config, "confirmations");
  const key =
    parsed.key === "signer"
      ? requireSetting(config, "signerKey").address
      : parsed.key === "anchorer"
        ? requireSetting(config, "anchorerKey").address
        : getAddress(parsed.key);
  const { chain, walletClient, contract } = await connectAttest(config, context);

  // a receipt is a promise: revoking a signer whose outputs are not anchored yet voids them, so say it first
  const db = requireSetting(config, "db");
  if (!parsed.compromised && existsSync(db)) {
    const store = await openStore(db);
    try {
      const bound = await store.getDeployment();
      const unanchored = bound && getAddress(bound.contract) === getAddress(contract) ? await store.countUnanchored({ signer: key }) : 0;
      if (unanchored > 0) {
        throw new CliError({
          message: `${unanchored} output(s) signed by ${key} in ${db} are not anchored yet: revoking the key now would void their receipts`,
          exitCode: exitCodes.failure,
          metaMessages: ["Run `aiattest anchor` first (then revoke with an --effective-at after their anchor), or pass --compromised to revoke anyway."],
        });
      }
    } finally {
      await store.close();
    }
  }

  context.logger?.info(`Revoking ${key} for publisher ${publisher.address}…`);
  const revoked = await revokeKey(walletClient(publisher), { contract, key, effectiveAt: parsed.effectiveAt, confirmations });
  return { ...revoked, contract, chainId: chain.id };
}
