import type { Address } from "viem";
import { createReceipt } from "../../sdk/src/bundle/createReceipt.js";
import type { ProofBundle } from "../../sdk/src/bundle/ProofBundle.js";
import { hashOutput } from "../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../sdk/src/hashing/hashOutputLeaf.js";
import { createMerkleTree } from "../../sdk/src/merkle/createMerkleTree.js";
import { getLeafIndex } from "../../sdk/src/merkle/getLeafIndex.js";
import { getProof } from "../../sdk/src/merkle/getProof.js";
import { type AttestFixture, MODEL } from "../helpers/deployAttestFixture.js";

/** Signs `responses` with the lab's signer key: signed-only receipts, as the recorder returns them. */
export async function labReceipts(fixture: AttestFixture, responses: string[], options: { request?: string; contract?: Address } = {}) {
  const domain = { chainId: fixture.publicClient.chain.id, contract: options.contract ?? fixture.attest.address };
  const now = (await fixture.publicClient.getBlock()).timestamp;
  return Promise.all(
    responses.map((response, index) =>
      createReceipt({
        signer: fixture.labSigner,
        domain,
        publisher: fixture.addr.lab,
        model: { name: MODEL.name, version: MODEL.version },
        response,
        request: options.request,
        recordId: String(index + 1),
        timestamp: now,
      }),
    ),
  );
}

/** Anchors `receipts` as one batch from the lab's anchorer and returns them with their anchor attached. */
export async function anchorReceipts(fixture: AttestFixture, receipts: ProofBundle[]): Promise<ProofBundle[]> {
  const leaves = receipts.map((receipt) =>
    hashOutputLeaf(
      hashOutput({
        domain: { chainId: receipt.chainId, contract: receipt.contract },
        output: { ...receipt.output, timestamp: BigInt(receipt.output.timestamp) },
      }),
    ),
  );
  const tree = await createMerkleTree(leaves);
  const root = tree.root;
  const manifestUri = `https://lab.example/v1/batches/${root}`;
  const attest = await fixture.as(fixture.labAnchorer);
  const txHash = await attest.write.anchor([root, receipts.length, manifestUri]);
  const receipt = await fixture.publicClient.waitForTransactionReceipt({ hash: txHash });
  const block = await fixture.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return receipts.map((bundle, index) => ({
    ...bundle,
    anchor: {
      root,
      proof: getProof(tree, { leaf: leaves[index]! }),
      leafIndex: getLeafIndex(tree, { inputIndex: index }),
      anchorer: fixture.addr.labAnchorer,
      txHash,
      blockNumber: Number(receipt.blockNumber),
      anchoredAt: Number(block.timestamp),
      manifestUri,
    },
  }));
}
