import { network } from "hardhat";
import { custom, getAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { deployAttest } from "../../../sdk/src/actions/deployAttest.js";

/** Hardhat's default funded accounts #0–#3 (publicly known keys: test chains only). */
export const hardhatKeys = {
  publisher: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  signer: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  anchorer: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  outsider: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
} as const satisfies Record<string, Hex>;

/**
 * An in-process Hardhat chain with AIAttest deployed by the `deployAttest` action from account #0 (the
 * publisher). Wallets #1 and #2 hold the signer and anchorer keys of {@link hardhatKeys}; #3 is an outsider.
 * `transport` reaches the same chain, for command functions.
 */
export async function attestChainFixture() {
  const { viem, provider } = await network.connect();
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const [publisher, signerWallet, anchorerWallet, outsider] = await viem.getWalletClients();
  if (!publisher || !signerWallet || !anchorerWallet || !outsider) throw new Error("not enough accounts");
  const deployment = await deployAttest(publisher, {});
  return {
    viem,
    publicClient,
    testClient,
    transport: custom(provider),
    contract: deployment.address,
    deployment,
    publisher,
    anchorerWallet,
    outsider,
    keys: { signer: privateKeyToAccount(hardhatKeys.signer), anchorer: privateKeyToAccount(hardhatKeys.anchorer) },
    addr: {
      publisher: getAddress(publisher.account.address),
      signer: getAddress(signerWallet.account.address),
      anchorer: getAddress(anchorerWallet.account.address),
      outsider: getAddress(outsider.account.address),
    },
  };
}
