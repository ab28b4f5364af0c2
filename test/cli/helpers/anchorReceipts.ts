import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Address, Hash } from "viem";
import type { AttestWalletClient } from "../../../sdk/src/actions/AttestWalletClient.js";
import { anchorBatch } from "../../../sdk/src/actions/anchorBatch.js";
import type { ProofBundle } from "../../../sdk/src/bundle/ProofBundle.js";
import { hashOutput } from "../../../sdk/src/hashing/hashOutput.js";
import { hashOutputLeaf } from "../../../sdk/src/hashing/hashOutputLeaf.js";

/** Anchors `receipts` as one batch with the `anchorBatch` action and returns them as full proof bundles. */
export async function anchorReceipts({
  anchorer,
  contract,
  receipts,
}: {
  anchorer: AttestWalletClient;
  contract: Address;
  receipts: ProofBundle[];
}): Promise<ProofBundle[]> {
  const leaves = receipts.map((receipt) =>
    hashOutputLeaf(hashOutput({ domain: { chainId: receipt.chainId, contract: receipt.contract }, output: { ...receipt.output, timestamp: BigInt(receipt.output.timestamp) } })),
  );
  const tree = SimpleMerkleTree.of(leaves);
  const root = tree.root as Hash;
  const manifestUri = `https://lab.example/v1/batches/${root}`;
  const anchored = await anchorBatch(anchorer, { contract, root, count: receipts.length, uri: manifestUri });
  return receipts.map((receipt, index) => ({
    ...receipt,
    anchor: {
      root,
      proof: tree.getProof(leaves[index] as Hash) as Hash[],
      leafIndex: tree.leafLookup(leaves[index] as Hash),
      anchorer: anchored.anchorer,
      txHash: anchored.txHash,
      blockNumber: Number(anchored.blockNumber),
      anchoredAt: Number(anchored.anchoredAt),
      manifestUri,
    },
  }));
}
