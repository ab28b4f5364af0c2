// Gas benchmark: every aiattest operation, and EAS timestamping as the peer, on Hardhat's in-process chain.
// Transactions are measured by receipt.gasUsed; the view functions (verify*) by eth_estimateGas as a whole transaction
// and by debug_traceCall for their execution alone.
// Usage: npm run bench:gas, or npm run -s bench:gas -- --json for the rows as JSON.
import { createRequire } from "node:module";
import { network } from "hardhat";
import {
  type Abi,
  type Address,
  type Hex,
  concat,
  encodeFunctionData,
  hashTypedData,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  stringToHex,
  zeroHash,
} from "viem";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { getAttestTypedDataDomain } from "../../sdk/src/hashing/getAttestTypedDataDomain.js";
import { outputTypes } from "../../sdk/src/hashing/outputTypes.js";
import { keyAuthorizationTypes } from "../../sdk/src/signing/signKeyAuthorization.js";
import { type Row, printRows } from "./table.js";

const TX_GAS_CAP = 2 ** 24; // EIP-7825, enforced by Hardhat's default "osaka" chain
const URIS = {
  '""': "",
  "ipfs:// (66 chars)": "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  "https:// (100 chars)":
    "https://attest.example-lab.ai/batches/2026/11/26/batch-000123/manifest.json?sha256=6f1ed002ab5595859",
};
const COUNTS = [1, 1_000, 1_000_000];
const COMPARE_COUNTS = [1, 10, 100, 1_000, 1_000_000];
const EAS_COUNTS = [1, 10, 100];
const SIGNER = 2;
const ANCHORER = 3;

const { viem, provider } = await network.create();
const client = await viem.getPublicClient();
const testClient = await viem.getTestClient();
// Fixed times, so that signatures, hence calldata, hence gas, are the same on every run
const START = 2_000_000_000n;
const VERIFY_TIME = START + 3_600n;
const DEADLINE = START + 86_400n;
await testClient.setNextBlockTimestamp({ timestamp: START });
const wallets = await viem.getWalletClients();
if (wallets.length < 4) throw new Error("need 4 funded accounts");
type Wallet = (typeof wallets)[number];
const [publisher, signer, anchorer, spareKey] = wallets as [Wallet, Wallet, Wallet, Wallet];
const chainId = await client.getChainId();
const rows: Row[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Deterministic pseudo-random bytes32, so calldata (hence gas) is the same on every run. */
let seed = 0;
const rand = (): Hex => keccak256(stringToHex(`aiattest-bench-${seed++}`));

/** Waits for a transaction, fails the run unless it succeeded, and returns its receipt. */
async function mined(hash: Hex) {
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return receipt;
}

async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[] = []) {
  const receipt = await mined(await publisher.deployContract({ abi, bytecode, args }));
  if (!receipt.contractAddress) throw new Error("deployment has no address");
  return { address: receipt.contractAddress, gasUsed: Number(receipt.gasUsed) };
}

const latestTime = async () => (await client.getBlock()).timestamp;

// ---------------------------------------------------------------------------------------------- aiattest
const aiattest = await viem.sendDeploymentTransaction("AIAttest");
const attest: Address = aiattest.contract.address;
const deployGas = Number((await mined(aiattest.deploymentTransaction.hash)).gasUsed);
const domain = getAttestTypedDataDomain({ chainId, contract: attest });

async function registerModel(version: string) {
  const hash = await publisher.writeContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "registerModel",
    args: ["example-lab/chat", version, rand(), URIS["ipfs:// (66 chars)"], zeroHash],
  });
  const receipt = await mined(hash);
  const [event] = parseEventLogs({ abi: aiAttestAbi, eventName: "ModelRegistered", logs: receipt.logs });
  if (!event) throw new Error("no ModelRegistered event");
  return { modelId: event.args.modelId, gasUsed: Number(receipt.gasUsed) };
}

