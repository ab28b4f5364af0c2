import { createPublicClient, custom, encodeErrorResult, getAbiItem, getAddress, http, keccak256, toFunctionSelector, toHex, type Hex } from "viem";
import { aiAttestAbi } from "../../sdk/src/abi/aiAttestAbi.js";
import { privateKeyToAccount } from "viem/accounts";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { describe, expect, test } from "vitest";
import { ChainReadError } from "../../sdk/src/errors/ChainReadError.js";
import { InvalidArgumentError } from "../../sdk/src/errors/InvalidArgumentError.js";
import { deterministicDeploymentProxy } from "../../sdk/src/deployment/deterministicDeploymentProxy.js";
import { secp256k1HalfOrder } from "../../sdk/src/signing/recoverOutputSigner.js";
import { verifyOutput } from "../../sdk/src/verify/verifyOutput.js";
import { MODEL, deployAttestFixture } from "../helpers/deployAttestFixture.js";
import { loadFixture } from "../helpers/loadFixture.js";
import { anchorReceipts, labReceipts } from "./anchoredBundles.js";

const responses = ["Paris.", "", "naïve café — 東京 🚀👩‍👩‍👧", "yes", "The answer is 42.\n"];

async function anchored() {
  const fixture = await loadFixture(deployAttestFixture);
  const bundles = await anchorReceipts(fixture, await labReceipts(fixture, responses));
  return { fixture, bundles };
}

function failedReasons(result: Awaited<ReturnType<typeof verifyOutput>>) {
  return result.checks.filter((check) => check.outcome === "fail").map((check) => `${check.name}:${check.reason}`);
}

