// The online conformance cases: each scenario runs for real on an in-process Hardhat chain (fixed genesis date and
// block times, so the facts are the same on every run), then the chain's facts are captured for the bundle
// (captureChainFixture). A few cases then change one fact, as a lying or broken RPC would, to reach a check that
// a genuine deployment can never fail (publisher-mismatch, onchain-rejected). The expected verdicts are the spec's.
import { network } from "hardhat";
import { createWalletClient, custom, getAddress, type Hash, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anchorBatch } from "../../sdk/src/actions/anchorBatch.js";
import { authorizeKey } from "../../sdk/src/actions/authorizeKey.js";
import { registerModel } from "../../sdk/src/actions/registerModel.js";
import { retireModel } from "../../sdk/src/actions/retireModel.js";
import { revokeKey } from "../../sdk/src/actions/revokeKey.js";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import type { ProofBundle } from "../../sdk/src/bundle/ProofBundle.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { getLeafIndex } from "../../sdk/src/merkle/getLeafIndex.js";
import { getProof } from "../../sdk/src/merkle/getProof.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import type { VerifyCheckName, VerifyReason } from "../../sdk/src/verify/VerifyResult.js";
import { type ChainFixture, captureChainFixture } from "./captureChainFixture.js";

export type OnlineCase = {
  id: string;
  title: string;
  bundle: ProofBundle;
  response: string;
  chain: ChainFixture;
  options: { minConfirmations?: number; maxAnchorDelay?: number };
  reason: VerifyReason | null;
  /** The check that fails (reasons such as anchor-mismatch come from two checks). */
  failed?: VerifyCheckName;
  /** The facts were changed after capture (a lying RPC): the real chain would say otherwise. */
  isTampered?: boolean;
};

const genesis = 1_798_761_600; // 2027-01-01T00:00:00Z
const keys = {
  lab: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  anchorer: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  rival: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
} as const;
const salt = (label: string): Hash => keccak256(toHex(`aiattest conformance online salt: ${label}`));

