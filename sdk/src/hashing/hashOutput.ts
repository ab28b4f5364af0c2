import { type Hash, type Hex, bytesToHex, getTypesForEIP712Domain, hashDomain, hexToBytes } from "viem";
import { getMerkleHasher } from "./loadMerkleHasher.js";
import type { AttestDomain } from "../types/AttestDomain.js";
import type { Output } from "../types/Output.js";
import { getAttestTypedDataDomain } from "./getAttestTypedDataDomain.js";
import { hashOutputStruct } from "./hashOutputStruct.js";

const domainSeparators = new Map<string, Hash>();

export type HashOutputParameters = { domain: AttestDomain; output: Output };

/**
 * The EIP-712 digest of an output: what the signer key signs. Twin of `AIAttest.outputDigest` and equal to
 * viem's `hashTypedData` with the aiattest domain (tests pin all three together); the domain separator is
 * cached per deployment.
 *
 * @example
 * const digest = hashOutput({ domain: { chainId: 1, contract }, output })
 */
export function hashOutput({ domain, output }: HashOutputParameters): Hash {
  const preimage = new Uint8Array(66);
  preimage[0] = 0x19;
  preimage[1] = 0x01;
  preimage.set(hexToBytes(getDomainSeparator(domain)), 2);
  preimage.set(hexToBytes(hashOutputStruct(output)), 34);
  return bytesToHex(getMerkleHasher()(preimage)) as Hash;
}

function getDomainSeparator(domain: AttestDomain): Hex {
  const key = `${domain.chainId}:${domain.contract.toLowerCase()}`;
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    const typedDomain = getAttestTypedDataDomain(domain);
    const types = { EIP712Domain: getTypesForEIP712Domain({ domain: typedDomain }) };
    separator = hashDomain({ domain: typedDomain, types } as Parameters<typeof hashDomain>[0]);
    domainSeparators.set(key, separator);
  }
  return separator;
}
