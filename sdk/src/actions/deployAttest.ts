import { type Address, concat, getAddress, type Hash } from "viem";
import { getBalance, getCode, getTransactionCount, sendRawTransaction, sendTransaction } from "viem/actions";
import { aiAttestBytecode } from "../abi/aiAttestBytecode.js";
import { canonicalAttestSalt, getCanonicalAttestAddress } from "../deployment/getCanonicalAttestAddress.js";
import { deterministicDeploymentProxy as proxy } from "../deployment/deterministicDeploymentProxy.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { readChain } from "./internal/readChain.js";
import { isAttestRuntimeCode } from "../verify/isAttestRuntimeCode.js";
import { AttestTransactionError } from "../errors/AttestTransactionError.js";
import type { AttestWalletClient } from "./AttestWalletClient.js";
import { toAttestWriteError } from "./internal/toAttestWriteError.js";
import { waitForAttestReceipt } from "./waitForAttestReceipt.js";

export type DeployAttestParameters = {
  /** Blocks the deployment must have before this resolves (its own block counts as 1). Default 1. */
  confirmations?: number | undefined;
};

export type DeployAttestReturnType = {
  /** The canonical address: the same on every chain. */
  address: Address;
  /** "deployed" by this call, or "existing": the chain already had it (nothing was sent). */
  status: "deployed" | "existing";
  deployer: Address;
  /** The deploying transaction; null when the contract already existed. */
  txHash: Hash | null;
  blockNumber: bigint | null;
  /** Whether this call first installed the deterministic deployment proxy (dev chains only). */
  installedProxy: boolean;
};

export type DeployAttestErrorType = AttestTransactionError | ChainReadError;

/**
 * Deploys AIAttest canonically: its creation code through the deterministic deployment proxy with the
 * canonical salt, so it lands at {@link getCanonicalAttestAddress} on every chain, the address verifiers trust
 * by derivation. Idempotent: on a chain that already has it, nothing is sent and `status` is "existing". On a
 * chain without the proxy (a fresh dev chain), the proxy is installed first with its well-known presigned
 * transaction (the client's account funds its one-time signer with 0.01 ETH). The deployer gets no role: the
 * contract has no admin, and anyone deploying it gets the same contract.
 *
 * @throws {AttestTransactionError} when a transaction fails, or the chain cannot host the canonical deployment.
 * @throws {ChainReadError} when the RPC is unreachable.
 * @example
 * const wallet = createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(rpcUrl) })
 * const { address, status } = await deployAttest(wallet, {})
 */
export async function deployAttest(client: AttestWalletClient, { confirmations }: DeployAttestParameters = {}): Promise<DeployAttestReturnType> {
  const action = "deployAttest";
  const deployer = getAddress(client.account.address);
  const address = getCanonicalAttestAddress();
  const installedProxy = await ensureProxy(client, { confirmations });

  const existing = await readChain("eth_getCode", () => getCode(client, { address }));
  if (existing !== undefined && existing !== "0x") {
    if (!isAttestRuntimeCode(existing)) {
      throw new AttestTransactionError({ action, reason: `the code at the canonical address ${address} is not AIAttest's (this chain is not one to trust)` });
    }
    return { address, status: "existing", deployer, txHash: null, blockNumber: null, installedProxy };
  }

  let txHash: Hash;
  try {
    txHash = await sendTransaction(client, {
      account: client.account,
      chain: client.chain ?? null,
      to: proxy.address,
      data: concat([canonicalAttestSalt, aiAttestBytecode]),
    });
  } catch (error) {
    throw toAttestWriteError({ action, error });
  }
  const receipt = await waitForAttestReceipt(client, { action, txHash, confirmations });
  if (!isAttestRuntimeCode(await readChain("eth_getCode", () => getCode(client, { address, blockNumber: receipt.blockNumber })))) {
    throw new AttestTransactionError({ action, reason: `the proxy ran, but ${address} holds no AIAttest code`, txHash });
  }
  return { address, status: "deployed", deployer, txHash, blockNumber: receipt.blockNumber, installedProxy };
}

/** Makes sure the proxy is at its address; installs it where the chain has nothing there. Returns whether it did. */
async function ensureProxy(client: AttestWalletClient, { confirmations }: DeployAttestParameters): Promise<boolean> {
  const action = "installDeploymentProxy";
  const code = await readChain("eth_getCode", () => getCode(client, { address: proxy.address }));
  if (code === proxy.runtimeCode) return false;
  if (code !== undefined && code !== "0x") {
    throw new AttestTransactionError({ action, reason: `the code at ${proxy.address} is not the deterministic deployment proxy, so this chain cannot host the canonical deployment` });
  }
  const nonce = await readChain("eth_getTransactionCount", () => getTransactionCount(client, { address: proxy.signer }));
  if (nonce !== 0) {
    throw new AttestTransactionError({ action, reason: `the deterministic deployment proxy is not on this chain and cannot be installed: its one-time signer ${proxy.signer} has already sent a transaction` });
  }
  try {
    const balance = await getBalance(client, { address: proxy.signer });
    if (balance < proxy.funding) {
      const funding = await sendTransaction(client, { account: client.account, chain: client.chain ?? null, to: proxy.signer, value: proxy.funding - balance });
      await waitForAttestReceipt(client, { action, txHash: funding, confirmations });
    }
    const txHash = await sendRawTransaction(client, { serializedTransaction: proxy.installTransaction });
    await waitForAttestReceipt(client, { action, txHash, confirmations });
  } catch (error) {
    if (error instanceof AttestTransactionError || error instanceof ChainReadError) throw error;
    throw toAttestWriteError({ action, error });
  }
  if ((await readChain("eth_getCode", () => getCode(client, { address: proxy.address }))) !== proxy.runtimeCode) {
    throw new AttestTransactionError({ action, reason: `the installing transaction was mined, but ${proxy.address} holds no proxy code` });
  }
  return true;
}
