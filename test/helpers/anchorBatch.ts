import type { PublicClient } from "@nomicfoundation/hardhat-viem/types";
import type { Batch } from "./buildBatch.js";
import type { AIAttest } from "./deployAttestFixture.js";
import { receiptOf, type DecodedEvent } from "./receiptOf.js";

/** Anchors `batch` from the account `attest` is connected as; returns the block time and the events. */
export async function anchorBatch(parameters: {
  attest: AIAttest;
  publicClient: PublicClient;
  batch: Pick<Batch, "root" | "outputs">;
  uri?: string;
}): Promise<{ anchoredAt: bigint; events: DecodedEvent[] }> {
  const { attest, publicClient, batch, uri = "ipfs://manifest" } = parameters;
  const hash = await attest.write.anchor([batch.root, batch.outputs.length, uri]);
  const { timestamp, events } = await receiptOf(publicClient, hash);
  return { anchoredAt: timestamp, events };
}
