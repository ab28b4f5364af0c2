import { type Address, type Hash, type Hex, bytesToHex, hexToBigInt, hexToBytes, isHex, recoverAddress, size, sliceHex } from "viem";
import { publicKeyToAddress } from "viem/accounts";
import { loadSecp256k1 } from "./loadSecp256k1.js";
import { InvalidSignatureError } from "../errors/InvalidSignatureError.js";
import { hashOutput } from "../hashing/hashOutput.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { Output } from "../types/Output.js";

/** Half the secp256k1 group order: the largest `s` a canonical (low-s, EIP-2) signature may carry. */
export const secp256k1HalfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

export type RecoverOutputSignerParameters = { domain: AttestDomain; output: Output; signature: Hex };

/**
 * Recovers the address that signed an output, accepting only canonical signatures: 65 bytes, `v` 27 or 28,
 * and low `s` — the same rule as OpenZeppelin's `ECDSA.tryRecover`, so SDK and contract agree.
 *
 * @throws {InvalidSignatureError} if the signature is malformed or malleable (high-s).
 * @example
 * const signer = await recoverOutputSigner({ domain, output, signature })
 */
export async function recoverOutputSigner({ domain, output, signature }: RecoverOutputSignerParameters): Promise<Address> {
  return recoverDigestSigner({ digest: hashOutput({ domain, output }), signature });
}

/**
 * {@link recoverOutputSigner} for a digest already computed (`hashOutput`), so a verifier hashes once.
 *
 * @throws {InvalidSignatureError} if the signature is malformed or malleable (high-s).
 * @example
 * const signer = await recoverDigestSigner({ digest: hashOutput({ domain, output }), signature })
 */
export async function recoverDigestSigner({ digest, signature }: { digest: Hash; signature: Hex }): Promise<Address> {
  assertCanonicalSignature(signature);
  try {
    const secp = await loadSecp256k1();
    if (!secp) return await recoverAddress({ hash: digest, signature });
    const bytes = hexToBytes(signature);
    const publicKey = secp.recover(hexToBytes(digest), bytes.subarray(0, 64), (bytes[64]! - 27) as 0 | 1, false);
    if (!publicKey) throw new Error("no public key recovers from this signature");
    return publicKeyToAddress(bytesToHex(publicKey));
  } catch {
    // r or s out of range, or no curve point for r: not a signature anyone could have made
    throw new InvalidSignatureError({ signature, reason: "malformed" });
  }
}

/** The secp256k1 group order n. */
const secp256k1Order = 2n * secp256k1HalfOrder + 1n;

/**
 * Throws unless `signature` is a canonical 65-byte secp256k1 signature, checked in this order (PROTOCOL §8): 65
 * bytes and `v` 27 or 28, else malformed; `s > n/2`, else malleable (EIP-2; this covers `s >= n`); `r = 0`,
 * `r >= n` or `s = 0`, malformed. Recovery itself can still fail (no curve point has x = r): malformed too.
 *
 * @throws {InvalidSignatureError}
 * @example
 * assertCanonicalSignature(signature)
 */
export function assertCanonicalSignature(signature: Hex): void {
  if (!isHex(signature, { strict: true }) || size(signature) !== 65) {
    throw new InvalidSignatureError({ signature, reason: "malformed" });
  }
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (v !== 27 && v !== 28) throw new InvalidSignatureError({ signature, reason: "malformed" });
  const r = hexToBigInt(sliceHex(signature, 0, 32));
  const s = hexToBigInt(sliceHex(signature, 32, 64));
  if (s > secp256k1HalfOrder) throw new InvalidSignatureError({ signature, reason: "high-s" });
  if (r === 0n || r >= secp256k1Order || s === 0n) throw new InvalidSignatureError({ signature, reason: "malformed" });
}
