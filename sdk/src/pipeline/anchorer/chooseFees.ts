import { type Client, parseTransaction, type TransactionSerialized } from "viem";
import { estimateFeesPerGas, getBlock, getGasPrice } from "viem/actions";

/** EIP-1559 fees, or a gas price on a chain whose blocks have no base fee. */
export type AnchorFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint };

export type ChooseFeesReturnType =
  | { fees: AnchorFees; blockNumber: number }
  /** The cap is below what the next block needs (its base fee and the tip), or below a replacement's minimum bump. */
  | { capped: { needed: bigint; cap: bigint }; blockNumber: number }
  /** A replacement would not help: the pending transaction already offers what the node estimates. */
  | { adequate: true; blockNumber: number };

/** Nodes accept a replacement (same nonce) only with both fees raised by at least 10 %: we raise them by 12.5 %. */
const bump = (fee: bigint) => (fee * 1125n) / 1000n + 1n;

/**
 * Fees for an anchor transaction: the node's estimate (EIP-1559, or a gas price where blocks have no base fee);
 * for a replacement of `replacing` (a signed transaction), at least its fees raised by 12.5 %, and only when it
 * offers less than the estimate (`adequate` otherwise: raising fees cannot help a transaction held up by something
 * else, and would compound); never above `cap` (the lab's maximum fee per gas). When the cap leaves too little
 * (below the latest base fee plus the tip, or below a replacement's bump), it says so instead: the anchor waits for
 * cheaper blocks, it never overpays.
 *
 * @example
 * const choice = await chooseFees(client, { cap: parseGwei("30") })
 */
export async function chooseFees(client: Client, { cap, replacing }: { cap?: bigint | undefined; replacing?: `0x${string}` | undefined }): Promise<ChooseFeesReturnType> {
  const block = await getBlock(client, { blockTag: "latest" });
  const blockNumber = Number(block.number);
  const previous = replacing ? parseTransaction(replacing as TransactionSerialized) : undefined;
  if (block.baseFeePerGas === null || block.baseFeePerGas === undefined) {
    let gasPrice = await getGasPrice(client);
    const offered = previous ? (previous.gasPrice ?? previous.maxFeePerGas ?? 0n) : undefined;
    if (offered !== undefined && offered >= gasPrice) return { adequate: true, blockNumber };
    if (offered !== undefined) gasPrice = max(gasPrice, bump(offered));
    if (cap !== undefined && gasPrice > cap) return { capped: { needed: gasPrice, cap }, blockNumber };
    return { fees: { gasPrice }, blockNumber };
  }
  const estimate = await estimateFeesPerGas(client);
  let { maxFeePerGas, maxPriorityFeePerGas } = estimate;
  // the least a replacement may offer
  let minimum = 0n;
  if (previous) {
    const offeredFee = previous.maxFeePerGas ?? previous.gasPrice ?? 0n;
    const offeredTip = previous.maxPriorityFeePerGas ?? previous.gasPrice ?? 0n;
    if (offeredFee >= maxFeePerGas && offeredTip >= maxPriorityFeePerGas) return { adequate: true, blockNumber };
    minimum = bump(offeredFee);
    maxFeePerGas = max(maxFeePerGas, minimum);
    maxPriorityFeePerGas = max(maxPriorityFeePerGas, bump(offeredTip));
  }
  if (cap === undefined) return { fees: { maxFeePerGas, maxPriorityFeePerGas }, blockNumber };
  // what a transaction must offer to be mined in the next block at all, or to replace the previous one
  const needed = max(block.baseFeePerGas + maxPriorityFeePerGas, minimum);
  if (needed > cap) return { capped: { needed, cap }, blockNumber };
  if (maxFeePerGas > cap) maxFeePerGas = cap;
  if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
  return { fees: { maxFeePerGas, maxPriorityFeePerGas }, blockNumber };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