async function authorizeKey(key: Wallet, role: typeof SIGNER | typeof ANCHORER) {
  const nonce = await client.readContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "nonces",
    args: [key.account.address],
  });
  const deadline = DEADLINE;
  const signature = await key.signTypedData({
    domain,
    types: keyAuthorizationTypes,
    primaryType: "KeyAuthorization",
    message: { publisher: publisher.account.address, key: key.account.address, role, nonce, deadline },
  });
  const hash = await publisher.writeContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "authorizeKey",
    args: [key.account.address, role, deadline, signature],
  });
  return Number((await mined(hash)).gasUsed);
}

async function anchor(from: Wallet, root: Hex, count: number, uri: string) {
  const hash = await from.writeContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "anchor",
    args: [root, count, uri],
  });
  const receipt = await mined(hash);
  const [event] = parseEventLogs({ abi: aiAttestAbi, eventName: "BatchAnchored", logs: receipt.logs });
  if (event?.args.root !== root) throw new Error("no BatchAnchored event for the root");
  return Number(receipt.gasUsed);
}

const model1 = await registerModel("1.0");
const model2 = await registerModel("1.1");
const signerGas = await authorizeKey(signer, SIGNER);
const anchorerGas = await authorizeKey(anchorer, ANCHORER);
const spareGas = await authorizeKey(spareKey, SIGNER);
const revokeHash = await publisher.writeContract({
  address: attest,
  abi: aiAttestAbi,
  functionName: "revokeKey",
  args: [spareKey.account.address, await latestTime()],
});
const revokeGas = Number((await mined(revokeHash)).gasUsed);
const registry = "registry";
rows.push(
  { group: registry, operation: "deploy AIAttest", gasUsed: deployGas },
  {
    group: registry,
    operation: "registerModel",
    variant: "first model (also registers the publisher)",
    gasUsed: model1.gasUsed,
  },
  { group: registry, operation: "registerModel", variant: "second model, same publisher", gasUsed: model2.gasUsed },
  { group: registry, operation: "authorizeKey", variant: "signer key (EIP-712 consent)", gasUsed: signerGas },
  { group: registry, operation: "authorizeKey", variant: "anchorer key (EIP-712 consent)", gasUsed: anchorerGas },
  { group: registry, operation: "revokeKey", variant: "effectiveAt = latest block time", gasUsed: revokeGas },
);
if (spareGas !== signerGas) throw new Error(`authorizeKey costs differ between keys: ${signerGas} vs ${spareGas}`);

// anchor: the first batch of each sender, then every uri x count
const anchorGas = new Map<string, number>();
for (const [who, from] of [
  ["publisher", publisher],
  ["anchorer key", anchorer],
] as const) {
  const first = await anchor(from, rand(), 1, "");
  rows.push({
    group: "anchor",
    operation: `anchor by ${who}`,
    variant: 'first batch, uri "", count 1',
    gasUsed: first,
    items: 1,
  });
  for (const [uriName, uri] of Object.entries(URIS)) {
    for (const count of COUNTS) {
      const gasUsed = await anchor(from, rand(), count, uri);
      anchorGas.set(`${who}|${uriName}|${count}`, gasUsed);
      rows.push({
        group: "anchor",
        operation: `anchor by ${who}`,
        variant: `later batch, uri ${uriName}`,
        gasUsed,
        items: count,
      });
    }
  }
}

// verify: one real leaf under `depth` pseudo-random siblings, sorted-pair hashing up to the root
await testClient.setNextBlockTimestamp({ timestamp: VERIFY_TIME }); // after the signer's authorization
await testClient.mine({ blocks: 1 });
const output = {
  modelId: model1.modelId,
  requestHash: rand(),
  responseHash: rand(),
  timestamp: VERIFY_TIME,
};
const digest = hashTypedData({ domain, types: outputTypes, primaryType: "Output", message: output });
const leaf = keccak256(digest);
const onChainLeaf = await client.readContract({
  address: attest,
  abi: aiAttestAbi,
  functionName: "outputLeaf",
  args: [output],
});
if (onChainLeaf !== leaf) throw new Error("off-chain leaf differs from outputLeaf()");
const signature = await signer.signTypedData({ domain, types: outputTypes, primaryType: "Output", message: output });

