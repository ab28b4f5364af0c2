import type { Hex, PrivateKeyAccount } from "viem";

/** The private key of each key-setting account the config made, so a caller can build a faster signer from it. */
const privateKeys = new WeakMap<PrivateKeyAccount, Hex>();

/**
 * Remembers the private key of an account made from a key setting (`configSettings`' key schema calls it).
 *
 * @example
 * rememberPrivateKey(privateKeyToAccount(key), key)
 */
export function rememberPrivateKey(account: PrivateKeyAccount, privateKey: Hex): PrivateKeyAccount {
  privateKeys.set(account, privateKey);
  return account;
}

/**
 * The private key of an account a key setting (AIATTEST_SIGNER_KEY…) made, or undefined for any other account:
 * what `privateKeyToSigner` needs to sign on libsecp256k1 (WASM), several times faster than the account itself.
 *
 * @example
 * const signer = await privateKeyToSigner(privateKeyOf(requireSetting(config, "signerKey"))!)
 */
export function privateKeyOf(account: PrivateKeyAccount): Hex | undefined {
  return privateKeys.get(account);
}
