import { type Address, type Client, type Hash, isAddressEqual } from "viem";
import { getChainId } from "viem/actions";
import { getChainTime } from "../actions/getChainTime.js";
import { getKey } from "../actions/getKey.js";
import { getModel } from "../actions/getModel.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import type { CachedKeyFacts, CachedModelFacts, StoreDeployment } from "../store/Store.js";
import { formatUnixTime } from "../time/formatUnixTime.js";

export type ReadChainFactsParameters = {
  client: Client;
  deployment: StoreDeployment;
  signer: Address;
  /** Models whose retirement to read again (each must be registered by the deployment's publisher). */
  modelIds: readonly Hash[];
  clock: () => number;
  maxClockSkew: number;
};

export type ChainFacts = {
  key: CachedKeyFacts;
  models: CachedModelFacts[];
  /**
   * Why the recorder must not sign whatever its key and models say: the RPC serves another chain, or this machine's
   * clock runs more than `maxClockSkew` ahead of the chain's. Undefined when neither.
   */
  refusal: InvalidArgumentError | undefined;
  /** The latest block's time when the facts were read (a key's window and a model's retirement are in chain time). */
  chainTime: bigint;
};

/**
 * Everything the recorder checks before it signs, read from the chain in one go: the chain's id and time (against
 * the deployment's and this machine's clock), the signer key's window and each model's retirement, each stamped
 * with this machine's time of reading. Each model is read on its own: one that cannot be read, or is not the
 * publisher's, is left out of `models` (its cached facts stay) and never fails the read of the key.
 *
 * @throws {ChainReadError} when the chain's id, time or the signer key cannot be read.
 * @example
 * const { key, models, refusal } = await readChainFacts({ client, deployment, signer, modelIds: [], clock, maxClockSkew: 60 })
 */
export async function readChainFacts({ client, deployment, signer, modelIds, clock, maxClockSkew }: ReadChainFactsParameters): Promise<ChainFacts> {
  const [chainId, chainTime, key, models] = await Promise.all([
    getChainId(client).catch((error: unknown) => {
      throw new ChainReadError({ action: "eth_chainId", cause: error });
    }),
    getChainTime(client),
    getKey(client, { contract: deployment.contract, key: signer }),
    Promise.allSettled(modelIds.map((modelId) => getModel(client, { contract: deployment.contract, modelId }).then((model) => ({ modelId, model })))),
  ]);
  const readAt = clock();
  const modelFacts = models.flatMap((settled) => {
    if (settled.status === "rejected") return [];
    const { modelId, model } = settled.value;
    if (!model || !isAddressEqual(model.publisher, deployment.publisher)) return [];
    return [{ modelId, publisher: model.publisher, name: model.name, version: model.version, retiredAt: model.retiredAt, readAt }];
  });
  let refusal: InvalidArgumentError | undefined;
  const ahead = readAt - Number(chainTime);
  if (chainId !== deployment.chainId) {
    refusal = new InvalidArgumentError({ argument: "chain", expected: `the deployment's chain ${deployment.chainId}`, received: `an RPC serving chain ${chainId}: point it at chain ${deployment.chainId}` });
  } else if (ahead > maxClockSkew) {
    refusal = new InvalidArgumentError({
      argument: "clock",
      expected: `a clock at most ${maxClockSkew} s ahead of the chain's`,
      received: `${formatUnixTime(BigInt(readAt))}, ${ahead} s ahead of the chain's ${formatUnixTime(chainTime)}: outputs claimed then cannot be anchored until the chain catches up; fix this machine's clock (NTP)`,
    });
  }
  return { key: { key: signer, publisher: key.publisher, role: key.role, validFrom: key.validFrom, validUntil: key.validUntil, readAt }, models: modelFacts, refusal, chainTime };
}
