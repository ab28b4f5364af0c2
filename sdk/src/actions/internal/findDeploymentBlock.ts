import type { Address, Client } from "viem";
import { getBlockNumber, getCode } from "viem/actions";

/**
 * The block in which `address` got its code: a binary search over `eth_getCode` at past blocks (about log2(head)
 * reads). An RPC that keeps no history (a pruned node refuses state at old blocks) gives 0: search from genesis.
 *
 * @example
 * const fromBlock = await findDeploymentBlock(client, contract)
 */
export async function findDeploymentBlock(client: Client, address: Address): Promise<bigint> {
  const hasCode = async (blockNumber: bigint) => ((await getCode(client, { address, blockNumber })) ?? "0x") !== "0x";
  try {
    let high = await getBlockNumber(client, { cacheTime: 0 });
    if (!(await hasCode(high))) return 0n;
    let low = 0n;
    while (low < high) {
      const middle = (low + high) / 2n;
      if (await hasCode(middle)) high = middle;
      else low = middle + 1n;
    }
    return low;
  } catch {
    return 0n;
  }
}
