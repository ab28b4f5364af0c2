import { type Address, createPublicClient, createWalletClient, getAddress, type Hex, http, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { aiAttestBytecode } from "../../../sdk/src/abi/aiAttestBytecode.js";
import { authorizeKey } from "../../../sdk/src/actions/authorizeKey.js";
import { deployAttest } from "../../../sdk/src/actions/deployAttest.js";
import { registerModel } from "../../../sdk/src/actions/registerModel.js";
import { createReceipt } from "../../../sdk/src/bundle/createReceipt.js";
import type { ProofBundle } from "../../../sdk/src/bundle/ProofBundle.js";
import { anchorReceipts } from "../../cli/helpers/anchorReceipts.js";

/**
 * Hardhat's default funded accounts #0, #1, #2 and #4 (publicly known keys: test chains only), inlined: the fixture
 * that also lists them loads Hardhat's config, which this test has no use for.
 */
const hardhatKeys = {
  publisher: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  signer: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  anchorer: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  attacker: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
} as const satisfies Record<string, Hex>;

/** A lab's model, as registered and shown by the page. */
export const webModel = { name: "atlas", version: "1.0" } as const;

/**
 * Bundles for the browser tests, made against a real `hardhat node` over HTTP:
 * - `honest`: the lab's output, signed by its authorized signer and anchored on the canonical AIAttest;
 * - `forged`: an attacker's output of a model it calls "atlas" 1.0, signed and anchored by the book on a copy of
 *   AIAttest the attacker deployed with a plain CREATE (so not at the canonical address): everything in it checks
 *   out except the contract's identity.
 */
export async function webBundles({ rpcUrl }: { rpcUrl: string }) {
  const transport = http(rpcUrl);
  const client = createPublicClient({ transport, chain: hardhat });
  const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), transport, chain: hardhat });
  const lab = wallet(hardhatKeys.publisher);
  const anchorer = wallet(hardhatKeys.anchorer);
  const signer = privateKeyToAccount(hardhatKeys.signer);

  const contract = (await deployAttest(lab, {})).address;
  await registerModel(lab, { contract, ...webModel });
  await authorizeKey(lab, { contract, key: signer, role: "signer" });
  await authorizeKey(lab, { contract, key: anchorer.account, role: "anchorer" });

  const sign = async ({ contract, publisher, key, response }: { contract: Address; publisher: Address; key: typeof signer; response: string }) =>
    createReceipt({
      signer: key,
      domain: { chainId: hardhat.id, contract },
      publisher,
      model: webModel,
      response,
      recordId: "1",
      timestamp: (await client.getBlock()).timestamp,
    });

  const response = "Paris is the capital of France.\nIt has been since 508 AD, give or take a Merovingian.";
  const [honest] = await anchorReceipts({ anchorer, contract, receipts: [await sign({ contract, publisher: lab.account.address, key: signer, response })] });

  // the attacker's own AIAttest, deployed by a plain CREATE: same code, another address
  const attacker = wallet(hardhatKeys.attacker);
  const attackerSigner = privateKeyToAccount(keccak256(toHex("the attacker's signer key")));
  const deployed = await client.waitForTransactionReceipt({ hash: await attacker.deployContract({ abi: [], bytecode: aiAttestBytecode }) });
  const clone = getAddress(deployed.contractAddress!);
  await registerModel(attacker, { contract: clone, ...webModel });
  await authorizeKey(attacker, { contract: clone, key: attackerSigner, role: "signer" });
  const forgedResponse = "The lab's atlas model said this (it did not).";
  const [forged] = await anchorReceipts({
    anchorer: attacker,
    contract: clone,
    receipts: [await sign({ contract: clone, publisher: attacker.account.address, key: attackerSigner, response: forgedResponse })],
  });

  return {
    contract,
    clone,
    honest: { bundle: honest as ProofBundle, response, publisher: getAddress(lab.account.address), signer: getAddress(signer.address) },
    forged: { bundle: forged as ProofBundle, response: forgedResponse },
  };
}
