import type { Account, Chain, Hex, LocalAccount, Transport, WalletClient } from "viem";
import { getAttestTypedDataDomain } from "../hashing/getAttestTypedDataDomain.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { outputTypes } from "../hashing/outputTypes.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { Output } from "../types/Output.js";

/** Anything that can sign an output: a viem Account (local key, or the ethers adapter) or a WalletClient. */
export type OutputSigner = LocalAccount | WalletClient<Transport, Chain | undefined, Account>;

export type SignOutputParameters = { signer: OutputSigner; domain: AttestDomain; output: Output };

/**
 * Signs an output's EIP-712 digest. A local private-key account signs the precomputed digest directly (the
 * fast path the recorder uses); any other signer goes through `eth_signTypedData_v4`, which yields the same
 * signature for the same key.
 *
 * @example
 * const signature = await signOutput({ signer: privateKeyToAccount(key), domain: { chainId, contract }, output })
 */
export async function signOutput({ signer, domain, output }: SignOutputParameters): Promise<Hex> {
  const typedData = {
    domain: getAttestTypedDataDomain(domain),
    types: outputTypes,
    primaryType: "Output",
    message: output,
  } as const;
  if ("transport" in signer) return signer.signTypedData({ ...typedData, account: signer.account });
  if (signer.source === "privateKey" && signer.sign) return signer.sign({ hash: hashOutput({ domain, output }) });
  return signer.signTypedData(typedData);
}
