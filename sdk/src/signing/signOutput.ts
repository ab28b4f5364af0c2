import type { Account, Chain, Hash, Hex, LocalAccount, Transport, WalletClient } from "viem";
import { getAttestTypedDataDomain } from "../hashing/getAttestTypedDataDomain.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { outputTypes } from "../hashing/outputTypes.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { Output } from "../types/Output.js";
import { isWalletClientSigner } from "./isWalletClientSigner.js";

/** Anything that can sign an output: a viem Account (local key, or the ethers adapter) or a WalletClient. */
export type OutputSigner = LocalAccount | WalletClient<Transport, Chain | undefined, Account>;

export type SignOutputParameters = {
  signer: OutputSigner;
  domain: AttestDomain;
  output: Output;
  /** The output's digest (`hashOutput`), when the caller has it already. */
  digest?: Hash | undefined;
};

/**
 * Signs an output's EIP-712 digest. A local private-key account signs the precomputed digest directly (the
 * fast path the recorder uses); any other signer goes through `eth_signTypedData_v4`, which yields the same
 * signature for the same key.
 *
 * @example
 * const signature = await signOutput({ signer: privateKeyToAccount(key), domain: { chainId, contract }, output })
 */
export async function signOutput({ signer, domain, output, digest }: SignOutputParameters): Promise<Hex> {
  const typedData = {
    domain: getAttestTypedDataDomain(domain),
    types: outputTypes,
    primaryType: "Output",
    message: output,
  } as const;
  if (isWalletClientSigner(signer)) return signer.signTypedData({ ...typedData, account: signer.account });
  // local keys (viem's, or privateKeyToSigner's WASM one) sign the digest directly: no typed-data encoding
  if (signer.sign) return signer.sign({ hash: digest ?? hashOutput({ domain, output }) });
  return signer.signTypedData(typedData);
}
