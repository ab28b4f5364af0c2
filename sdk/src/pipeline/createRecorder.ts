import type { Address, Client, Hash } from "viem";
import { getChainTime } from "../actions/getChainTime.js";
import { getKey, type GetKeyReturnType } from "../actions/getKey.js";
import { getModel } from "../actions/getModel.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { signRecord } from "../bundle/signRecord.js";
import { toProofBundle } from "../bundle/toProofBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import type { OutputSigner } from "../signing/signOutput.js";
import type { NewRecord, Store, StoreDeployment, StoredModel } from "../store/Store.js";
import { formatUnixTime } from "../time/formatUnixTime.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { signerAddressOf } from "../signing/signerAddressOf.js";
import { bundleUrlOf } from "../bundle/bundleUrlOf.js";

export type CreateRecorderParameters = {
  store: Store;
  /** The signer key (a local account is the fast path). */
  signer: OutputSigner;
  deployment: StoreDeployment;
  /**
   * Reads the chain at start (the signer key must be a signer of the publisher, valid now) and once per unknown
   * model (its name and version). Optional when models are stored and the key is known to be good.
   */
  client?: Client | undefined;
  /** Unix seconds now; the signer's claimed time. Defaults to the system clock. */
  clock?: (() => number) | undefined;
  /**
   * Seconds the anchorer may take to anchor an output (the publisher's maximum anchor delay, default 3600). The
   * recorder stops signing this long before the signer key's window closes: an output anchored after it would
   * never verify (`signer-revoked`).
   */
  anchorMargin?: number | undefined;
  /** Seconds between re-reads of the signer key, the chain's time and each model's retirement (with a client). Default 60. */
  refreshInterval?: number | undefined;
  /**
   * Seconds this machine's clock may run ahead of the chain's (default 60). An output claimed after the chain's
   * time cannot be anchored until the chain catches up (the anchorer leaves it pending), so a clock further ahead
   * makes the recorder refuse to sign until it is fixed.
   */
  maxClockSkew?: number | undefined;
  /**
   * Where the proof server (`aiattest serve`) is reachable (AIATTEST_PUBLIC_URL): receipts then carry
   * `bundleUrl` = `<publicUrl>/v1/records/<id>`, where their anchored proof will be (`aiattest upgrade`).
   */
  publicUrl?: string | undefined;
};

export type RecordParameters = {
  modelId: Hash;
  response: string | Uint8Array | unknown;
  request?: string | Uint8Array | unknown;
  encoding?: ContentEncoding | undefined;
};

export type Recorder = {
  /** Salts, hashes, signs and durably stores one output; resolves with its receipt once it is on disk. */
  record(parameters: RecordParameters): Promise<ProofBundle>;
};

/**
 * The recorder an inference server calls for every output. Concurrent calls are group-committed: all records
 * signed while a transaction is being written go into the next one, so throughput grows with concurrency
 * while every receipt is still durable before it is returned.
 *
 * A receipt is a promise that the output will verify once anchored, so with a client the recorder refuses to sign
 * what could not: with a signer key revoked, or closing within `anchorMargin`, for a retired model, or with a
 * clock more than `maxClockSkew` ahead of the chain's. It re-reads these every `refreshInterval` seconds, so a
 * revocation or retirement made while it runs is followed; when that re-read fails (the chain is down), it keeps
 * the facts it last read and goes on recording.
 *
 * @throws {InvalidArgumentError} from `record` for an unknown or retired model, a signer key that can no longer
 * sign, a clock too far ahead of the chain's, or content that cannot be hashed.
 * @example
 * const recorder = await createRecorder({ store, signer: privateKeyToAccount(key), deployment })
 * const receipt = await recorder.record({ modelId, response: "Paris." })
 */
