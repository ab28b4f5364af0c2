import type { Address } from "viem";
import { getCode } from "viem/actions";
import type { AttestConfig } from "../config/AttestConfig.js";
import { ConfigError } from "../errors/ConfigError.js";
import { type ChainConnection, connectChain } from "../config/connectChain.js";
import { requireSetting } from "../config/requireSetting.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import type { CommandContext } from "./CommandContext.js";

export type AttestConnection = ChainConnection & { contract: Address };

/**
 * Connects to the configured chain and checks that the configured AIAttest address holds code, so that a
 * wrong `AIATTEST_CONTRACT` fails loudly instead of returning empty lists or sending to nowhere.
 *
 * @throws {ConfigError} when the RPC URL or contract is missing or wrong.
 * @throws {ChainReadError} when the chain is unreachable.
 * @example
 * const { publicClient, walletClient, contract } = await connectAttest(config, context)
 */
export async function connectAttest(config: AttestConfig, { transport }: CommandContext): Promise<AttestConnection> {
  const contract = requireSetting(config, "contract");
  const connection = await connectChain(config, { transport });
  let code: string | undefined;
  try {
    code = await getCode(connection.publicClient, { address: contract });
  } catch (error) {
    throw new ChainReadError({ action: "eth_getCode", cause: error });
  }
  if (code === undefined || code === "0x") {
    throw new ConfigError({
      setting: "contract",
      message: `No contract at ${contract} on chain ${connection.chain.id}: set AIATTEST_CONTRACT to the address \`aiattest deploy\` printed (or "contract" in ${config.fileLabel}, or pass --contract)`,
    });
  }
  return { ...connection, contract };
}