export async function onlineCases(): Promise<OnlineCase[]> {
  const { viem, provider } = await network.create({ override: { initialDate: new Date(genesis * 1000) } });
  const testClient = await viem.getTestClient();
  const client = await viem.getPublicClient();
  const chain = client.chain;
  const transport = custom(provider);
  const lab = createWalletClient({ account: privateKeyToAccount(keys.lab), chain, transport });
  const anchorerWallet = createWalletClient({ account: privateKeyToAccount(keys.anchorer), chain, transport });
  const signer = privateKeyToAccount(keccak256(toHex("aiattest vector signer key")));
  const stranger = privateKeyToAccount(keccak256(toHex("aiattest conformance other key")));

  // every block one minute after the last: the same facts on every run
  let now = genesis + 60;
  const nextBlock = async () => {
    now += 60;
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(now) });
  };
  const mine = async (blocks = 1) => {
    for (let i = 0; i < blocks; i++) {
      await nextBlock();
      await testClient.mine({ blocks: 1 });
    }
  };

  // the first deployment of Hardhat's account #0: 0x5FbDB2315678afecb367f032d93F642f64180aa3 (trusted by name)
  await nextBlock();
  const contract = getAddress((await viem.deployContract("AIAttest")).address);
  await nextBlock();
  const { modelId } = await registerModel(lab, { contract, name: "atlas", version: "1.0" });
  await nextBlock();
  await authorizeKey(lab, { contract, key: signer, role: "signer" });
  const signerFrom = now;
  await nextBlock();
  await authorizeKey(lab, { contract, key: anchorerWallet.account, role: "anchorer" });
  const base = { id: await testClient.snapshot(), now };
  const domain = { chainId: chain.id, contract };

  let count = 0;
  const receipt = (response: string, options: { timestamp?: number; by?: typeof signer; model?: { name: string; version: string } } = {}) =>
    createReceipt({
      signer: options.by ?? signer,
      domain,
      publisher: lab.account.address,
      model: options.model ?? { name: "atlas", version: "1.0" },
      response,
      recordId: String(++count),
      timestamp: BigInt(options.timestamp ?? now),
      salts: { response: salt(`${count}`) },
    });
  const anchor = async (bundles: ProofBundle[], { send = true } = {}): Promise<ProofBundle[]> => {
    const leaves = bundles.map((bundle) => hashOutputLeaf(hashOutput({ domain, output: { ...bundle.output, timestamp: BigInt(bundle.output.timestamp) } })));
    const tree = await createMerkleTree(leaves);
    const uri = `https://lab.example/v1/manifests/${tree.root}.json`;
    await nextBlock();
    const anchored = send ? await anchorBatch(anchorerWallet, { contract, root: tree.root, count: bundles.length, uri }) : null;
    return bundles.map((bundle, index) => ({
      ...bundle,
      anchor: {
        root: tree.root,
        proof: getProof(tree, { leaf: leaves[index]! }),
        leafIndex: getLeafIndex(tree, { leaf: leaves[index]! }),
        anchorer: anchorerWallet.account.address,
        txHash: anchored?.txHash ?? keccak256(toHex("a transaction nobody sent")),
        blockNumber: Number(anchored?.blockNumber ?? 99n),
        anchoredAt: Number(anchored?.anchoredAt ?? BigInt(now)),
        manifestUri: uri,
      },
    }));
  };
  const capture = (bundle: ProofBundle) => captureChainFixture(client, bundle);

  const cases: OnlineCase[] = [];
  const scenario = async (run: () => Promise<Omit<OnlineCase, "options"> & { options?: OnlineCase["options"] }>) => {
    await testClient.revert({ id: base.id });
    base.id = await testClient.snapshot();
    now = base.now;
    const made = { options: {}, ...(await run()) };
    // a scenario whose facts are the chain's own must get the expected verdict from the real chain too
    if (!made.isTampered) {
      const real = await verifyOutput({ bundle: made.bundle, response: made.response, client, trustedContracts: [contract], ...made.options });
      if (real.reason !== made.reason) throw new Error(`${made.id}: the real chain says ${real.reason}, the case expects ${made.reason}`);
    }
    cases.push(made);
  };

  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris."), await receipt("Lyon.")]);
    return { id: "online-valid-anchored", title: "an honest anchored bundle", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: null };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine();
    return { id: "online-valid-receipt", title: "a signed-only receipt, checked against the current block time", bundle, response: "Paris.", chain: await capture(bundle), reason: null };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine();
    return { id: "online-valid-receipt-within-delay", title: "a receipt younger than the promised anchor delay", bundle, response: "Paris.", chain: await capture(bundle), options: { maxAnchorDelay: 3600 }, reason: null };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const facts = await capture(bundle!);
    return { id: "online-wrong-chain", title: "an RPC of another chain", bundle: bundle!, response: "Paris.", chain: { ...facts, chainId: 1 }, isTampered: true, reason: "wrong-chain" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const facts = await capture(bundle!);
    const { [contract]: _, ...code } = facts.code;
    return { id: "online-no-contract", title: "no code at the trusted contract on this chain", bundle: bundle!, response: "Paris.", chain: { ...facts, code }, isTampered: true, reason: "unknown-contract" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const facts = await capture(bundle!);
    return { id: "online-other-code", title: "code at the trusted contract that is not AIAttest's", bundle: bundle!, response: "Paris.", chain: { ...facts, code: { ...facts.code, [contract]: "0x6001600055" } }, isTampered: true, reason: "unknown-contract" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.", { model: { name: "ghost", version: "1.0" } })]);
    return { id: "online-unknown-model", title: "a model nobody registered (and a batch the chain also holds)", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: "unknown-model" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { model: { name: "ghost", version: "1.0" } });
    const facts = await capture(bundle);
    return { id: "online-precedence-chain-over-model", title: "another chain and an unknown model: the chain check decides", bundle, response: "Paris.", chain: { ...facts, chainId: 5 }, isTampered: true, reason: "wrong-chain" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    const facts = await capture(bundle);
    const models = Object.fromEntries(Object.entries(facts.models).map(([id, model]) => [id, { ...model, publisher: stranger.address }]));
    return { id: "online-publisher-mismatch", title: "the chain says the model belongs to another publisher (a lying RPC)", bundle, response: "Paris.", chain: { ...facts, models }, isTampered: true, reason: "publisher-mismatch" };
  });
  await scenario(async () => {
    await nextBlock();
    await retireModel(lab, { contract, modelId });
    const bundle = await receipt("Paris.", { timestamp: now + 30 });
    await mine();
    return { id: "online-model-retired", title: "claimed after the model's retirement", bundle, response: "Paris.", chain: await capture(bundle), reason: "model-retired" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { by: stranger });
    return { id: "online-signer-not-a-key", title: "a signer that is no key of the publisher", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-not-authorized" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { timestamp: signerFrom - 1 });
    return { id: "online-signer-before-window", title: "claimed before the signer key's window opened", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-not-authorized" };
  });
  await scenario(async () => {
    const claimed = now;
    await mine(2);
    const bundle = await receipt("Paris.", { timestamp: claimed });
    const [anchored] = await anchor([bundle]);
    await nextBlock();
    await revokeKey(lab, { contract, key: signer.address, effectiveAt: BigInt(claimed + 1) });
    return { id: "online-signer-revoked", title: "the signer key revoked between the claimed time and the anchor", bundle: anchored!, response: "Paris.", chain: await capture(anchored!), reason: "signer-revoked" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")], { send: false });
    await mine();
    return { id: "online-not-anchored", title: "a batch never anchored", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: "not-anchored" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const altered = { ...bundle!, anchor: { ...bundle!.anchor!, anchoredAt: bundle!.anchor!.anchoredAt - 3600 } };
    return { id: "online-batch-time-mismatch", title: "the bundle's anchoredAt is not the stored one", bundle: altered, response: "Paris.", chain: await capture(altered), reason: "anchor-mismatch", failed: "batch" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    await nextBlock();
    await revokeKey(lab, { contract, key: anchorerWallet.account.address, effectiveAt: BigInt(bundle!.anchor!.anchoredAt) });
    return { id: "online-anchorer-revoked", title: "the anchorer key revoked back to the anchor's time", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: "anchorer-not-authorized" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.", { timestamp: now + 90 })]);
    return { id: "online-claimed-after-anchor", title: "claimed after the anchor", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: "timestamp-after-anchor" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { timestamp: now + 301 });
    return { id: "online-post-dated-receipt", title: "a receipt claimed more than 300 s after the current block time", bundle, response: "Paris.", chain: await capture(bundle), reason: "timestamp-in-future" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const altered = { ...bundle!, anchor: { ...bundle!.anchor!, txHash: keccak256(toHex("another transaction")) } };
    return { id: "online-tx-not-found", title: "the bundle names a transaction the chain does not have", bundle: altered, response: "Paris.", chain: await capture(altered), reason: "anchor-tx-not-found" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    await mine();
    const altered = { ...bundle!, anchor: { ...bundle!.anchor!, blockNumber: bundle!.anchor!.blockNumber + 1 } };
    return { id: "online-tx-block-mismatch", title: "the bundle's block number is not the transaction's", bundle: altered, response: "Paris.", chain: await capture(altered), reason: "anchor-mismatch", failed: "confirmations" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const altered = { ...bundle!, anchor: { ...bundle!.anchor!, manifestUri: "https://elsewhere.example/m.json" } };
    return { id: "online-uri-mismatch", title: "the bundle's manifest URI is not the event's", bundle: altered, response: "Paris.", chain: await capture(altered), reason: "anchor-mismatch", failed: "confirmations" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const facts = await capture(bundle!);
    const blocks = Object.fromEntries(Object.entries(facts.blocks).map(([hash, block]) => [hash, { ...block, timestamp: block.timestamp + 1 }]));
    return { id: "online-block-time-mismatch", title: "the anchoring block's time is not the stored anchoredAt (state not written by anchor)", bundle: bundle!, response: "Paris.", chain: { ...facts, blocks }, isTampered: true, reason: "anchor-mismatch", failed: "confirmations" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    return { id: "online-insufficient-confirmations", title: "fewer confirmations than asked for", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), options: { minConfirmations: 3 }, reason: "insufficient-confirmations" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    await mine(2);
    return { id: "online-enough-confirmations", title: "three confirmations when three are asked for", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), options: { minConfirmations: 3 }, reason: null };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const facts = await capture(bundle!);
    return { id: "online-onchain-rejected", title: "the contract's own verdict disagrees (a lying RPC)", bundle: bundle!, response: "Paris.", chain: { ...facts, verifySignedOutput: { ...facts.verifySignedOutput!, valid: false } }, isTampered: true, reason: "onchain-rejected" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine(61);
    return { id: "online-receipt-overdue", title: "a receipt older than the promised anchor delay", bundle, response: "Paris.", chain: await capture(bundle), options: { maxAnchorDelay: 3600 }, reason: "anchor-overdue" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine(61);
    const [anchored] = await anchor([bundle]);
    return { id: "online-anchor-overdue", title: "anchored later than the promised delay after the claimed time", bundle: anchored!, response: "Paris.", chain: await capture(anchored!), options: { maxAnchorDelay: 3600 }, reason: "anchor-overdue" };
  });
  // boundaries: each comparison of §8 at its exact edge
  await scenario(async () => {
    await nextBlock();
    await retireModel(lab, { contract, modelId });
    const bundle = await receipt("Paris.", { timestamp: now });
    await mine();
    return { id: "online-claimed-at-retirement", title: "claimed exactly at the model's retirement (retiredAt <= timestamp)", bundle, response: "Paris.", chain: await capture(bundle), reason: "model-retired" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.", { timestamp: signerFrom })]);
    return { id: "online-claimed-at-key-valid-from", title: "claimed exactly when the signer key's window opened", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: null };
  });
  await scenario(async () => {
    const claimed = now;
    const bundle = await receipt("Paris.", { timestamp: claimed });
    await nextBlock();
    await revokeKey(lab, { contract, key: signer.address, effectiveAt: BigInt(claimed) });
    return { id: "online-claimed-at-key-valid-until", title: "claimed exactly when the signer key's window closed", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-revoked" };
  });
  await scenario(async () => {
    // another publisher (Hardhat's account #3) authorizes the stranger's key: a signer, of someone else
    const rival = createWalletClient({ account: privateKeyToAccount(keys.rival), chain, transport });
    await nextBlock();
    await authorizeKey(rival, { contract, key: stranger, role: "signer" });
    const bundle = await receipt("Paris.", { by: stranger });
    return { id: "online-signer-of-another-publisher", title: "a signer key, but another publisher's", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-not-authorized" };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { timestamp: now + 300 });
    return { id: "online-receipt-at-clock-skew", title: "a receipt claimed exactly 300 s after the current block time", bundle, response: "Paris.", chain: await capture(bundle), reason: null };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.", { timestamp: now + 60 })]);
    return { id: "online-claimed-at-anchor", title: "claimed exactly at the anchor's block time", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: null };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine(60);
    return { id: "online-receipt-age-at-delay", title: "a receipt exactly as old as the promised anchor delay", bundle, response: "Paris.", chain: await capture(bundle), options: { maxAnchorDelay: 3600 }, reason: null };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.");
    await mine(59);
    const [anchored] = await anchor([bundle]);
    return { id: "online-anchor-at-delay", title: "anchored exactly the promised delay after the claimed time", bundle: anchored!, response: "Paris.", chain: await capture(anchored!), options: { maxAnchorDelay: 3600 }, reason: null };
  });
  await scenario(async () => {
    const claimed = now;
    await mine();
    await nextBlock();
    await retireModel(lab, { contract, modelId });
    const [bundle] = await anchor([await receipt("Paris.", { timestamp: claimed })]);
    return { id: "online-claimed-before-retirement", title: "a retired model's output claimed before its retirement", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), reason: null };
  });
  await scenario(async () => {
    const bundle = await receipt("Paris.", { by: anchorerWallet.account });
    return { id: "online-signer-is-an-anchorer", title: "signed by a key of the publisher, but an anchorer key", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-not-authorized" };
  });
  await scenario(async () => {
    await nextBlock();
    await revokeKey(lab, { contract, key: signer.address, effectiveAt: BigInt(now + 100) });
    const bundle = await receipt("Paris.", { timestamp: now + 200 });
    return { id: "online-post-dated-past-key-window", title: "a receipt post-dated within the clock skew, past the key's window (the current block time is still inside it)", bundle, response: "Paris.", chain: await capture(bundle), reason: "signer-revoked" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    const altered = { ...bundle!, anchor: { ...bundle!.anchor!, anchorer: lab.account.address } };
    return { id: "online-batch-anchorer-mismatch", title: "the bundle names another anchorer than the stored batch's", bundle: altered, response: "Paris.", chain: await capture(altered), reason: "anchor-mismatch", failed: "batch" };
  });
  await scenario(async () => {
    const [bundle] = await anchor([await receipt("Paris.")]);
    await mine(1440);
    return { id: "online-anchored-in-time-verified-later", title: "anchored within the promised delay, verified a day later", bundle: bundle!, response: "Paris.", chain: await capture(bundle!), options: { maxAnchorDelay: 3600 }, reason: null };
  });
  // the anchoring transaction must carry this very anchor
  await scenario(async () => {
    const [first] = await anchor([await receipt("Paris.")]);
    const [second] = await anchor([await receipt("Lyon.")]);
    const swapped = { ...first!, anchor: { ...first!.anchor!, txHash: second!.anchor!.txHash } };
    return { id: "online-tx-of-another-batch", title: "the transaction of another batch of the same publisher", bundle: swapped, response: "Paris.", chain: await capture(swapped), reason: "anchor-tx-not-found" };
  });
  for (const [field, title] of [["address", "emitted by another contract"], ["anchorer", "naming another anchorer"], ["publisher", "naming another publisher"]] as const) {
    await scenario(async () => {
      const [bundle] = await anchor([await receipt("Paris.")]);
      const facts = await capture(bundle!);
      const other = `0x000000000000000000000000${stranger.address.slice(2).toLowerCase()}` as Hash;
      const receipts = Object.fromEntries(
        Object.entries(facts.receipts).map(([hash, item]) => [
          hash,
          {
            ...item,
            logs: item.logs.map((log) =>
              field === "address" ? { ...log, address: stranger.address } : { ...log, topics: log.topics.map((topic, i) => (i === (field === "publisher" ? 1 : 2) ? other : topic)) },
            ),
          },
        ]),
      );
      return { id: `online-log-${field}-mismatch`, title: `the transaction's BatchAnchored log ${title}`, bundle: bundle!, response: "Paris.", chain: { ...facts, receipts }, isTampered: true, reason: "anchor-tx-not-found" };
    });
  }
  return cases;
}

