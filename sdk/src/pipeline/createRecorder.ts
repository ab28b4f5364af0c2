import { type Client, type Hash, type Hex, isAddressEqual } from "viem";
import { getModel } from "../actions/getModel.js";
import type { ProofBundle } from "../bundle/ProofBundle.js";
import { signRecord } from "../bundle/signRecord.js";
import { toProofBundle } from "../bundle/toProofBundle.js";
import { ChainReadError } from "../errors/ChainReadError.js";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import { InvariantError } from "../errors/InvariantError.js";
import { encodeContent } from "../hashing/hashContent.js";
import { loadMerkleHasher } from "../hashing/loadMerkleHasher.js";
import { lookupKeysOf } from "../lookup/lookupKeysOf.js";
import { lookupSecretFingerprint } from "../lookup/lookupSecretFingerprint.js";
import type { OutputSigner } from "../signing/signOutput.js";
import type { CachedKeyFacts, CachedModelFacts, ClaimedRecordOutcome, IdempotencyClaim, NewRecord, Store, StoreDeployment, StoredModel } from "../store/Store.js";
import { formatUnixTime } from "../time/formatUnixTime.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { signerAddressOf } from "../signing/signerAddressOf.js";
import { bundleUrlOf } from "../bundle/bundleUrlOf.js";
import { readChainFacts } from "./readChainFacts.js";

export type CreateRecorderParameters = {
  store: Store;
  /** The signer key (a local account is the fast path). */
  signer: OutputSigner;
  deployment: StoreDeployment;
  /**
   * Where the recorder reads the signer key's window, each model's name, version and retirement, and the chain's
   * time, in the background (see {@link createRecorder}). Without one, it checks nothing on chain and takes models
   * from the store only (for tests, and callers that check the key themselves).
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
  /** Seconds between background re-reads of the chain (with a client). Default 60. */
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
  /**
   * Told when a background re-read of the chain fails (the recorder goes on with the facts it has): once per
   * outage, again only after a re-read has succeeded.
   */
  onRefreshError?: ((error: unknown) => void) | undefined;
  /**
   * The lab's lookup secret (AIATTEST_LOOKUP_SECRET, 0x + 64 hex digits): every record then keeps its two lookup keys
   * (`lookupKeysOf`) in the store's private provenance index, so the lab can later find which of a suspect set of
   * texts its model produced. Without it, records are "not indexed". The secret itself is never stored.
   */
  lookupSecret?: Hex | undefined;
};

export type RecordParameters = {
  modelId: Hash;
  response: string | Uint8Array | unknown;
  request?: string | Uint8Array | unknown;
  encoding?: ContentEncoding | undefined;
};

/** What `recordOnce` did: recorded the output now (its receipt), or found its claim stored already (for that record). */
export type RecordOnceReturnType = { isNew: true; receipt: ProofBundle } | { isNew: false; recordId: number; requestHash: Hash };

export type Recorder = {
  /** Salts, hashes, signs and durably stores one output; resolves with its receipt once it is on disk. */
  record(parameters: RecordParameters): Promise<ProofBundle>;
  /**
   * `record` under an idempotency claim, stored in the record's own transaction: when the claim is stored already
   * (an earlier request, or a concurrent one that committed first), nothing is recorded and the stored record's id
   * and request hash are returned instead (the caller compares the hash with its own).
   */
  recordOnce(parameters: RecordParameters & { claim: IdempotencyClaim }): Promise<RecordOnceReturnType>;
  /**
   * Re-reads the chain now (or joins the re-read under way) and resolves when it is done; never rejects: a failed
   * re-read keeps the facts the recorder has (and is told to `onRefreshError`).
   */
  refresh(): Promise<void>;
  /** Stops the background re-reads (one under way finishes on its own: not written to the store, its failure still told). */
  close(): void;
};

