// EAS's offchain attestations (the peer we measure signing and verification against), set up the way its
// docs show: CommonJS build (its ESM build fails to import under Node), an ethers Wallet, no chain needed.
import { createRequire } from "node:module";
import { Wallet, ZeroHash } from "ethers";

const require = createRequire(import.meta.url);
const { EAS, Offchain, OffchainAttestationVersion, SchemaEncoder } = require("@ethereum-attestation-service/eas-sdk");

export function createEasOffchain({ privateKey }: { privateKey: string }) {
  const easAddress = "0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587"; // EAS on mainnet; nothing is sent to it
  const offchain = new Offchain({ address: easAddress, version: "1.2.0", chainId: 31337n }, OffchainAttestationVersion.Version2, new EAS(easAddress));
  const signer = new Wallet(privateKey);
  const encoder = new SchemaEncoder("bytes32 modelId,bytes32 responseHash");
  const schema = "0x" + "11".repeat(32);

  return {
    attester: signer.address,
    sign: (responseHash: string) =>
      offchain.signOffchainAttestation(
        {
          schema,
          recipient: "0x0000000000000000000000000000000000000000",
          time: BigInt(Math.floor(Date.now() / 1000)),
          expirationTime: 0n,
          revocable: true,
          refUID: ZeroHash,
          data: encoder.encodeData([
            { name: "modelId", value: "0x" + "22".repeat(32), type: "bytes32" },
            { name: "responseHash", value: responseHash, type: "bytes32" },
          ]),
        },
        signer,
        { verifyOnchain: false },
      ),
    verify: (attestation: unknown) => offchain.verifyOffchainAttestationSignature(signer.address, attestation) as boolean,
  };
}
