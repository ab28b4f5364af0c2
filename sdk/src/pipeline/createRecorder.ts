import { type Address, type Client, type Hash, zeroHash } from "viem";
import { getKey } from "../actions/getKey.js";
import { getModel } from "../actions/getModel.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { generateSalt } from "../hashing/generateSalt.js";
import { hashContent } from "../hashing/hashContent.js";
import { hashOutput } from "../hashing/hashOutput.js";
import { hashOutputLeaf } from "../hashing/hashOutputLeaf.js";
import { loadMerkleHasher } from "../merkle/loadMerkleHasher.js";
import { type OutputSigner, signOutput } from "../signing/signOutput.js";
import type { NewRecord, Store, StoreDeployment, StoredModel } from "../store/Store.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { toProofBundle } from "./toProofBundle.js";

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
 * @throws {InvalidArgumentError} from `record` for an unknown model or content that cannot be hashed.
 * @example
 * const recorder = await createRecorder({ store, signer: privateKeyToAccount(key), deployment })
 * const receipt = await recorder.record({ modelId, response: "Paris." })
 */
export async function createRecorder({ store, signer, deployment, client, clock = systemClock }: CreateRecorderParameters): Promise<Recorder> {
  await Promise.all([store.bindDeployment(deployment), loadMerkleHasher()]);
  const domain = { chainId: deployment.chainId, contract: deployment.contract };
  const signerAddress = "transport" in signer ? signer.account.address : signer.address;
  if (client) await checkSignerKey({ client, deployment, signer: signerAddress, clock });
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
    async record({ modelId, response, request, encoding = "utf8" }) {
      const model = await resolveModel(modelId);
      const responseSalt = generateSalt();
      const requestSalt = request === undefined ? null : generateSalt();
      const output = {
        modelId,
        requestHash: requestSalt === null ? zeroHash : hashContent({ salt: requestSalt, content: request, encoding }),
        responseHash: hashContent({ salt: responseSalt, content: response, encoding }),
        timestamp: BigInt(clock()),
      };
      const digest = hashOutput({ domain, output });
      const signature = await signOutput({ signer, domain, output, digest });
      const record: NewRecord = { ...output, encoding, responseSalt, requestSalt, signer: signerAddress, signature, leaf: hashOutputLeaf(digest) };
      const id = await persist(record);
      return toProofBundle({ deployment, model, record: { ...record, id }, batch: null });
    },
  };
}

function systemClock(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Refuses to sign with a key the chain would not accept: not a signer of the publisher, or revoked. A key
 * authorized moments ago on a chain whose clock runs ahead of ours is waited for (up to a minute), since an
 * output claimed before its key's `validFrom` would never verify.
 */
async function checkSignerKey({ client, deployment, signer, clock }: { client: Client; deployment: StoreDeployment; signer: Address; clock: () => number }) {
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
}
