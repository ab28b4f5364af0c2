import { type Hex, type LocalAccount, hexToBytes } from "viem";
import { privateKeyToAccount, toAccount } from "viem/accounts";
import { loadSecp256k1 } from "./loadSecp256k1.js";
import { signatureHexOf } from "./signatureHexOf.js";

/**
 * A local signer account for a hot key, like viem's `privateKeyToAccount`, whose digest signing (`sign`, the
 * recorder's path) runs on libsecp256k1 (WASM) when it is available: about 3× the outputs per second on one core.
 * Signatures are identical either way (RFC 6979, low-s).
 *
 * @example
 * const signer = await privateKeyToSigner(process.env.AIATTEST_SIGNER_KEY as Hex)
 * const receipt = await recorder.record({ modelId, response })
 */
export async function privateKeyToSigner(privateKey: Hex): Promise<LocalAccount> {
  const account = privateKeyToAccount(privateKey);
  const secp = await loadSecp256k1();
  if (!secp) return account;
  const key = hexToBytes(privateKey);
  return toAccount({
    address: account.address,
    signMessage: account.signMessage,
    signTransaction: account.signTransaction,
    signTypedData: account.signTypedData,
    async sign({ hash }) {
      const { signature, recoveryId } = secp.signRecoverable(hexToBytes(hash), key);
      return signatureHexOf(signature, recoveryId);
    },
  });
}
