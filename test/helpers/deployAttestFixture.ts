import { network } from "hardhat";
import { getAddress, keccak256, toHex, zeroHash, type Address, type Hash, type TypedDataDomain } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { authorizeKeyWithConsent } from "./authorizeKeyWithConsent.js";
import { localKeyAccount, walletKeyAccount } from "./keyAccount.js";
import { modelIdOf } from "./modelIdOf.js";
import { receiptOf } from "./receiptOf.js";
import { attestDomain, KeyRole } from "./typedData.js";
import { deployAttest } from "../../sdk/src/actions/deployAttest.js";

export type AIAttest = ContractReturnType<"AIAttest">;
export type AttestFixture = Awaited<ReturnType<typeof deployAttestFixture>>;

/** The model every publisher of the fixture registers (same name and version, so ids must differ). */
export const MODEL = { name: "atlas", version: "1.0", weightsDigest: keccak256(toHex("weights")), uri: "ipfs://card" };

/** The checksummed address of a wallet client (Hardhat's wallet clients hold lowercase addresses). */
export function addressOf(wallet: WalletClient): Address {
  return getAddress(wallet.account.address);
}

/** A reproducible hot signer key, derived from `label`. */
export function signerKey(label: string): PrivateKeyAccount {
  return privateKeyToAccount(keccak256(toHex(`aiattest test key: ${label}`)));
}

/**
 * A fresh in-process chain with AIAttest deployed at its canonical address and two publishers set up the same way:
 * `lab` (the victim in attack tests) and `rival`. Each registered the model {@link MODEL} and authorized a
 * local signer key and an anchorer wallet with their consent signatures. `outsider` and `spares` are
 * funded accounts unknown to the registry.
 */
export async function deployAttestFixture() {
  const { viem } = await network.connect();
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const [lab, labAnchorer, rival, rivalAnchorer, outsider, ...spares] = await viem.getWalletClients();
  if (!lab || !labAnchorer || !rival || !rivalAnchorer || !outsider) throw new Error("not enough accounts");
  // canonically, through the deterministic deployment proxy, as `aiattest deploy` does: verifiers trust this address
  const deployed = await deployAttest(lab, {});
  const attest = await viem.getContractAt("AIAttest", deployed.address);
  const domain: TypedDataDomain = attestDomain({ chainId: publicClient.chain.id, verifyingContract: attest.address });
  const as = (wallet: WalletClient): Promise<AIAttest> =>
    viem.getContractAt("AIAttest", attest.address, { client: { wallet } });

  const setUpPublisher = async (publisher: WalletClient, anchorer: WalletClient, signer: PrivateKeyAccount) => {
    const publisherAttest = await as(publisher);
    const { name, version, weightsDigest, uri } = MODEL;
    await receiptOf(
      publicClient,
      await publisherAttest.write.registerModel([name, version, weightsDigest, uri, zeroHash]),
    );
    for (const [key, role] of [
      [localKeyAccount(signer), KeyRole.Signer],
      [walletKeyAccount(anchorer), KeyRole.Anchorer],
    ] as const) {
      await receiptOf(publicClient, await authorizeKeyWithConsent({ attest, domain, publisher, key, role }));
    }
    return modelIdOf({ publisher: publisher.account.address, name, version });
  };
  const labSigner = signerKey("lab signer");
  const rivalSigner = signerKey("rival signer");
  const labModelId: Hash = await setUpPublisher(lab, labAnchorer, labSigner);
  const rivalModelId: Hash = await setUpPublisher(rival, rivalAnchorer, rivalSigner);
  const setUpAt = (await publicClient.getBlock()).timestamp;

  return {
    viem,
    publicClient,
    testClient,
    attest,
    domain,
    as,
    lab,
    labAnchorer,
    labSigner,
    labModelId,
    rival,
    rivalAnchorer,
    rivalSigner,
    rivalModelId,
    outsider,
    spares,
    /** Checksummed addresses of the named accounts, as events and reads return them. */
    addr: {
      lab: addressOf(lab),
      labAnchorer: addressOf(labAnchorer),
      labSigner: labSigner.address,
      rival: addressOf(rival),
      rivalAnchorer: addressOf(rivalAnchorer),
      rivalSigner: rivalSigner.address,
      outsider: addressOf(outsider),
    },
    /** The block time once the fixture was set up: every key's window was open by then. */
    setUpAt,
  };
}