/**
 * Gas of a view call sent as a transaction (estimateGas, equal to a sent transaction's receipt.gasUsed), and of
 * its execution alone (debug_traceCall), which is what a contract calling it pays on top of its CALL. Under Prague's
 * EIP-7623 a transaction pays at least 21,000 + 10 gas per calldata token, which proofs easily reach.
 */
async function viewGas(call: Parameters<typeof encodeFunctionData<typeof aiAttestAbi>>[0]) {
  const data = encodeFunctionData(call);
  const tx = Number(await client.estimateGas({ account: publisher.account, to: attest, data }));
  const trace = (await provider.request({
    method: "debug_traceCall",
    params: [{ from: publisher.account.address, to: attest, data }, "latest", {}],
  })) as { failed: boolean; structLogs: { gas: number; gasCost: number }[] };
  const [first, last] = [trace.structLogs[0], trace.structLogs.at(-1)];
  if (trace.failed || !first || !last) throw new Error(`${call.functionName} failed in debug_traceCall`);
  const bytes = Buffer.from(data.slice(2), "hex");
  const tokens = bytes.length + 3 * bytes.filter((b) => b !== 0).length;
  return { tx, execution: first.gas - last.gas + last.gasCost, floored: tx === 21_000 + 10 * tokens };
}

for (const depth of [10, 20]) {
  const proof = Array.from({ length: depth }, rand);
  const root = proof.reduce(
    (node, sibling) => keccak256(node < sibling ? concat([node, sibling]) : concat([sibling, node])),
    leaf,
  );
  await anchor(publisher, root, 2 ** depth, URIS["ipfs:// (66 chars)"]);
  const leaves = `depth ${depth} (${fmt(2 ** depth)}-leaf tree)`;
  const [valid] = await client.readContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "verifyOutput",
    args: [output, root, proof],
  });
  const [signedValid, , recovered] = await client.readContract({
    address: attest,
    abi: aiAttestAbi,
    functionName: "verifySignedOutput",
    args: [output, signature, root, proof],
  });
  if (!valid || !signedValid || !isAddressEqual(recovered, signer.account.address))
    throw new Error(`verification failed at ${leaves}`);
  const calls = [
    { abi: aiAttestAbi, functionName: "verifyOutput", args: [output, root, proof] },
    { abi: aiAttestAbi, functionName: "verifySignedOutput", args: [output, signature, root, proof] },
  ] as const;
  for (const call of calls) {
    const gas = await viewGas(call);
    const floor = gas.floored ? " = the EIP-7623 calldata floor" : "";
    rows.push(
      {
        group: "verify",
        operation: call.functionName,
        variant: `${leaves}, as a tx`,
        gasUsed: gas.tx,
        items: 1,
        method: `eth_estimateGas${floor}`,
      },
      {
        group: "verify",
        operation: call.functionName,
        variant: `${leaves}, execution only`,
        gasUsed: gas.execution,
        items: 1,
        method: "debug_traceCall (no 21,000 base, no calldata)",
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------- EAS peer
const easArtifacts = "@ethereum-attestation-service/eas-contracts/artifacts/contracts";
const require = createRequire(import.meta.url);
const schemaRegistryArtifact = require(`${easArtifacts}/SchemaRegistry.sol/SchemaRegistry.json`) as {
  abi: Abi;
  bytecode: Hex;
};
const easArtifact = require(`${easArtifacts}/EAS.sol/EAS.json`) as { abi: Abi; bytecode: Hex };
const schemaRegistry = await deploy(schemaRegistryArtifact.abi, schemaRegistryArtifact.bytecode);
const eas = await deploy(easArtifact.abi, easArtifact.bytecode, [schemaRegistry.address]);

async function easWrite(functionName: "timestamp" | "multiTimestamp", arg: Hex | Hex[]) {
  const hash = await publisher.writeContract({ address: eas.address, abi: easArtifact.abi, functionName, args: [arg] });
  const receipt = await mined(hash);
  const stamped = parseEventLogs({ abi: easArtifact.abi, eventName: "Timestamped", logs: receipt.logs });
  if (stamped.length !== (Array.isArray(arg) ? arg.length : 1))
    throw new Error(`EAS ${functionName}: wrong event count`);
  return Number(receipt.gasUsed);
}

const easSingle = await easWrite("timestamp", rand());
rows.push({ group: "EAS", operation: "timestamp(bytes32)", variant: "1 item", gasUsed: easSingle, items: 1 });
const easMulti = new Map<number, number>();
for (const n of EAS_COUNTS) {
  const gasUsed = await easWrite("multiTimestamp", Array.from({ length: n }, rand));
  easMulti.set(n, gasUsed);
  rows.push({ group: "EAS", operation: "multiTimestamp(bytes32[])", variant: `N = ${n}`, gasUsed, items: n });
}

// EAS is linear in N: gas(N) = base + N * perItem, fitted on the measured N = 1 and N = 100
const [nLow, nHigh] = [EAS_COUNTS[0]!, EAS_COUNTS.at(-1)!];
const perItem = (easMulti.get(nHigh)! - easMulti.get(nLow)!) / (nHigh - nLow);
const base = easMulti.get(nLow)! - nLow * perItem;
const easMax = Math.floor((TX_GAS_CAP - base) / perItem);
const easMaxGas = await easWrite("multiTimestamp", Array.from({ length: easMax }, rand)); // proves the fit
if (easMaxGas > TX_GAS_CAP) throw new Error("the fitted EAS maximum does not fit in one transaction");
const cap = `max items per tx (gas cap 2^24 = ${fmt(TX_GAS_CAP)})`;
rows.push(
  {
    group: "tx cap",
    operation: cap,
    variant: "EAS multiTimestamp",
    gasUsed: easMaxGas,
    items: easMax,
    method: `receipt; N = (cap - ${fmt(base)}) / ${fmt(perItem)} per item`,
  },
  {
    group: "tx cap",
    operation: cap,
    variant: "aiattest anchor",
    gasUsed: anchorGas.get("publisher|ipfs:// (66 chars)|1000000"),
    items: "unbounded",
    method: "O(1): one root per anchor, any tree size (count field is uint32)",
  },
);

// aiattest (one anchor of N) vs EAS multiTimestamp(N), gas per anchored item
for (const n of COMPARE_COUNTS) {
  const gasUsed = await anchor(publisher, rand(), n, URIS["ipfs:// (66 chars)"]);
  const txs = Math.ceil(n / easMax);
  const measured = easMulti.get(n);
  rows.push({
    group: "compare",
    operation: "anchor by publisher, uri ipfs://",
    variant: `N = ${fmt(n)}`,
    gasUsed,
    items: n,
    eas: {
      gasPerItem: (measured ?? txs * base + n * perItem) / n,
      source: measured ? "measured" : "extrapolated",
      txs: measured ? 1 : txs,
    },
  });
}

const notes = [
  "",
  "gas/item = gasUsed / items. anchor gas does not depend on the batch: the few-gas steps between rows are calldata",
  "(12 gas per non-zero byte of count or root, EIP-2028); the uri costs ~30 gas per byte (calldata + event data).",
  `EAS beyond N = ${nHigh} is extrapolated from the fit above, split into transactions under the 2^24 gas cap.`,
];
printRows(rows, process.argv.includes("--json"), notes);