describe("verifyOutput online", () => {
  test("an honest anchored bundle is valid, with every check passed in order", async () => {
    const { fixture, bundles } = await anchored();
    for (const [index, bundle] of bundles.entries()) {
      const result = await verifyOutput({ bundle, response: responses[index] as string, client: fixture.publicClient });
      expect(failedReasons(result)).toEqual([]);
      expect(result).toMatchObject({ valid: true, reason: null, mode: "online", status: "anchored", signer: fixture.addr.labSigner });
      expect(result.unchecked).toEqual(["request", "anchorDelay"]);
      expect(result.checks.map((check) => check.name)).toEqual([
        "bundle", "contract", "content", "request", "signature", "modelId", "merkleProof", "chain", "model", "retirement",
        "signerWindow", "batch", "anchorerWindow", "timeOrder", "confirmations", "onchain", "anchorDelay",
      ]);
    }
  });

  test("every check's outcome, online: an anchored bundle passes all but the skipped request and delay; a receipt skips the anchor checks", async () => {
    const { fixture, bundles } = await anchored();
    const outcomes = (result: Awaited<ReturnType<typeof verifyOutput>>) => Object.fromEntries(result.checks.map((check) => [check.name, check.outcome]));
    const pass = ["bundle", "contract", "content", "signature", "modelId", "merkleProof", "chain", "model", "retirement", "signerWindow", "batch", "anchorerWindow", "timeOrder", "confirmations", "onchain"];
    const full = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient, maxAnchorDelay: 3600 });
    expect(outcomes(full)).toEqual({ ...Object.fromEntries(pass.map((name) => [name, "pass"])), request: "skip", anchorDelay: "pass" });
    expect(full.readAt).toMatchObject({ chainId: 31337, blockNumber: expect.any(Number), blockHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    const [receipt] = await labReceipts(fixture, ["pending"]);
    const signedOnly = await verifyOutput({ bundle: receipt, response: "pending", client: fixture.publicClient, maxAnchorDelay: 3600 });
    const skipped = ["request", "merkleProof", "batch", "anchorerWindow", "confirmations", "onchain"];
    expect(outcomes(signedOnly)).toEqual({ ...Object.fromEntries(pass.map((name) => [name, "pass"])), ...Object.fromEntries(skipped.map((name) => [name, "skip"])), anchorDelay: "pass" });
    expect(signedOnly.checks.filter((check) => skipped.slice(2).includes(check.name)).map((check) => check.message)).toEqual(skipped.slice(2).map(() => "Signed-only receipt: not anchored yet."));
  });

  test("a one-character change of the response is a content mismatch", async () => {
    const { fixture, bundles } = await anchored();
    const result = await verifyOutput({ bundle: bundles[0], response: "Paris!", client: fixture.publicClient });
    expect(result.valid).toBe(false);
    expect(result.reason).toBe("content-mismatch");
    expect(failedReasons(result)).toEqual(["content:content-mismatch"]);
  });

  test("a bundle read through an RPC of another chain fails with wrong-chain", async () => {
    const { fixture, bundles } = await anchored();
    const bundle = { ...bundles[0]!, chainId: 1 };
    const result = await verifyOutput({ bundle, response: responses[0]!, client: fixture.publicClient });
    // the signature was made for chain 31337, so it no longer recovers to the signer: the first failure decides,
    // and no chain check is made (its advice to use an RPC of chain 1 would mislead)
    expect(failedReasons(result)).toEqual(["signature:bad-signature"]);
    expect(result.reason).toBe("bad-signature");
    expect(result.unchecked).toContain("chain");
    expect(result.checks.find((check) => check.name === "chain")).toEqual({ name: "chain", outcome: "skip", message: "Not made: the signature check failed." });
    expect(result.readAt).toBeNull();
  });

  test("a bundle naming a contract this chain does not have is a verdict, not a transport error", async () => {
    const { fixture, bundles } = await anchored();
    const bundle = { ...bundles[0]!, contract: "0x000000000000000000000000000000000000dEaD" as const };
    const result = await verifyOutput({ bundle, response: responses[0]!, client: fixture.publicClient });
    expect(failedReasons(result)).toEqual(["contract:untrusted-contract"]);
    // trusted explicitly, it still has to hold AIAttest's code: the signature (over this domain) fails first, so
    // re-sign for the dead address to reach the chain check
    const [dead] = await labReceipts(fixture, ["Paris."], { contract: bundle.contract });
    const trusted = await verifyOutput({ bundle: dead, response: "Paris.", client: fixture.publicClient, trustedContracts: [bundle.contract] });
    expect(failedReasons(trusted)).toEqual(["chain:unknown-contract"]);
    expect(trusted.checks.find((check) => check.name === "chain")?.message).toContain("There is no contract at");
    // a contract that is not AIAttest: an ERC-1271 wallet mock has code, but not AIAttest's
    const other = getAddress((await fixture.viem.deployContract("ERC1271WalletMock", [fixture.addr.outsider])).address);
    const [foreignReceipt] = await labReceipts(fixture, ["Paris."], { contract: other });
    const foreign = await verifyOutput({ bundle: foreignReceipt, response: "Paris.", client: fixture.publicClient, trustedContracts: [other] });
    expect(failedReasons(foreign)).toEqual(["chain:unknown-contract"]);
    expect(foreign.checks.find((check) => check.name === "chain")?.message).toContain("whose code is not AIAttest's");
  });

  test("an impostor contract that answers every view like AIAttest cannot vouch for a forged output", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const impostor = await fixture.viem.deployContract("ImpostorAttest", [fixture.addr.lab]);
    const contract = getAddress(impostor.address);
    const forged = await createReceipt({
      signer: privateKeyToAccount(keccak256(toHex("attacker"))),
      domain: { chainId: fixture.publicClient.chain.id, contract },
      publisher: fixture.addr.lab,
      model: { name: MODEL.name, version: MODEL.version },
      response: "The lab said this.",
      recordId: "1",
    });
    const root = hashOutputLeaf(hashOutput({ domain: { chainId: forged.chainId, contract }, output: { ...forged.output, timestamp: BigInt(forged.output.timestamp) } }));
    const txHash = await impostor.write.anchor([root]);
    const mined = await fixture.publicClient.waitForTransactionReceipt({ hash: txHash });
    const block = await fixture.publicClient.getBlock({ blockNumber: mined.blockNumber });
    const bundle = {
      ...forged,
      anchor: { root, proof: [], leafIndex: 0, anchorer: fixture.addr.lab, txHash, blockNumber: Number(mined.blockNumber), anchoredAt: Number(block.timestamp), manifestUri: "x" },
    };
    const result = await verifyOutput({ bundle, response: "The lab said this.", client: fixture.publicClient });
    expect(result.valid).toBe(false);
    expect(failedReasons(result)).toEqual(["contract:untrusted-contract"]);
    // even trusted by mistake, its code is not AIAttest's (the second line of defence)
    const trusted = await verifyOutput({ bundle, response: "The lab said this.", client: fixture.publicClient, trustedContracts: [contract] });
    expect(failedReasons(trusted)).toEqual(["chain:unknown-contract"]);
  });

  test("on a chain whose proxy address holds other code, the canonical address proves nothing: untrusted-contract", async () => {
    const { fixture, bundles } = await anchored();
    expect((await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient })).valid).toBe(true);
    await fixture.testClient.setCode({ address: deterministicDeploymentProxy.address, bytecode: "0x6001600055" });
    const result = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient });
    expect(failedReasons(result)).toEqual(["chain:untrusted-contract"]);
    expect(result.checks.find((check) => check.name === "chain")?.message).toContain("no deterministic deployment proxy");
    // trusting the canonical address by name (what `aiattest deploy` suggests) does not switch the proxy check off
    const trusted = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient, trustedContracts: [fixture.attest.address] });
    expect(failedReasons(trusted)).toEqual(["chain:untrusted-contract"]);
  });

  test("a reorged anchor is not anchored", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const receipts = await labReceipts(fixture, responses);
    const snapshot = await fixture.testClient.snapshot();
    const bundles = await anchorReceipts(fixture, receipts);
    await fixture.testClient.revert({ id: snapshot });
    const result = await verifyOutput({ bundle: bundles[1], response: responses[1]!, client: fixture.publicClient });
    expect(failedReasons(result)).toEqual(["batch:not-anchored"]);
    expect(result.unchecked).toEqual(["request", "anchorerWindow", "timeOrder", "confirmations", "onchain", "anchorDelay"]);
  });

  test("too few confirmations fail until more blocks are mined", async () => {
    const { fixture, bundles } = await anchored();
    const early = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient, minConfirmations: 3 });
    expect(failedReasons(early)).toEqual(["confirmations:insufficient-confirmations"]);
    await fixture.testClient.mine({ blocks: 2 });
    const later = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient, minConfirmations: 3 });
    expect(later.valid).toBe(true);
  });

  test("revoking the anchorer with a past effective time voids its batches", async () => {
    const { fixture, bundles } = await anchored();
    const lab = await fixture.as(fixture.lab);
    await lab.write.revokeKey([fixture.addr.labAnchorer, BigInt(fixture.setUpAt)]);
    const result = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: fixture.publicClient });
    expect(failedReasons(result)).toEqual(["anchorerWindow:anchorer-not-authorized"]);
  });

  test("a stolen signer key revoked in the past cannot get a backdated receipt accepted", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const [receipt] = await labReceipts(fixture, ["forged answer"]);
    const lab = await fixture.as(fixture.lab);
    await lab.write.revokeKey([fixture.addr.labSigner, BigInt(receipt!.output.timestamp) + 1n]);
    const result = await verifyOutput({ bundle: receipt, response: "forged answer", client: fixture.publicClient });
    expect(result.status).toBe("signed-only");
    expect(failedReasons(result)).toEqual(["signerWindow:signer-revoked"]);
  });

  test("a retired model's outputs claimed after retirement are invalid", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const lab = await fixture.as(fixture.lab);
    await lab.write.retireModel([fixture.labModelId]);
    await fixture.testClient.increaseTime({ seconds: 10 });
    await fixture.testClient.mine({ blocks: 1 });
    const [receipt] = await labReceipts(fixture, ["after retirement"]);
    const result = await verifyOutput({ bundle: receipt, response: "after retirement", client: fixture.publicClient });
    expect(failedReasons(result)).toEqual(["retirement:model-retired"]);
  });

  test("a receipt never anchored within the promised delay is flagged overdue", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const [receipt] = await labReceipts(fixture, ["pending"]);
    const fresh = await verifyOutput({ bundle: receipt, response: "pending", client: fixture.publicClient, maxAnchorDelay: 600 });
    expect(fresh.valid).toBe(true);
    await fixture.testClient.increaseTime({ seconds: 601 });
    await fixture.testClient.mine({ blocks: 1 });
    const stale = await verifyOutput({ bundle: receipt, response: "pending", client: fixture.publicClient, maxAnchorDelay: 600 });
    expect(failedReasons(stale)).toEqual(["anchorDelay:anchor-overdue"]);
  });

  test("a post-dated receipt fails timeOrder; an anchor long after the claimed time fails the promised delay", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const domain = { chainId: fixture.publicClient.chain.id, contract: fixture.attest.address };
    const future = await createReceipt({ signer: fixture.labSigner, domain, publisher: fixture.addr.lab, model: MODEL, response: "later", recordId: "9", timestamp: BigInt(fixture.setUpAt) + 3_600n });
    const postDated = await verifyOutput({ bundle: future, response: "later", client: fixture.publicClient, maxAnchorDelay: 600 });
    expect(failedReasons(postDated)).toEqual(["timeOrder:timestamp-in-future"]);

    const [old] = await labReceipts(fixture, ["old news"]);
    await fixture.testClient.increaseTime({ seconds: 7_200 });
    await fixture.testClient.mine({ blocks: 1 });
    const [bundle] = await anchorReceipts(fixture, [old!]);
    expect((await verifyOutput({ bundle, response: "old news", client: fixture.publicClient })).valid).toBe(true);
    const late = await verifyOutput({ bundle, response: "old news", client: fixture.publicClient, maxAnchorDelay: 600 });
    expect(failedReasons(late)).toEqual(["anchorDelay:anchor-overdue"]);
  });

  test("a bundle whose block number or manifest URI disagrees with the anchoring transaction is an anchor mismatch", async () => {
    const { fixture, bundles } = await anchored();
    const bundle = bundles[0]!;
    for (const anchor of [{ ...bundle.anchor!, blockNumber: 1 }, { ...bundle.anchor!, manifestUri: "https://elsewhere.example/x.json" }]) {
      const result = await verifyOutput({ bundle: { ...bundle, anchor }, response: responses[0]!, client: fixture.publicClient });
      expect(failedReasons(result)).toEqual(["confirmations:anchor-mismatch"]);
    }
  });

  test("options that are not whole numbers are a caller mistake", async () => {
    const { bundles } = await anchored();
    await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, minConfirmations: 1.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  test("a dead RPC throws ChainReadError instead of returning a verdict", async () => {
    const { bundles } = await anchored();
    const client = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0, timeout: 2_000 }) });
    await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, client })).rejects.toBeInstanceOf(ChainReadError);
  });
});

