import { ChainReadError } from "../../errors/ChainReadError.js";

/**
 * Runs one chain read, turning any failure into a {@link ChainReadError} naming `action`.
 *
 * @example
 * const now = await readChain("getBlock", async () => (await getBlock(client)).timestamp)
 */
export async function readChain<value>(action: string, read: () => Promise<value>): Promise<value> {
  try {
    return await read();
  } catch (error) {
    throw new ChainReadError({ action, cause: error });
  }
}