export async function createRecorder({
  store,
  signer,
  deployment,
  client,
  clock = systemClock,
  anchorMargin = 3600,
  refreshInterval = 60,
  maxClockSkew = 60,
  publicUrl,
}: CreateRecorderParameters): Promise<Recorder> {
  await Promise.all([store.bindDeployment(deployment), loadMerkleHasher()]);
  const domain = { chainId: deployment.chainId, contract: deployment.contract };
  const signerAddress = signerAddressOf(signer);
  // this clock against the chain's, and the signer key's window: read at start (refusing a key the chain would
  // not accept), then refreshed
  const signerKey = refreshing(
    async () => {
      if (!client) return keyNoExpiry;
      await checkClock({ client, clock, maxClockSkew });
      return (await checkSignerKey({ client, deployment, signer: signerAddress, clock })).validUntil;
    },
    refreshInterval,
    clock,
  );
  await signerKey();
  // each model's retirement, read from the chain and refreshed like the key
  const retirements = new Map<Hash, () => Promise<bigint>>();
  const retiredAt = (modelId: Hash): Promise<bigint> => {
    if (!client) return Promise.resolve(0n);
    if (!retirements.has(modelId)) {
      retirements.set(modelId, refreshing(async () => (await getModel(client, { contract: deployment.contract, modelId }))?.retiredAt ?? 0n, refreshInterval, clock));
    }
    return retirements.get(modelId)!();
  };
  // one lookup per model, shared by concurrent records (a promise, so a burst does not read the chain N times)
  const models = new Map<Hash, Promise<StoredModel>>();
  let queue: { record: NewRecord; resolve: (id: number) => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  function resolveModel(modelId: Hash): Promise<StoredModel> {
    let model = models.get(modelId);
    if (!model) {
      model = lookUpModel(modelId);
      models.set(modelId, model);
      // a failed lookup is not cached: the next record asks again
      model.catch(() => models.delete(modelId));
    }
    return model;
  }

  async function lookUpModel(modelId: Hash): Promise<StoredModel> {
    const stored = await store.getModel(modelId);
    if (stored) return stored;
    const onChain = client ? await getModel(client, { contract: deployment.contract, modelId }) : null;
    if (!onChain || onChain.publisher !== deployment.publisher) {
      throw new InvalidArgumentError({ argument: "modelId", expected: `a model registered by ${deployment.publisher}`, received: modelId });
    }
    const model = { modelId, publisher: onChain.publisher, name: onChain.name, version: onChain.version };
    await store.putModel(model);
    return model;
  }

  async function flush(): Promise<void> {
    // let every record signed in this turn of the event loop join the transaction
    await new Promise((resolve) => setImmediate(resolve));
    const batch = queue;
    queue = [];
    try {
      const ids = await store.insertRecords(batch.map((entry) => entry.record));
      batch.forEach((entry, index) => entry.resolve(ids[index]!));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      flushing = queue.length > 0 ? flush() : undefined;
    }
  }

  function persist(record: NewRecord): Promise<number> {
    return new Promise((resolve, reject) => {
      queue.push({ record, resolve, reject });
      flushing ??= flush();
    });
  }

  return {
    async record({ modelId, response, request, encoding }) {
      const [model, validUntil, retired] = await Promise.all([resolveModel(modelId), signerKey(), retiredAt(modelId)]);
      const now = BigInt(clock());
      if (now + BigInt(anchorMargin) >= validUntil) {
        throw new InvalidArgumentError({
          argument: "signer key",
          expected: `a key valid for at least ${anchorMargin} s more, so that its outputs are anchored while it is valid`,
          received: `${signerAddress}, valid until ${formatUnixTime(validUntil)}: switch the recorder to the next signer key`,
        });
      }
      if (retired !== 0n && now >= retired) {
        throw new InvalidArgumentError({ argument: "modelId", expected: "a model that is not retired", received: `${modelId}, retired at ${formatUnixTime(retired)}` });
      }
      const record = await signRecord({ signer, domain, modelId, response, request, encoding, timestamp: BigInt(clock()) });
      const id = await persist(record);
      const bundleUrl = bundleUrlOf(publicUrl, id);
      return toProofBundle({ deployment, model, record: { ...record, id }, batch: null, bundleUrl });
    },
  };
}

function systemClock(): number {
  return Math.floor(Date.now() / 1000);
}

/** `validUntil` of a key that was never revoked (the contract's KEY_NO_EXPIRY). */
const keyNoExpiry = 2n ** 40n - 1n;

/**
 * A read made once, then again when `seconds` have passed since the last success; concurrent callers share one
 * read. The first read's failure is thrown; a later failure keeps the last value (the chain may be down for a
 * while: recording goes on with what was last known).
 */
function refreshing<value>(read: () => Promise<value>, seconds: number, clock: () => number): () => Promise<value> {
  let last: { value: value; at: number } | undefined;
  let pending: Promise<value> | undefined;
  return () => {
    if (last && clock() - last.at < seconds) return Promise.resolve(last.value);
    pending ??= read()
      .then((value) => {
        last = { value, at: clock() };
        return value;
      })
      .catch((error: unknown) => {
        // a revoked key or a refused model is a verdict, not an outage: never fall back past it
        if (last && !(error instanceof InvalidArgumentError)) return last.value;
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/**
 * Refuses to sign on a clock more than `maxClockSkew` seconds ahead of the chain's time (the `pending` block's,
 * where the node builds one): its outputs would claim times no anchor can carry yet.
 */
async function checkClock({ client, clock, maxClockSkew }: { client: Client; clock: () => number; maxClockSkew: number }): Promise<void> {
  const chainTime = await getChainTime(client);
  const now = clock();
  const ahead = now - Number(chainTime);
  if (ahead > maxClockSkew) {
    throw new InvalidArgumentError({
      argument: "clock",
      expected: `a clock at most ${maxClockSkew} s ahead of the chain's`,
      received: `${formatUnixTime(BigInt(now))}, ${ahead} s ahead of the chain's ${formatUnixTime(chainTime)}: outputs claimed then cannot be anchored until the chain catches up; fix this machine's clock (NTP)`,
    });
  }
}

/**
 * Refuses to sign with a key the chain would not accept: not a signer of the publisher, or revoked. A key
 * authorized moments ago on a chain whose clock runs ahead of ours is waited for (up to a minute), since an
 * output claimed before its key's `validFrom` would never verify.
 */
async function checkSignerKey({ client, deployment, signer, clock }: { client: Client; deployment: StoreDeployment; signer: Address; clock: () => number }): Promise<GetKeyReturnType> {
  const key = await getKey(client, { contract: deployment.contract, key: signer });
  if (key.role !== "signer" || key.publisher !== deployment.publisher) {
    throw new InvalidArgumentError({ argument: "signer key", expected: `a signer key of ${deployment.publisher}`, received: `${signer} (${key.role === "none" ? "unknown to the registry" : `a ${key.role} of ${key.publisher}`})` });
  }
  if (BigInt(clock()) >= key.validUntil) {
    throw new InvalidArgumentError({ argument: "signer key", expected: "a key that is not revoked", received: `${signer}, revoked at ${key.validUntil}` });
  }
  const wait = Number(key.validFrom) - clock();
  if (wait > 60) {
    throw new InvalidArgumentError({ argument: "signer key", expected: "a key valid now", received: `${signer}, valid from ${key.validFrom} (${wait} s ahead of this machine's clock)` });
  }
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, (wait + 1) * 1000));
  return key;
}
