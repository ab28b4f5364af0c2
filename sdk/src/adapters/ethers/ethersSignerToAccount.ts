import type { Signer, TypedDataField } from "ethers";
import { type Address, type Hex, type LocalAccount, getAddress } from "viem";
import { toAccount } from "viem/accounts";

/**
 * Wraps an ethers v6 `Signer` as a viem Account, so every SDK function that signs (outputs, key consents)
 * accepts ethers users' keys unchanged. Only typed-data and message signing are bridged; the SDK never asks an
 * output key to send transactions.
 *
 * @example
 * const account = await ethersSignerToAccount(new Wallet(privateKey))
 * const signature = await signOutput({ signer: account, domain, output })
 */
export async function ethersSignerToAccount(signer: Signer): Promise<LocalAccount> {
  const address = getAddress(await signer.getAddress()) as Address;
  return toAccount({
    address,
    signMessage: async ({ message }) =>
      (await signer.signMessage(typeof message === "string" ? message : typeof message.raw === "string" ? Buffer.from(message.raw.slice(2), "hex") : message.raw)) as Hex,
    signTransaction: async () => {
      throw new Error("ethersSignerToAccount does not sign transactions: send them with the ethers signer itself.");
    },
    signTypedData: async ({ domain, types, message }) => {
      // ethers derives the EIP712Domain type from the domain object itself
      const { EIP712Domain: _, ...fields } = types as Record<string, TypedDataField[]>;
      return (await signer.signTypedData(domain ?? {}, fields, message as Record<string, unknown>)) as Hex;
    },
  });
}
