import type { Address } from "viem";
import { canonicalAttestAddresses } from "../deployment/canonicalAttestAddresses.js";
import { deterministicDeploymentProxy } from "../deployment/deterministicDeploymentProxy.js";
import { formatUnixTime } from "../time/formatUnixTime.js";
import { isAttestRuntimeCode } from "./isAttestRuntimeCode.js";
import type { ChainFacts } from "./readChainFacts.js";

export type CheckChainDeploymentParameters = {
  /** The chain the bundle or manifest claims. */
  chainId: number;
  /** The contract it names (already trusted by name: canonical, or one the caller trusts). */
  contract: Address;
  /** The chain's answers, pinned to one block. */
  chain: Pick<ChainFacts, "chainId" | "head" | "code">;
};

/** The outcome of the `chain` check: a `VerifyCheck` and an `AuditCheck` alike. */
export type ChainDeploymentCheck = { name: "chain"; outcome: "pass" | "fail"; reason?: "wrong-chain" | "untrusted-contract" | "unknown-contract" | undefined; message: string };

/**
 * The `chain` check of PROTOCOL §8, shared by `verifyOutput` and `auditManifest`: the RPC serves the claimed chain;
 * for a canonical address, the deterministic deployment proxy there is the real one (else the address proves
 * nothing); the code at `contract` is a shipped AIAttest runtime code. `what` names the document in the messages.
 *
 * @throws {ChainReadError} when the RPC fails.
 * @example
 * const check = await checkChainDeployment({ chainId: manifest.chainId, contract: manifest.contract, chain: facts }, "manifest")
 */
export async function checkChainDeployment({ chainId: claimed, contract, chain }: CheckChainDeploymentParameters, what: string): Promise<ChainDeploymentCheck> {
  const [chainId, head] = await Promise.all([chain.chainId(), chain.head()]);
  if (chainId !== claimed) {
    return { name: "chain", outcome: "fail", reason: "wrong-chain", message: `wrong chain: the RPC serves chain ${chainId}; the ${what} was ${what === "bundle" ? "signed" : "written"} for chain ${claimed}. Verify with an RPC of chain ${claimed}.` };
  }
  // a canonical address proves its code's origin only where the proxy at the well-known address is the real one:
  // checked whenever a canonical address is named, also when the caller trusts it by name
  if (canonicalAttestAddresses.includes(contract) && (await chain.code(deterministicDeploymentProxy.address)) !== deterministicDeploymentProxy.runtimeCode) {
    return {
      name: "chain",
      outcome: "fail",
      reason: "untrusted-contract",
      message: `untrusted contract: chain ${chainId} has no deterministic deployment proxy at ${deterministicDeploymentProxy.address} (or another contract there), so the canonical address proves nothing on it.`,
    };
  }
  const code = await chain.code(contract);
  if (!isAttestRuntimeCode(code)) {
    const found = code === undefined || code === "0x" ? "no contract" : "a contract whose code is not AIAttest's";
    return { name: "chain", outcome: "fail", reason: "unknown-contract", message: `There is ${found} at ${contract} on chain ${chainId}: AIAttest is not deployed there.` };
  }
  return { name: "chain", outcome: "pass", message: `Chain ${chainId}, read at block ${head.number} (${formatUnixTime(head.timestamp)}); ${contract} holds AIAttest's code.` };
}
