import type { Address, Hash } from "viem";
import type { z } from "zod";
import { deployAttest } from "../../actions/deployAttest.js";
import { connectChain } from "../../config/connectChain.js";
import { requireSetting } from "../../config/requireSetting.js";
import type { CommandContext } from "../CommandContext.js";
import { loadCommandConfig } from "../loadCommandConfig.js";
import { globalOptionsSchema } from "../options/globalOptionsSchema.js";
import { parseOptions } from "../parseOptions.js";

const deployOptionsSchema = globalOptionsSchema;

export type DeployOptions = z.input<typeof deployOptionsSchema>;

export type DeployResult = {
  contract: Address;
  chainId: number;
  /** "deployed" now, or "existing": the chain already had the canonical deployment. */
  status: "deployed" | "existing";
  deployer: Address;
  txHash: Hash | null;
  blockNumber: bigint | null;
  installedProxy: boolean;
};

/**
 * `aiattest deploy`: deploys AIAttest canonically (through the deterministic deployment proxy, the same address
 * on every chain) from the publisher key (AIATTEST_PUBLISHER_KEY), and waits for AIATTEST_CONFIRMATIONS blocks.
 * On a chain that already has it, reports the existing address. The deployer gets no role: the contract has no
 * admin.
 *
 * @example
 * const { contract } = await deploy({}, { env: process.env, cwd: process.cwd() })
 */
export async function deploy(options: DeployOptions, context: CommandContext): Promise<DeployResult> {
  const parsed = parseOptions(deployOptionsSchema, options);
  const config = loadCommandConfig(parsed, context);
  const publisher = requireSetting(config, "publisherKey");
  const confirmations = requireSetting(config, "confirmations");
  const { chain, walletClient } = await connectChain(config, { transport: context.transport });

  context.logger?.info(`Deploying AIAttest canonically to chain ${chain.id} from ${publisher.address}…`);
  const deployed = await deployAttest(walletClient(publisher), { confirmations });
  return { contract: deployed.address, chainId: chain.id, ...deployed };
}