describe("verifyOutput with several RPCs", () => {
  /** A client whose RPC says no batch was ever anchored (`getBatch` answers zeros), as a lying or stale RPC would. */
  function lyingClient(fixture: Awaited<ReturnType<typeof anchored>>["fixture"]) {
    const getBatchSelector = toFunctionSelector(getAbiItem({ abi: aiAttestAbi, name: "getBatch" }));
    return createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          const [call] = (args.params ?? []) as [{ data?: Hex; input?: Hex }?];
          if (args.method === "eth_call" && (call?.data ?? call?.input)?.startsWith(getBatchSelector)) return `0x${"00".repeat(96)}`;
          return fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0]);
        },
      }),
    });
  }

  test("one lying RPC among three cannot decide: a quorum of two is valid and names the dissenter; all three required is rpc-disagreement", async () => {
    const { fixture, bundles } = await anchored();
    const clients = [fixture.publicClient, fixture.publicClient, lyingClient(fixture)];
    const head = await fixture.publicClient.getBlock();

    const two = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: clients, quorum: 2 });
    expect(two).toMatchObject({ valid: true, reason: null, readAt: { blockNumber: Number(head.number), blockHash: head.hash } });
    expect(two.rpcs).toEqual([
      { rpc: 0, valid: true, reason: null, blockHash: head.hash },
      { rpc: 1, valid: true, reason: null, blockHash: head.hash },
      { rpc: 2, valid: false, reason: "not-anchored", blockHash: head.hash },
    ]);

    const all = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: clients });
    expect(all).toMatchObject({ valid: false, reason: "rpc-disagreement", readAt: null });
    expect(failedReasons(all)).toEqual(["chain:rpc-disagreement"]);
    expect(all.checks.find((check) => check.name === "chain")!.message).toBe(
      `The RPCs disagree at block ${head.number}: no 3 of the 3 give the same verdict (RPC 1 valid at block hash ${head.hash}; RPC 2 valid at block hash ${head.hash}; RPC 3 invalid (not-anchored) at block hash ${head.hash}). The verdict is unknown, not negative.`,
    );
    expect(all.unchecked).toEqual(["request", "model", "retirement", "signerWindow", "batch", "anchorerWindow", "timeOrder", "confirmations", "onchain", "anchorDelay"]);
    // the lying RPC alone would have given a negative verdict
    expect(await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: lyingClient(fixture) })).toMatchObject({ valid: false, reason: "not-anchored" });
  });

  test("the RPCs are read at one block: the quorum-th highest head (here, with all required, the lower of two a block apart)", async () => {
    const { fixture, bundles } = await anchored();
    const pinned = await fixture.publicClient.getBlock();
    // an RPC that lags a block behind: its head is the one every RPC is read at
    const lagging = createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => (args.method === "eth_blockNumber" ? toHex(pinned.number) : fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0])),
      }),
    });
    await fixture.testClient.mine({ blocks: 1 });
    const result = await verifyOutput({ bundle: bundles[1], response: responses[1]!, client: [fixture.publicClient, lagging] });
    expect(result).toMatchObject({ valid: true, readAt: { blockNumber: Number(pinned.number), blockHash: pinned.hash } });
  });

  /** Forwards everything honestly, except that its head is `head` (a lagging node, or a liar choosing the pin). */
  function headLiar(fixture: Awaited<ReturnType<typeof anchored>>["fixture"], head: bigint) {
    return createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) =>
          args.method === "eth_blockNumber" ? toHex(head) : fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0]),
      }),
    });
  }

  test("an RPC reporting an old head cannot drag the verdict into the past: a bundle voided since stays invalid (quorum 2), or is unknown (all required)", async () => {
    const { fixture, bundles } = await anchored();
    const beforeRevocation = await fixture.publicClient.getBlockNumber();
    // the anchorer revoked back to before the anchor: its batches are void
    await (await fixture.as(fixture.lab)).write.revokeKey([fixture.addr.labAnchorer, BigInt(fixture.setUpAt)]);
    await fixture.testClient.mine({ blocks: 10 });
    const liar = headLiar(fixture, beforeRevocation);
    const clients = [fixture.publicClient, fixture.publicClient, liar];
    const two = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: clients, quorum: 2 });
    expect(failedReasons(two)).toEqual(["anchorerWindow:anchorer-not-authorized"]);
    expect(two.readAt?.blockNumber).toBe(Number(await fixture.publicClient.getBlockNumber()));
    expect(two.rpcs![2]).toEqual({ rpc: 2, valid: null, reason: null, blockHash: null });
    await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, client: clients })).rejects.toBeInstanceOf(ChainReadError);
  });

  test("a common block below the bundle's anchor block is unknown, not not-anchored; a liar's odd answers make it not answer, never an exception", async () => {
    const { fixture, bundles } = await anchored();
    const anchorBlock = BigInt(bundles[0]!.anchor!.blockNumber);
    await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, client: [fixture.publicClient, headLiar(fixture, anchorBlock - 1n)] })).rejects.toBeInstanceOf(ChainReadError);
    // a liar answering getModel with a revert no AIAttest gives there
    const getModelSelector = toFunctionSelector(getAbiItem({ abi: aiAttestAbi, name: "getModel" }));
    const revert = encodeErrorResult({ abi: aiAttestAbi, errorName: "ModelRegistryNotModelPublisher", args: [bundles[0]!.output.modelId, fixture.addr.lab] });
    const liar = createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          const [call] = (args.params ?? []) as [{ data?: Hex; input?: Hex }?];
          if (args.method === "eth_call" && (call?.data ?? call?.input)?.startsWith(getModelSelector)) throw Object.assign(new Error("execution reverted"), { code: 3, data: revert });
          return fixture.publicClient.request(args as Parameters<typeof fixture.publicClient.request>[0]);
        },
      }),
    });
    const result = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: [fixture.publicClient, fixture.publicClient, liar], quorum: 2 });
    expect(result).toMatchObject({ valid: true, rpcs: [{ valid: true }, { valid: true }, { rpc: 2, valid: null }] });
  });

  test("too few reachable RPCs for the quorum is a ChainReadError; a quorum outside 1..clients is a caller mistake", async () => {
    const { fixture, bundles } = await anchored();
    const dead = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0, timeout: 2_000 }) });
    await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, client: [fixture.publicClient, dead] })).rejects.toBeInstanceOf(ChainReadError);
    const one = await verifyOutput({ bundle: bundles[0], response: responses[0]!, client: [fixture.publicClient, dead], quorum: 1 });
    expect(one).toMatchObject({ valid: true, rpcs: [{ rpc: 0, valid: true }, { rpc: 1, valid: null, reason: null, blockHash: null }] });
    for (const quorum of [0, 3, 1.5]) {
      await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, client: [fixture.publicClient, dead], quorum })).rejects.toThrow(
        `Invalid quorum: expected a whole number from 1 to the number of clients (2), received ${quorum}`,
      );
    }
  });
});