/**
 * The recorder an inference server calls for every output. Concurrent calls are group-committed: all records
 * signed while a transaction is being written go into the next one, so throughput grows with concurrency
 * while every receipt is still durable before it is returned.
 *
 * A receipt is a promise that the output will verify once anchored, so with a client the recorder refuses to sign
 * what could not: with a signer key revoked, or closing within `anchorMargin`, for a retired model, or with a
 * clock more than `maxClockSkew` ahead of the chain's.
 *
 * **Recording never waits for the chain.** The facts these checks need (the signer key's role, publisher and
 * window; each model's name, version and retirement) are cached in the store with the time they were read, and
 * `record` answers from them. They are re-read in the background every `refreshInterval` seconds, and each re-read
 * is written back to the store: a key revoked, or a model retired, on chain stops signing within one refresh
 * interval while the chain is reachable. Facts older than that (a recorder started on a store last used long ago, or
 * a clock that jumped) are re-read before signing, waiting at most 3 s; once a re-read has failed the chain is taken
 * to be down, and no call waits for it until a re-read succeeds (a chain that hangs costs one call 3 s per outage).
 * Only what was never read needs the chain: the first start on a store (the signer key), and a model's first use.
 *
 * **While the chain stays down**, the cached facts are used however old they are: the recorder keeps signing while
 * `now + anchorMargin < validUntil` of the key as last read (and the model was not retired as of that read). A
 * revocation or a retirement made on chain during the outage cannot be seen; outputs it voids are signed anyway,
 * and the anchorer (which cannot anchor anything until the chain is back either) leaves them out and reports them
 * void when it runs. A clock check refused at the last re-read stays refused until one succeeds.
 *
 * @throws {ChainReadError} from `createRecorder` when the signer key's facts are not cached and the chain cannot
 * be read, and from `record` for a model whose facts are not cached while the chain cannot be read.
 * @throws {InvalidArgumentError} from `createRecorder` for a clock too far ahead of the chain's, or an RPC serving
 * another chain (found by a first start's read, or by the re-read of cached facts older than a refresh interval),
 * and from `record` for an unknown or retired model, a signer key that can no longer sign, a clock too far
 * ahead of the chain's, or content that cannot be hashed.
 * @example
 * const recorder = await createRecorder({ store, signer: privateKeyToAccount(key), deployment, client })
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
  onRefreshError,
  lookupSecret,
}: CreateRecorderParameters): Promise<Recorder> {
  // a malformed secret fails here, before anything is recorded (its error never quotes it)
  const lookupFingerprint = lookupSecret === undefined ? undefined : lookupSecretFingerprint(lookupSecret);
  await Promise.all([store.bindDeployment(deployment), loadMerkleHasher()]);
  const lookupSecretId = lookupFingerprint === undefined ? undefined : await store.registerLookupSecret(lookupFingerprint);
  const domain = { chainId: deployment.chainId, contract: deployment.contract };
  const signerAddress = signerAddressOf(signer);
  // each model once, shared by concurrent records (a promise, so a burst does not read the store or chain N times)
  const models = new Map<Hash, Promise<StoredModel | CachedModelFacts>>();
  const resolvedModels = new Set<Hash>();
  let key: CachedKeyFacts | undefined;
  let refusal: InvalidArgumentError | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<void> | undefined;
  let isOutageReported = false;
  // seconds the chain's clock ran ahead of this machine's at the last read: windows and retirements are in chain
  // time, and an anchor lands at the chain's time, so a chain ahead of this clock closes a window that much sooner
  let chainLead = 0;
  let isClosed = false;
  let timer: NodeJS.Timeout | undefined;

  /** One re-read of the chain: the key, the chain's id and time, every model in use; then kept in memory and in the store. */
  async function readAndKeep(): Promise<void> {
    // models whose lookup succeeded: an id a caller made up (being looked up, or refused) must not be re-read
    const modelIds = [...resolvedModels];
    const facts = await readChainFacts({ client: client!, deployment, signer: signerAddress, modelIds, clock, maxClockSkew });
    key = facts.key;
    refusal = facts.refusal;
    chainLead = Math.max(0, Number(facts.chainTime) - facts.key.readAt);
    for (const model of facts.models) models.set(model.modelId, Promise.resolve(model));
    // facts from a read the recorder refuses (another chain, a clock too far ahead) stay in memory only: a later
    // start must not sign from them
    if (isClosed || refusal) return;
    await store.putKeyFacts(facts.key);
    for (const model of facts.models) await store.putModelFacts(model);
  }

  function refresh(): Promise<void> {
    if (!client) return Promise.resolve();
    lastAttempt = clock();
    refreshing ??= readAndKeep()
      .then(
        () => {
          isOutageReported = false;
        },
        (error: unknown) => {
          // told even after `close`: a short-lived caller (aiattest record) still learns that the chain was down
          if (isOutageReported) return;
          isOutageReported = true;
          onRefreshError?.(error);
        },
      )
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  /** Whether the facts are older than a refresh interval, or stamped after now (a clock that went back): re-read them. */
  function isDue(): boolean {
    const age = clock() - lastAttempt;
    return age >= refreshInterval || age < 0;
  }

  /**
   * Facts older than a refresh interval are re-read before anything is signed from them while the chain answers (a
   * key revoked, or a window closed, since they were read must not sign), waiting at most `maxRefreshWaitMs`; once
   * a re-read has failed, the chain is taken to be down and no call waits until one succeeds again.
   */
  async function refreshBeforeSigning(): Promise<void> {
    const due = refresh();
    if (isOutageReported) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([due, new Promise((resolve) => (timeout = setTimeout(resolve, maxRefreshWaitMs)))]);
    clearTimeout(timeout);
  }

  if (client) {
    key = (await store.getKeyFacts(signerAddress)) ?? undefined;
    if (key) {
      lastAttempt = key.readAt;
      if (isDue()) await refreshBeforeSigning();
      // a start whose re-read the recorder refuses (another chain, a clock too far ahead) fails as a first start does
      if (refusal) throw refusal;
    } else {
      // the first run on this store: the chain must answer once
      try {
        await readAndKeep();
      } catch (error) {
        if (error instanceof ChainReadError) {
          throw new ChainReadError({ action: `the window of signer key ${signerAddress}, not cached in the store yet: a recorder's first start must reach the chain once`, cause: error });
        }
        throw error;
      }
      lastAttempt = clock();
      if (refusal) throw refusal;
      // a key the chain would not accept is refused at once (a window closing within the margin only at `record`)
      const refused = keyRefusal(BigInt(clock() + chainLead), { isStart: true });
      if (refused) throw refused;
      // a key authorized moments ago on a chain whose clock runs ahead of ours is waited for (up to a minute)
      const wait = Number(key!.validFrom) - clock();
      if (wait > 0 && wait <= 60) await new Promise((resolve) => setTimeout(resolve, (wait + 1) * 1000));
    }
    timer = setInterval(() => void refresh(), Math.min(refreshInterval * 1000, 2 ** 31 - 1));
    timer.unref();
  }

  function resolveModel(modelId: Hash): Promise<StoredModel | CachedModelFacts> {
    let model = models.get(modelId);
    if (!model) {
      model = lookUpModel(modelId);
      models.set(modelId, model);
      // a failed lookup is not cached: the next record asks again
      model.then(
        () => resolvedModels.add(modelId),
        () => models.delete(modelId),
      );
    }
    return model;
  }

  async function lookUpModel(modelId: Hash): Promise<StoredModel | CachedModelFacts> {
    const refused = () => new InvalidArgumentError({ argument: "modelId", expected: `a model registered by ${deployment.publisher}`, received: modelId });
    if (!client) {
      const stored = await store.getModel(modelId);
      if (!stored) throw refused();
      return stored;
    }
    const cached = await store.getModelFacts(modelId);
    const age = cached ? clock() - cached.readAt : 0;
    if (cached && ((age < refreshInterval && age >= 0) || isOutageReported)) return cached;
    let onChain: Awaited<ReturnType<typeof getModel>>;
    try {
      // cached facts older than a refresh interval are read again first (a retirement since must refuse), waiting
      // at most maxRefreshWaitMs; when the chain does not answer, they are used as they are
      const read = getModel(client, { contract: deployment.contract, modelId });
      if (cached) read.catch(() => undefined);
      const answer = cached ? await Promise.race([read, delay(maxRefreshWaitMs).then((): typeof stale => stale)]) : await read;
      if (answer === stale) return cached!;
      onChain = answer;
    } catch (error) {
      if (cached && error instanceof ChainReadError) return cached;
      if (error instanceof ChainReadError) {
        throw new ChainReadError({ action: `model ${modelId}, not cached in the store yet: its first use must reach the chain once`, cause: error });
      }
      throw error;
    }
    if (!onChain || !isAddressEqual(onChain.publisher, deployment.publisher)) throw refused();
    const model = { modelId, publisher: onChain.publisher, name: onChain.name, version: onChain.version, retiredAt: onChain.retiredAt, readAt: clock() };
    await store.putModelFacts(model);
    return model;
  }

  /**
   * Why the signer key cannot sign now, from its cached facts; undefined when it can. At start, only a key that is
   * not the publisher's signer or is revoked (one valid from a moment ago is waited for; its margin is checked per record).
   */
  function keyRefusal(now: bigint, { isStart = false }: { isStart?: boolean } = {}): InvalidArgumentError | undefined {
    if (!client || !key) return undefined;
    if (key.role !== "signer" || !isAddressEqual(key.publisher, deployment.publisher)) {
      return new InvalidArgumentError({ argument: "signer key", expected: `a signer key of ${deployment.publisher}`, received: `${signerAddress} (${key.role === "none" ? "unknown to the registry" : `a ${key.role} of ${key.publisher}`})` });
    }
    if (now >= key.validUntil) return new InvalidArgumentError({ argument: "signer key", expected: "a key that is not revoked", received: `${signerAddress}, revoked at ${key.validUntil}` });
    if (isStart) return undefined;
    if (now < key.validFrom) return new InvalidArgumentError({ argument: "signer key", expected: "a key valid now", received: `${signerAddress}, valid from ${key.validFrom}` });
    if (now + BigInt(anchorMargin) >= key.validUntil) {
      return new InvalidArgumentError({
        argument: "signer key",
        expected: `a key valid for at least ${anchorMargin} s more, so that its outputs are anchored while it is valid`,
        received: `${signerAddress}, valid until ${formatUnixTime(key.validUntil)}: switch the recorder to the next signer key`,
      });
    }
    return undefined;
  }

  type Queued = { record: NewRecord; claim: IdempotencyClaim | undefined; resolve: (outcome: ClaimedRecordOutcome) => void; reject: (error: unknown) => void };
  let queue: Queued[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    // let every record signed in this turn of the event loop join the transaction
    await new Promise((resolve) => setImmediate(resolve));
    const batch = queue;
    queue = [];
    try {
      if (batch.some((entry) => entry.claim !== undefined)) {
        const outcomes = await store.insertClaimedRecords(batch);
        batch.forEach((entry, index) => entry.resolve(outcomes[index]!));
      } else {
        const ids = await store.insertRecords(batch.map((entry) => entry.record));
        batch.forEach((entry, index) => entry.resolve({ id: ids[index]!, isNew: true }));
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      flushing = queue.length > 0 ? flush() : undefined;
    }
  }

  function persist(record: NewRecord, claim?: IdempotencyClaim): Promise<ClaimedRecordOutcome> {
    return new Promise((resolve, reject) => {
      queue.push({ record, claim, resolve, reject });
      flushing ??= flush();
    });
  }

  async function recordClaimed({ modelId, response, request, encoding }: RecordParameters, claim?: IdempotencyClaim): Promise<RecordOnceReturnType> {
    if (client && isDue()) await refreshBeforeSigning();
    const model = await resolveModel(modelId);
    // the chain's time as best known: a window or a retirement already passed on chain refuses, whatever this clock says
    const now = BigInt(clock() + chainLead);
    if (refusal) throw refusal;
    const refused = keyRefusal(now);
    if (refused) throw refused;
    if ("retiredAt" in model && model.retiredAt !== 0n && now >= model.retiredAt) {
      throw new InvalidArgumentError({ argument: "modelId", expected: "a model that is not retired", received: `${modelId}, retired at ${formatUnixTime(model.retiredAt)}` });
    }
    let record: NewRecord;
    if (lookupSecretId === undefined) {
      record = await signRecord({ signer, domain, modelId, response, request, encoding, timestamp: BigInt(clock()) });
    } else {
      // encoded once: hashed for the response hash, and keyed for the lookup index
      const bytes = encodeContent({ content: response, encoding: encoding ?? "utf8" });
      const keys = lookupKeysOf({ secret: lookupSecret!, bytes, text: typeof response === "string" && encoding !== "jcs" ? response : undefined });
      const signed = await signRecord({ signer, domain, modelId, response, request, encoding, timestamp: BigInt(clock()), encodedResponse: bytes });
      record = { ...signed, lookup: { secretId: lookupSecretId, ...keys } };
    }
    const outcome = await persist(record, claim);
    if (!outcome.isNew) return { isNew: false, recordId: outcome.id, requestHash: outcome.requestHash };
    const bundleUrl = bundleUrlOf(publicUrl, outcome.id);
    const named = { modelId, publisher: model.publisher, name: model.name, version: model.version };
    return { isNew: true, receipt: toProofBundle({ deployment, model: named, record: { ...record, id: outcome.id }, batch: null, bundleUrl }) };
  }

  return {
    async record(parameters) {
      const recorded = await recordClaimed(parameters);
      if (!recorded.isNew) throw new InvariantError("a record without a claim was not inserted");
      return recorded.receipt;
    },
    recordOnce: ({ claim, ...parameters }) => recordClaimed(parameters, claim),
    refresh,
    close() {
      isClosed = true;
      clearInterval(timer);
    },
  };
}

/** What a bounded wait for the chain resolves to when the chain has not answered in time. */
const stale = Symbol("stale");

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The longest a `record` call waits for a due re-read of the chain (a chain that answers takes milliseconds). */
const maxRefreshWaitMs = 3_000;

function systemClock(): number {
  return Math.floor(Date.now() / 1000);
}
