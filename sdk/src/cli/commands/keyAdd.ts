import type { Address, Hash } from "viem";
import { getBlock } from "viem/actions";
import { z } from "zod";
import { authorizeKey } from "../../actions/authorizeKey.js";
import { getKey } from "../../actions/getKey.js";
import { readChain } from "../../actions/internal/readChain.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { connectAttest } from "../connectAttest.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const keyAddOptionsSchema = globalOptionsSchema.extend({
  role: z.enum(["signer", "anchorer"], { error: "expected signer or anchorer" }),
});

export type KeyAddOptions = z.input<typeof keyAddOptionsSchema>;

export type KeyAddResult = {
  /** "already-authorized" when the key already serves this publisher in this role and is valid now: nothing was sent. */
  status: "authorized" | "already-authorized";
  publisher: Address;
  key: Address;
  role: "signer" | "anchorer";
  validFrom: bigint;
  /** Null when nothing was sent. */
  txHash: Hash | null;
  blockNumber: bigint | null;
  contract: Address;
  chainId: number;
};

const settingOfRole = { signer: "signerKey", anchorer: "anchorerKey" } as const;

/**
 * `aiattest key add <signer|anchorer>`: authorizes AIATTEST_SIGNER_KEY or AIATTEST_ANCHORER_KEY (which signs its
 * own consent) for the publisher AIATTEST_PUBLISHER_KEY, which sends the transaction. Idempotent: a key that
 * already serves this publisher in this role is reported, not re-sent.
 *
 * @example
 * const { validFrom } = await keyAdd({ role: "signer" }, context)
 */
export async function keyAdd(options: KeyAddOptions, context: CommandContext): Promise<KeyAddResult> {
  const parsed = parseOptions(keyAddOptionsSchema, options, { positionals: ["role"] });
  const config = loadCommandConfig(parsed, context);
  const publisher = requireSetting(config, "publisherKey");
  const key = requireSetting(config, settingOfRole[parsed.role]);
  const confirmations = requireSetting(config, "confirmations");
  const { chain, publicClient, walletClient, contract } = await connectAttest(config, context);

  const [current, now] = await Promise.all([getKey(publicClient, { contract, key: key.address }), readChain("getBlock", async () => (await getBlock(publicClient)).timestamp)]);
  const base = { publisher: publisher.address, key: key.address, role: parsed.role, contract, chainId: chain.id };
  if (current.publisher === publisher.address && current.role === parsed.role && current.validFrom <= now && now < current.validUntil) {
    return { ...base, status: "already-authorized", validFrom: current.validFrom, txHash: null, blockNumber: null };
  }

  context.logger?.info(`Authorizing ${key.address} as ${parsed.role} of ${publisher.address}…`);
  const authorized = await authorizeKey(walletClient(publisher), { contract, key, role: parsed.role, confirmations });
  return { ...base, status: "authorized", validFrom: authorized.validFrom, txHash: authorized.txHash, blockNumber: authorized.blockNumber };
}