describe("verifyOutput offline", () => {
  test("an honest bundle passes every offline check and lists the ones it could not make", async () => {
    const { bundles } = await anchored();
    const result = await verifyOutput({ bundle: bundles[2], response: responses[2]! });
    expect(result).toMatchObject({ valid: true, mode: "offline", status: "anchored" });
    expect(result.unchecked).toEqual([
      "request", "chain", "model", "retirement", "signerWindow", "batch", "anchorerWindow", "timeOrder",
      "confirmations", "onchain", "anchorDelay",
    ]);
  });

  test("a committed request is checked when given", async () => {
    const fixture = await loadFixture(deployAttestFixture);
    const [receipt] = await labReceipts(fixture, ["4"], { request: "2+2?" });
    expect((await verifyOutput({ bundle: receipt, response: "4", request: "2+2?" })).valid).toBe(true);
    const wrong = await verifyOutput({ bundle: receipt, response: "4", request: "2+3?" });
    expect(wrong.reason).toBe("request-mismatch");
  });

  test("an altered proof is proof-invalid", async () => {
    const { bundles } = await anchored();
    const bundle = bundles[0]!;
    const proof = [...bundle.anchor!.proof].reverse();
    const result = await verifyOutput({ bundle: { ...bundle, anchor: { ...bundle.anchor!, proof } }, response: responses[0]! });
    expect(result.reason).toBe("proof-invalid");
  });

  test("a high-s twin of a valid signature is refused as malleable", async () => {
    const { bundles } = await anchored();
    const bundle = bundles[0]!;
    const r = bundle.signature.slice(2, 66);
    const s = BigInt(`0x${bundle.signature.slice(66, 130)}`);
    const v = Number.parseInt(bundle.signature.slice(130), 16);
    const twin = `0x${r}${(secp256k1HalfOrder * 2n + 1n - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    const result = await verifyOutput({ bundle: { ...bundle, signature: twin }, response: responses[0]! });
    expect(result.reason).toBe("malleable-signature");
  });

  test("a caller's object that cannot be read is a malformed bundle, not an exception; trusted contracts must be addresses", async () => {
    const { bundles } = await anchored();
    const hostile = { ...bundles[0]!, get signature(): string { throw new Error("boom"); } };
    const result = await verifyOutput({ bundle: hostile, response: responses[0]!, trustedContracts: [bundles[0]!.contract] });
    expect(result).toMatchObject({ valid: false, reason: "malformed-bundle", issues: [{ path: "", message: "a value that cannot be read" }] });
    for (const trustedContracts of [[null], ["0x1234"], "0x5FbDB2315678afecb367f032d93F642f64180aa3"]) {
      await expect(verifyOutput({ bundle: bundles[0], response: responses[0]!, trustedContracts } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });

  test("a malformed bundle names every bad field and never throws", async () => {
    const { bundles } = await anchored();
    const broken = JSON.parse(JSON.stringify(bundles[0]));
    broken.format = "aiattest-bundle-v0";
    broken.output.timestamp = -1;
    broken.anchor.proof[0] = "0x1234";
    delete broken.signer;
    broken.extra = true;
    const result = await verifyOutput({ bundle: broken, response: responses[0]! });
    expect(result.valid).toBe(false);
    expect(result.reason).toBe("malformed-bundle");
    expect(result.issues).toEqual([
      { path: "format", message: 'must be "aiattest-bundle-v1"' },
      { path: "output.timestamp", message: "must not be negative" },
      { path: "signer", message: "must be a 0x-address string" },
      { path: "anchor.proof[0]", message: "must be 32 bytes of 0x-hex (66 characters)" },
      { path: "", message: "unknown field: extra" },
    ]);
    expect((await verifyOutput({ bundle: "{not json", response: "" })).issues?.[0]?.message).toMatch(/^not valid JSON/);
  });
});
