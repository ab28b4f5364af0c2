import { type Client, parseTransaction, type TransactionSerialized } from "viem";
import { estimateFeesPerGas, getBlock } from "viem/actions";

export type AnchorFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export type ChooseFeesReturnType =
  | { fees: AnchorFees; blockNumber: number }
  /** The cap is below what the next block needs (its base fee and the tip), or below a replacement's minimum bump. */
  | { capped: { needed: bigint; cap: bigint }; blockNumber: number };

/** Nodes accept a replacement (same nonce) only with both fees raised by at least 10 %: we raise them by 12.5 %. */
const bump = (fee: bigint) => (fee * 1125n) / 1000n + 1n;

/**
 * EIP-1559 fees for an anchor transaction: the node's estimate; for a replacement of `replacing` (a signed
 * transaction), at least its fees raised by 12.5 %; never above `cap` (the lab's maximum fee per gas). When the
 * cap leaves too little (below the latest base fee plus the tip, or below a replacement's bump), it says so
 * instead: the anchor waits for cheaper blocks, it never overpays.
 *
 * @example
 * const choice = await chooseFees(client, { cap: parseGwei("30") })
 */
export async function chooseFees(client: Client, { cap, replacing }: { cap?: bigint | undefined; replacing?: `0x${string}` | undefined }): Promise<ChooseFeesReturnType> {
  const [block, estimate] = await Promise.all([getBlock(client, { blockTag: "latest" }), estimateFeesPerGas(client)]);
  let { maxFeePerGas, maxPriorityFeePerGas } = estimate;
  // the least a replacement may offer
  let minimum = 0n;
  if (replacing) {
    const previous = parseTransaction(replacing as TransactionSerialized);
    minimum = bump(previous.maxFeePerGas ?? previous.gasPrice ?? 0n);
    maxFeePerGas = max(maxFeePerGas, minimum);
    maxPriorityFeePerGas = max(maxPriorityFeePerGas, bump(previous.maxPriorityFeePerGas ?? 0n));
  }
  const blockNumber = Number(block.number);
  if (cap === undefined) return { fees: { maxFeePerGas, maxPriorityFeePerGas }, blockNumber };
  // what a transaction must offer to be mined in the next block at all, or to replace the previous one
  const needed = max((block.baseFeePerGas ?? 0n) + maxPriorityFeePerGas, minimum);
  if (needed > cap) return { capped: { needed, cap }, blockNumber };
  if (maxFeePerGas > cap) maxFeePerGas = cap;
  if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
  return { fees: { maxFeePerGas, maxPriorityFeePerGas }, blockNumber };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
