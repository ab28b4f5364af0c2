import { type Address, type Hash, getAddress } from "viem";
import { deployContract } from "viem/actions";
import { aiAttestAbi } from "../abi/aiAttestAbi.js";
import { aiAttestBytecode } from "../abi/aiAttestBytecode.js";
import { AttestTransactionError } from "./AttestTransactionError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { toAttestWriteError } from "./toAttestWriteError.js";
import { waitForAttestReceipt } from "./waitForAttestReceipt.js";

export type DeployAttestParameters = {
  /** Blocks the deployment must have before this resolves (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

export type DeployAttestReturnType = { address: Address; deployer: Address; txHash: Hash; blockNumber: bigint };

export type DeployAttestErrorType = AttestTransactionError;

/**
 * Deploys the AIAttest contract (registry and anchor in one) from the client's account, with the generated
 * creation bytecode, so no compiler is needed. The deployer gets no role: the contract has no admin.
 *
 * @throws {AttestTransactionError} when the deployment fails.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const wallet = createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(rpcUrl) })
 * const { address, blockNumber } = await deployAttest(wallet, {})
 */
export async function deployAttest(client: AttestWalletClient, { confirmations }: DeployAttestParameters = {}): Promise<DeployAttestReturnType> {
  const action = "deployAttest";
  let txHash: Hash;
  try {
    txHash = await deployContract(client, {
      abi: aiAttestAbi,
      bytecode: aiAttestBytecode,
      account: client.account,
      chain: client.chain ?? null,
    } as Parameters<typeof deployContract>[1]);
  } catch (error) {
    throw toAttestWriteError({ action, error });
  }
  const receipt = await waitForAttestReceipt(client, { action, txHash, confirmations });
  if (!receipt.contractAddress) {
    throw new AttestTransactionError({ action, reason: "the receipt names no contract address", txHash });
  }
  return { address: getAddress(receipt.contractAddress), deployer: getAddress(client.account.address), txHash, blockNumber: receipt.blockNumber };
}
