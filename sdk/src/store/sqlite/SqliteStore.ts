import { closeSync, existsSync, openSync } from "node:fs";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { type Address, type Hash, type Hex, bytesToHex, getAddress, hexToBytes } from "viem";
import { StoreError } from "../../errors/StoreError.js";
import type { LookupCandidate, StoredLookupSecret } from "../../lookup/LookupCandidate.js";
import { lookupTagOf } from "../../lookup/lookupTagOf.js";
import type { ContentEncoding } from "../../types/ContentEncoding.js";
import type { KeyRole } from "../../types/KeyRole.js";
import type {
  BatchStatus,
  CachedKeyFacts,
  CachedModelFacts,
  ClaimedRecord,
  ClaimedRecordOutcome,
  CreateBatchParameters,
  GetPendingLeavesParameters,
  IngestToken,
  MarkBatchAnchoredParameters,
  NewRecord,
  PendingExclusions,
  RetiredModel,
  Store,
  StoreDeployment,
  StoredBatch,
  StoredModel,
  StoredRecord,
  StoreGeneration,
  StoreLock,
} from "../Store.js";
import { assignBatchMembers } from "./assignBatchMembers.js";
import { blobToHex } from "./blobToHex.js";
import { createTreeChunkCache, defaultTreeChunkCacheBytes } from "./createTreeChunkCache.js";
import { readTreeProof } from "./readTreeProof.js";
import { retiredModelsCondition } from "./retiredModelsCondition.js";
import { sqliteMigrations } from "./sqliteMigrations.js";
import { writeBatchTree } from "./writeBatchTree.js";
import { leafBytesOf } from "../leafBytesOf.js";
import { toStoredBatch } from "../toStoredBatch.js";

type Row = Record<string, unknown>;
const hex = (value: unknown) => blobToHex(value as Uint8Array) as Hash;
const hexOrNull = (value: unknown) => (value === null ? null : hex(value));
const now = () => Math.floor(Date.now() / 1000);
/** SQLite's primary result codes: the database file is busy (another connection writes); a table is locked; the disk (or the size limit) is full. */
const sqliteBusy = 5;
const sqliteLocked = 6;
const sqliteFull = 13;
/** A write transaction that SQLite still reports busy after its busy timeout is tried this many times in all. */
const busyAttempts = 6;
/** The first pause before trying again (doubled each time, times 1 to 2 at random, so processes retry apart). */
const busyPauseMs = 10;

/** Stores opened by this process so far: two stores' generations never compare equal. */
let openedStores = 0;
/**
 * What a store's generation is made of, as columns of any statement: the file's `data_version` and this connection's
 * `total_changes()`, read in that statement's read transaction.
 */
const generationColumns = "(SELECT data_version FROM pragma_data_version) AS data_version, total_changes() AS total_changes";

/**
 * The embedded default store: one SQLite file through Node's built-in `node:sqlite` (no native addon). WAL
 * journal with `synchronous = FULL`, so a transaction is on disk when its method returns.
 * Open it with `openSqliteStore`.
 */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #statements = new Map<string, StatementSync>();
  /** Chunks of batch trees read for proofs: a tree never changes once written, so they are kept. */
  readonly #treeChunks = createTreeChunkCache({ maxBytes: defaultTreeChunkCacheBytes });
  /** This store's number among those opened in this process: the first part of its generations (`getGeneration`). */
  readonly #number = ++openedStores;
  /** The pending records `getPendingLeaves` last read (ids ascending, their leaves), until a batch is built. */
  #lastPendingRead: { ids: readonly number[]; leaves: Uint8Array } | undefined;
  /** Held locks: a connection to the lock file holding its exclusive lock (none for an in-memory store). */
  readonly #locks = new Map<string, { owner: string; connection: DatabaseSync | null }>();

  /** `db` is open on `path` (":memory:" for an in-memory store); lock files are created beside it. */
  constructor(db: DatabaseSync, { path }: { path: string }) {
    this.#db = db;
    this.#path = path;
  }

  /**
   * Applies pending migrations; refuses a file written by a newer schema. Another process may be creating or
   * migrating the same file at this moment: the version is read again under the write lock, and every pending
   * migration is applied in that one transaction, so a migration never runs twice.
   */
  migrate(): void {
    const latest = sqliteMigrations.length;
    if (this.#schemaVersion() === latest) return;
    this.#transaction(() => {
      this.#db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT");
      const current = this.#schemaVersion();
      if (current > latest) {
        throw new StoreError(`The database uses schema version ${current}, newer than this aiattest (${latest}).`, {
          metaMessages: ["Upgrade aiattest, or point AIATTEST_DB at another file."],
        });
      }
      if (current === latest) return;
      for (let version = current + 1; version <= latest; version++) this.#db.exec(sqliteMigrations[version - 1]!);
      this.#db.exec("DELETE FROM schema_version");
      this.#db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(latest);
    });
  }

  /**
   * For a command that only reads: throws a `StoreError` unless the file holds this SDK's schema exactly. An empty
   * file is no store; an older schema is not migrated here (a writing command does it); a newer one is refused.
   */
  checkSchema({ location }: { location: string }): void {
    const current = this.#schemaVersion();
    const latest = sqliteMigrations.length;
    if (current === latest) return;
    if (current === 0) throw new StoreError(`No store at ${location}: the file holds no aiattest schema; record something first (this command only reads a store, it never creates one).`);
    throw new StoreError(`The store at ${location} uses schema version ${current}, ${current < latest ? "older" : "newer"} than this aiattest's (${latest}).`, {
      metaMessages: [current < latest ? "This command only reads: run a writing command first (`aiattest anchor`, or a recorder) to upgrade it." : "Upgrade aiattest, or point AIATTEST_DB at another file."],
    });
  }

  /** The schema version written in the file (0 for a new file). */
  #schemaVersion(): number {
    if (!this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get()) return 0;
    return (this.#db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined)?.version ?? 0;
  }

  async bindDeployment(asked: StoreDeployment): Promise<void> {
    const deployment = { chainId: asked.chainId, contract: getAddress(asked.contract), publisher: getAddress(asked.publisher) };
    this.#transaction(() => {
      const bound = this.#readDeployment();
      if (bound === null) {
        const insert = this.#statement("INSERT INTO meta (key, value) VALUES (?, ?)");
        insert.run("deployment", JSON.stringify(deployment));
        return;
      }
      if (bound.chainId !== deployment.chainId || bound.contract !== deployment.contract || bound.publisher !== deployment.publisher) {
        throw new StoreError("This database belongs to another deployment.", {
          metaMessages: [
            `database: chain ${bound.chainId}, contract ${bound.contract}, publisher ${bound.publisher}`,
            `asked:    chain ${deployment.chainId}, contract ${deployment.contract}, publisher ${deployment.publisher}`,
            "Use one database file per deployment and publisher (AIATTEST_DB).",
          ],
        });
      }
    });
  }

  async getDeployment(): Promise<StoreDeployment | null> {
    return this.#readDeployment();
  }

  async putModel(model: StoredModel): Promise<void> {
    this.#statement("INSERT INTO models (model_id, publisher, name, version) VALUES (?, ?, ?, ?) ON CONFLICT (model_id) DO NOTHING").run(
      hexToBytes(model.modelId),
      model.publisher,
      model.name,
      model.version,
    );
  }

  async getModel(modelId: Hash): Promise<StoredModel | null> {
    const row = this.#statement("SELECT publisher, name, version FROM models WHERE model_id = ?").get(hexToBytes(modelId)) as Row | undefined;
    return row ? { modelId, publisher: row.publisher as Address, name: row.name as string, version: row.version as string } : null;
  }

  // a read answered late (a lagging replica, a slow host) must not undo a newer one: a key's window only ever
  // shrinks while its role and publisher stay, and a model's retirement is for good
  async putKeyFacts({ key, publisher, role, validFrom, validUntil, readAt }: CachedKeyFacts): Promise<void> {
    this.#statement(
      `INSERT INTO key_facts (key, publisher, role, valid_from, valid_until, read_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET publisher = excluded.publisher, role = excluded.role, valid_from = excluded.valid_from,
         valid_until = CASE WHEN key_facts.role = excluded.role AND key_facts.publisher = excluded.publisher
           THEN min(key_facts.valid_until, excluded.valid_until) ELSE excluded.valid_until END,
         read_at = excluded.read_at`,
    ).run(getAddress(key), getAddress(publisher), role, validFrom, validUntil, readAt);
  }

  async getKeyFacts(key: Address): Promise<CachedKeyFacts | null> {
    const row = this.#statement("SELECT * FROM key_facts WHERE key = ?").get(getAddress(key)) as Row | undefined;
    if (!row) return null;
    return {
      key: getAddress(key),
      publisher: row.publisher as Address,
      role: row.role as KeyRole,
      validFrom: BigInt(row.valid_from as number),
      validUntil: BigInt(row.valid_until as number),
      readAt: row.read_at as number,
    };
  }

  async putModelFacts({ modelId, publisher, name, version, retiredAt, readAt }: CachedModelFacts): Promise<void> {
    this.#statement(
      `INSERT INTO models (model_id, publisher, name, version, retired_at, read_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_id) DO UPDATE SET retired_at = CASE WHEN coalesce(models.retired_at, 0) <> 0 THEN models.retired_at ELSE excluded.retired_at END,
         read_at = excluded.read_at`,
    ).run(hexToBytes(modelId), publisher, name, version, retiredAt, readAt);
  }

  async getModelFacts(modelId: Hash): Promise<CachedModelFacts | null> {
    const row = this.#statement("SELECT publisher, name, version, retired_at, read_at FROM models WHERE model_id = ? AND read_at IS NOT NULL").get(hexToBytes(modelId)) as
      | Row
      | undefined;
    if (!row) return null;
    return {
      modelId,
      publisher: row.publisher as Address,
      name: row.name as string,
      version: row.version as string,
      retiredAt: BigInt(row.retired_at as number),
      readAt: row.read_at as number,
    };
  }

  async insertRecords(records: readonly NewRecord[]): Promise<number[]> {
    const createdAt = now();
    return this.#transaction(() => records.map((record) => this.#insertRecord(record, createdAt)));
  }

  async insertClaimedRecords(entries: readonly ClaimedRecord[]): Promise<ClaimedRecordOutcome[]> {
    const createdAt = now();
    const claimed = this.#statement("SELECT record_id, request_hash FROM idempotency_keys WHERE token_name = ? AND key = ?");
    const claim = this.#statement("INSERT INTO idempotency_keys (token_name, key, request_hash, record_id, created_at) VALUES (?, ?, ?, ?, ?)");
    // one writer at a time (BEGIN IMMEDIATE): a claim read here cannot be inserted by another before this commits
    return this.#transaction(() =>
      entries.map(({ record, claim: asked }): ClaimedRecordOutcome => {
        if (asked) {
          const first = claimed.get(asked.tokenName, asked.key) as { record_id: number; request_hash: Uint8Array } | undefined;
          if (first) return { id: first.record_id, isNew: false, requestHash: hex(first.request_hash) };
        }
        const id = this.#insertRecord(record, createdAt);
        if (asked) claim.run(asked.tokenName, asked.key, hexToBytes(asked.requestHash), id, createdAt);
        return { id, isNew: true };
      }),
    );
  }

  async getClaimedRecord({ tokenName, key }: { tokenName: string; key: string }): Promise<{ id: number; requestHash: Hash } | null> {
    const row = this.#statement("SELECT record_id, request_hash FROM idempotency_keys WHERE token_name = ? AND key = ?").get(tokenName, key) as
      | { record_id: number; request_hash: Uint8Array }
      | undefined;
    return row ? { id: row.record_id, requestHash: hex(row.request_hash) } : null;
  }

  async createToken({ name, tokenHash }: { name: string; tokenHash: Hash }): Promise<void> {
    this.#transaction(() => {
      if (this.#statement("SELECT 1 FROM ingest_tokens WHERE name = ?").get(name)) throw new StoreError(`A token named "${name}" exists already (revoked tokens keep their name): pick another name.`);
      this.#statement("INSERT INTO ingest_tokens (name, token_hash, created_at) VALUES (?, ?, ?)").run(name, hexToBytes(tokenHash), now());
    });
  }

  async listTokens(): Promise<IngestToken[]> {
    const rows = this.#statement("SELECT name, token_hash, created_at, revoked_at FROM ingest_tokens ORDER BY name").all() as Row[];
    return rows.map((row) => ({ name: row.name as string, tokenHash: hex(row.token_hash), createdAt: row.created_at as number, revokedAt: row.revoked_at as number | null }));
  }

  async revokeToken(name: string): Promise<boolean> {
    return this.#statement("UPDATE ingest_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL").run(now(), name).changes === 1;
  }

  /** Inserts one record row (inside the caller's transaction) and returns its id. */
  #insertRecord(record: NewRecord, createdAt: number): number {
    const insert = this.#statement(
      `INSERT INTO records (model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, created_at, lookup_secret_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    const leaf = leafBytesOf(record);
    const row = insert.get(
      hexToBytes(record.modelId),
      hexToBytes(record.requestHash),
      hexToBytes(record.responseHash),
      record.timestamp,
      record.encoding,
      hexToBytes(record.responseSalt),
      record.requestSalt === null ? null : hexToBytes(record.requestSalt),
      record.signer,
      hexToBytes(record.signature),
      leaf,
      createdAt,
      record.lookup?.secretId ?? null,
    ) as { id: number };
    // a record is pending while it has a pending_records row: what the anchorer reads of it (time, signer, model, leaf)
    this.#statement("INSERT INTO pending_records (record_id, timestamp, signer, model_id, leaf) VALUES (?, ?, ?, ?, ?)").run(row.id, record.timestamp, record.signer, hexToBytes(record.modelId), leaf);
    if (record.lookup) {
      const key = this.#statement("INSERT INTO lookup_keys (tag, record_id, kind, mac) VALUES (?, ?, ?, ?)");
      key.run(lookupTagOf(record.lookup.exact), row.id, 0, null);
      key.run(lookupTagOf(record.lookup.normalized), row.id, 1, hexToBytes(record.lookup.normalized));
    }
    return row.id;
  }

  async registerLookupSecret(fingerprint: Hash): Promise<number> {
    return this.#transaction(() => {
      this.#statement("INSERT INTO lookup_secrets (fingerprint, created_at) VALUES (?, ?) ON CONFLICT (fingerprint) DO NOTHING").run(hexToBytes(fingerprint), now());
      return (this.#statement("SELECT id FROM lookup_secrets WHERE fingerprint = ?").get(hexToBytes(fingerprint)) as { id: number }).id;
    });
  }

  async listLookupSecrets(): Promise<StoredLookupSecret[]> {
    const counts = this.#lookupSecretCounts();
    const rows = this.#statement("SELECT id, fingerprint, created_at FROM lookup_secrets ORDER BY id").all() as Row[];
    return rows.map((row) => ({ id: row.id as number, fingerprint: hex(row.fingerprint), createdAt: row.created_at as number, records: counts.get(row.id as number) ?? 0 }));
  }

  async countNotIndexed(): Promise<number> {
    return (this.#statement("SELECT count(*) AS n FROM records WHERE lookup_secret_id IS NULL").get() as { n: number }).n;
  }

  /** Records per lookup secret id, in one scan of the records. */
  #lookupSecretCounts(): Map<number, number> {
    const rows = this.#statement("SELECT lookup_secret_id AS id, count(*) AS n FROM records WHERE lookup_secret_id IS NOT NULL GROUP BY lookup_secret_id").all() as { id: number; n: number }[];
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  async findLookupCandidates(tags: readonly bigint[], { perTag }: { perTag: number }): Promise<LookupCandidate[]> {
    if (tags.length === 0) return [];
    // the tags as one JSON array (SQLite's JSON reads 64-bit integers exactly), sorted so the seeks walk lookup_keys'
    // key in order. First the tags held at all (one seek each: most of a corpus is foreign), then for those, per kind,
    // the rows up to the record_id of its perTag-th row (a seek for that bound, then a bounded range of the key
    // (tag, kind, record_id)): a text served a million times costs perTag rows, not a million. Two statements, half
    // the seeks of one; a record committed between them may be left out, as if committed just after the lookup.
    const held = this.#statement("SELECT t.value AS tag FROM json_each(?) t WHERE EXISTS (SELECT 1 FROM lookup_keys WHERE tag = t.value)");
    held.setReadBigInts(true);
    const heldTags = (held.all(`[${BigInt64Array.from(new Set(tags)).sort().join(",")}]`) as Row[]).map((row) => row.tag as bigint);
    if (heldTags.length === 0) return [];
    const statement = this.#statement(
      `SELECT k.tag, k.kind, k.mac, r.lookup_secret_id, r.id, r.model_id, r.timestamp, r.encoding, r.response_salt, r.response_hash
       FROM json_each(?1) t CROSS JOIN (VALUES (0), (1)) kinds CROSS JOIN lookup_keys k CROSS JOIN records r ON r.id = k.record_id
       WHERE k.tag = t.value AND k.kind = kinds.column1
         AND k.record_id <= coalesce((SELECT record_id FROM lookup_keys WHERE tag = t.value AND kind = kinds.column1 ORDER BY record_id LIMIT 1 OFFSET ?2 - 1), 9223372036854775807)`,
    );
    statement.setReadBigInts(true);
    const rows = statement.all(`[${heldTags.join(",")}]`, perTag) as Row[];
    return rows.map((row) => ({
      tag: row.tag as bigint,
      kind: row.kind === 0n ? "exact" : "normalized",
      mac: row.mac === null ? null : hex(row.mac),
      secretId: Number(row.lookup_secret_id),
      recordId: Number(row.id),
      modelId: hex(row.model_id),
      timestamp: row.timestamp as bigint,
      encoding: row.encoding as ContentEncoding,
      responseSalt: hex(row.response_salt),
      responseHash: hex(row.response_hash),
    }));
  }

  async getRecord(id: number): Promise<StoredRecord | null> {
    return this.#readRecord(id).record;
  }

  /**
   * The store's number in this process, the file's `data_version` (moved by every commit of another connection or
   * process), and the rows this connection's own commits changed (`total_changes()`, which `data_version` leaves
   * out): one statement, that reads no row.
   */
  async getGeneration(): Promise<StoreGeneration> {
    return this.#generationOf(this.#statement(`SELECT ${generationColumns}`).get() as Row);
  }

  /** One statement: the generation is read in the same read transaction as the record, so the two are of one moment. */
  async getRecordWithGeneration(id: number): Promise<{ record: StoredRecord | null; generation: StoreGeneration }> {
    const { record, row } = this.#readRecord(id);
    return { record, generation: row ? this.#generationOf(row) : await this.getGeneration() };
  }

  /** A record and its generation columns, by one statement; its proof from the batch's tree (chunks never change). */
  #readRecord(id: number): { record: StoredRecord | null; row: Row | undefined } {
    const query = `SELECT r.id, r.model_id, r.request_hash, r.response_hash, r.timestamp, r.encoding, r.response_salt, r.request_salt, r.signer, r.signature,
      r.leaf, r.proof, r.created_at, m.batch_id, m.leaf_index, b.tree_leaves, b.root AS batch_root, ${generationColumns}
      FROM records r LEFT JOIN batch_members m ON m.record_id = r.id LEFT JOIN batches b ON b.id = m.batch_id WHERE r.id = ?`;
    const row = this.#statement(query).get(id) as Row | undefined;
    if (!row) return { record: null, row };
    const record: StoredRecord = {
      id: row.id as number,
      modelId: hex(row.model_id),
      requestHash: hex(row.request_hash),
      responseHash: hex(row.response_hash),
      timestamp: BigInt(row.timestamp as number),
      encoding: row.encoding as ContentEncoding,
      responseSalt: hex(row.response_salt),
      requestSalt: hexOrNull(row.request_salt),
      signer: row.signer as Address,
      signature: hex(row.signature) as Hex,
      leaf: hex(row.leaf),
      batchId: row.batch_id as number | null,
      leafIndex: row.leaf_index as number | null,
      proof: this.#proofOf(row),
      createdAt: row.created_at as number,
    };
    return { record, row };
  }

  #generationOf(row: Row): StoreGeneration {
    return `${this.#number}.${row.data_version as number}.${row.total_changes as number}`;
  }

  async countPending(exclusions: PendingExclusions = {}): Promise<number> {
    // no condition at all without exclusions: SQLite then counts the rows of the table's smallest index
    const excluded = exclusionsOf(exclusions);
    const where = excluded.conditions.length === 0 ? "" : `WHERE ${excluded.conditions.join(" AND ")}`;
    return (this.#statement(`SELECT count(*) AS n FROM pending_records ${where}`).get(...excluded.values) as { n: number }).n;
  }

  async countUnanchored({ signer }: { signer: Address }): Promise<number> {
    // pending records, then the members of open batches as counted per signer: never a scan of every record
    const query = `SELECT (SELECT count(*) FROM pending_records WHERE signer = ? COLLATE NOCASE)
      + (SELECT coalesce(sum(s.members), 0) FROM batches b CROSS JOIN batch_signers s ON s.batch_id = b.id
         WHERE b.status <> 'anchored' AND s.signer = ? COLLATE NOCASE) AS n`;
    return (this.#statement(query).get(getAddress(signer), getAddress(signer)) as { n: number }).n;
  }

  async countAnchoredSince({ signer, since }: { signer: Address; since: bigint }): Promise<number> {
    // batches first (CROSS JOIN keeps that order), then their members as counted per signer
    const query = `SELECT coalesce(sum(s.members), 0) AS n FROM batches b CROSS JOIN batch_signers s ON s.batch_id = b.id
      WHERE b.status = 'anchored' AND b.anchored_at >= ? AND s.signer = ? COLLATE NOCASE`;
    return (this.#statement(query).get(since, getAddress(signer)) as { n: number }).n;
  }

  async countPendingBySigner(): Promise<{ signer: Address; count: number }[]> {
    const query = "SELECT signer, count(*) AS n FROM pending_records GROUP BY signer ORDER BY signer";
    const rows = this.#statement(query).all() as { signer: string; n: number }[];
    return rows.map((row) => ({ signer: getAddress(row.signer), count: row.n }));
  }

  async getPendingLeaves({ limit, maxTimestamp, ...exclusions }: GetPendingLeavesParameters): Promise<{ ids: number[]; leaves: Uint8Array }> {
    // one row (a JSON array of ids, one blob of leaves), not a row object and a buffer per record. Both aggregates
    // take the rows in the one order the subquery yields them, so ids[i] is the record of leaf i; no ORDER BY inside
    // them (each would sort a million rows again). The leaves are concatenated as they are stored: group_concat joins
    // a blob's bytes unchanged (text of a UTF-8 database is not transcoded), and the cast keeps them a blob; hex and
    // unhex would cost three times as much. The length is checked all the same. Without exclusions the query has no
    // condition but the time: a filter costs only the runs that need one.
    const excluded = exclusionsOf(exclusions);
    const query = `SELECT json_group_array(record_id) AS ids, CAST(group_concat(leaf, '') AS BLOB) AS leaves
      FROM (SELECT record_id, leaf FROM pending_records WHERE ${["timestamp <= ?", ...excluded.conditions].join(" AND ")} ORDER BY record_id LIMIT ?)`;
    const row = this.#statement(query).get(maxTimestamp, ...excluded.values, limit) as { ids: string; leaves: Uint8Array | null };
    const ids = JSON.parse(row.ids) as number[];
    const leaves = row.leaves ?? new Uint8Array(0);
    if (leaves.length !== ids.length * 32) throw new StoreError(`Reading ${ids.length} pending leaves gave ${leaves.length} bytes, not ${ids.length * 32}: a pending row's leaf is not 32 bytes.`);
    // kept (a copy: what the caller holds is theirs) for the batch built from it: createBatch checks its members
    // against this read instead of reading a million rows again. An excluded record is simply not in it: a member the
    // read left out is checked against its pending row (assignBatchMembers), never taken on trust
    this.#lastPendingRead = { ids: ids.slice(), leaves: leaves.slice() };
    return { ids, leaves };
  }

  async listPendingIdsBySigners({ signers, limit }: { signers: readonly Address[]; limit: number }): Promise<number[]> {
    const query = "SELECT record_id AS id FROM pending_records WHERE lower(signer) IN (SELECT value FROM json_each(?)) ORDER BY record_id LIMIT ?";
    return (this.#statement(query).all(lowerJson(signers), limit) as { id: number }[]).map((row) => row.id);
  }

  async countPendingByModel(): Promise<{ modelId: Hash; count: number }[]> {
    // the (model, time) index alone, in model id order
    const rows = this.#statement("SELECT model_id, count(*) AS n FROM pending_records GROUP BY model_id ORDER BY model_id").all() as { model_id: Uint8Array; n: number }[];
    return rows.map((row) => ({ modelId: hex(row.model_id), count: row.n }));
  }

  async countPendingRetired(model: RetiredModel): Promise<number> {
    const retired = retiredModelsCondition([model]);
    return (this.#statement(`SELECT count(*) AS n FROM pending_records WHERE ${retired.sql}`).get(...retired.values) as { n: number }).n;
  }

  async listPendingRetiredIds({ models, limit }: { models: readonly RetiredModel[]; limit: number }): Promise<number[]> {
    const retired = retiredModelsCondition(models);
    const query = `SELECT record_id AS id FROM pending_records WHERE ${retired.sql} ORDER BY record_id LIMIT ?`;
    return (this.#statement(query).all(...retired.values, limit) as { id: number }[]).map((row) => row.id);
  }

  async countBatchMembersBySigner(batchId: number): Promise<{ signer: Address; count: number }[]> {
    return this.#signerCounts(batchId)
      .sort((a, b) => (a.signer < b.signer ? -1 : a.signer > b.signer ? 1 : 0))
      .map((row) => ({ signer: getAddress(row.signer), count: row.members }));
  }

  async detachBatchMembers({ batchId, signers }: { batchId: number; signers: readonly Address[] }): Promise<number[]> {
    if (signers.length === 0) return [];
    const query = `SELECT r.id, r.timestamp, r.signer, r.model_id, r.leaf FROM batch_members m CROSS JOIN records r ON r.id = m.record_id
      WHERE m.batch_id = ? AND lower(r.signer) IN (SELECT value FROM json_each(?)) ORDER BY r.id`;
    return this.#transaction(() => this.#detach(batchId, this.#statement(query).all(batchId, lowerJson(signers)) as DetachedRow[]));
  }

  async countBatchMembersByModel(batchId: number): Promise<{ modelId: Hash; count: number }[]> {
    return this.#modelCounts(batchId)
      .map((row) => ({ modelId: hex(row.model_id), count: row.members }))
      .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
  }

  async detachRetiredBatchMembers({ batchId, models }: { batchId: number; models: readonly RetiredModel[] }): Promise<number[]> {
    return this.#transaction(() => {
      // only a model whose latest member claim (an upper bound) is at or after its retirement can have members to take
      // out: the members are joined with their records only then
      const counts = this.#modelCounts(batchId);
      const due = models.filter(({ modelId, retiredAt }) => counts.some((row) => hex(row.model_id) === modelId.toLowerCase() && BigInt(row.last_timestamp) >= retiredAt));
      if (due.length === 0) return [];
      const retired = retiredModelsCondition(due, { alias: "r" });
      const query = `SELECT r.id, r.timestamp, r.signer, r.model_id, r.leaf FROM batch_members m CROSS JOIN records r ON r.id = m.record_id
        WHERE m.batch_id = ? AND ${retired.sql} ORDER BY r.id`;
      const ids = this.#detach(batchId, this.#statement(query).all(batchId, ...retired.values) as DetachedRow[]);
      // what stays of each model was claimed before its retirement: the bound drops below it, so checking again is free
      for (const { modelId, retiredAt } of due) {
        this.#statement("UPDATE batch_models SET last_timestamp = min(last_timestamp, ?) WHERE batch_id = ? AND model_id = ?").run(retiredAt - 1n, batchId, hexToBytes(modelId));
      }
      return ids;
    });
  }

  async createBatch({ root, manifestUri, tree, members }: CreateBatchParameters): Promise<StoredBatch> {
    const statement = (sql: string) => this.#statement(sql);
    const id = this.#transaction(() => {
      if (this.#statement("SELECT 1 FROM batches WHERE status <> 'anchored' LIMIT 1").get()) {
        throw new StoreError("Another batch is still open: anchor it before building a new one.");
      }
      const at = now();
      const { id: batchId } = this.#statement(
        "INSERT INTO batches (root, count, status, manifest_uri, tree_leaves, created_at, updated_at) VALUES (?, ?, 'built', ?, ?, ?, ?) RETURNING id",
      ).get(hexToBytes(root), members.length, manifestUri, tree.leafCount, at, at) as { id: number };
      writeBatchTree({ statement, batchId, root, tree });
      assignBatchMembers({ statement, batchId, tree, members, lastRead: this.#lastPendingRead });
      return batchId;
    });
    this.#lastPendingRead = undefined;
    return (await this.getBatch(id))!;
  }

  async getOpenBatch(): Promise<StoredBatch | null> {
    const row = this.#statement("SELECT * FROM batches WHERE status <> 'anchored' ORDER BY id LIMIT 1").get() as Row | undefined;
    return row ? toStoredBatch(row) : null;
  }

  async getBatch(id: number): Promise<StoredBatch | null> {
    const row = this.#statement("SELECT * FROM batches WHERE id = ?").get(id) as Row | undefined;
    return row ? toStoredBatch(row) : null;
  }

  async getBatchByRoot(root: Hash): Promise<StoredBatch | null> {
    const row = this.#statement("SELECT * FROM batches WHERE root = ?").get(hexToBytes(root)) as Row | undefined;
    return row ? toStoredBatch(row) : null;
  }

  async getPendingIdsByLeaf(): Promise<Map<Hash, number>> {
    const rows = this.#statement("SELECT record_id AS id, leaf FROM pending_records ORDER BY record_id").all() as { id: number; leaf: Uint8Array }[];
    return new Map(rows.map((row) => [hex(row.leaf), row.id]));
  }

  async getBatchLeaves(batchId: number): Promise<Uint8Array> {
    const query = "SELECT r.leaf FROM batch_members m CROSS JOIN records r ON r.id = m.record_id WHERE m.batch_id = ? ORDER BY m.leaf_index";
    const rows = this.#statement(query).all(batchId) as { leaf: Uint8Array }[];
    const leaves = new Uint8Array(rows.length * 32);
    rows.forEach((row, index) => leaves.set(row.leaf, index * 32));
    return leaves;
  }

  async markBatchSent({ batchId, txHash, rawTx, nonce, sentAtBlock, lock }: { batchId: number; txHash: Hash; rawTx: Hex; nonce: number; sentAtBlock?: number | undefined; lock?: StoreLock | undefined }): Promise<void> {
    // a file lock is lost only with its process, but a caller that released it must not send either
    if (lock && this.#locks.get(lock.name)?.owner !== lock.owner) {
      throw new StoreError(`The ${lock.name} lock is no longer held by this run: batch ${batchId} was not marked sent, and nothing may be broadcast.`);
    }
    const at = now();
    this.#updateBatch(
      batchId,
      ["built", "sent"],
      "UPDATE batches SET status = 'sent', tx_hash = ?, raw_tx = ?, nonce = ?, sent_at_block = ?, updated_at = ? WHERE id = ?",
      [hexToBytes(txHash), hexToBytes(rawTx), nonce, sentAtBlock ?? null, at, batchId],
      () =>
        this.#statement("INSERT INTO batch_transactions (tx_hash, batch_id, nonce, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (tx_hash) DO NOTHING").run(
          hexToBytes(txHash),
          batchId,
          nonce,
          at,
        ),
    );
  }

  async getBatchTransactions(batchId: number): Promise<Hash[]> {
    const rows = this.#statement("SELECT tx_hash FROM batch_transactions WHERE batch_id = ? ORDER BY rowid DESC").all(batchId) as { tx_hash: Uint8Array }[];
    return rows.map((row) => hex(row.tx_hash));
  }

  async adoptBatchTransaction({ batchId, txHash }: { batchId: number; txHash: Hash }): Promise<void> {
    this.#statement("INSERT INTO batch_transactions (tx_hash, batch_id, nonce, created_at) VALUES (?, ?, NULL, ?) ON CONFLICT (tx_hash) DO NOTHING").run(hexToBytes(txHash), batchId, now());
  }

  async markBatchAnchored(parameters: MarkBatchAnchoredParameters): Promise<{ detached: number }> {
    const { batchId, txHash, blockNumber, blockHash, anchoredAt, anchorer, gasUsed, feeWei } = parameters;
    let detached = 0;
    this.#updateBatch(
      batchId,
      ["built", "sent", "anchored"],
      `UPDATE batches SET status = 'anchored', tx_hash = ?, block_number = ?, block_hash = ?, anchored_at = ?, anchorer = ?, final = 0,
         gas_used = coalesce(?, gas_used), fee_wei = coalesce(?, fee_wei), updated_at = ? WHERE id = ?`,
      [hexToBytes(txHash), blockNumber, hexToBytes(blockHash), anchoredAt, anchorer, gasUsed ?? null, feeWei === undefined ? null : String(feeWei), now(), batchId],
      () => {
        // members claimed after the anchor's time: looked for only when the batch's latest claim is after it
        if (this.#signerCounts(batchId).every((row) => row.last_timestamp <= anchoredAt)) return;
        const late = "SELECT r.id, r.timestamp, r.signer, r.model_id, r.leaf FROM batch_members m CROSS JOIN records r ON r.id = m.record_id WHERE m.batch_id = ? AND r.timestamp > ?";
        detached = this.#detach(batchId, this.#statement(late).all(batchId, anchoredAt) as DetachedRow[]).length;
      },
    );
    return { detached };
  }

  async reopenBatch(batchId: number, { keepTransaction = false }: { keepTransaction?: boolean } = {}): Promise<void> {
    const unanchored = "block_number = NULL, block_hash = NULL, anchored_at = NULL, anchorer = NULL, final = 0, updated_at = ?";
    const sql = keepTransaction
      ? `UPDATE batches SET status = CASE WHEN raw_tx IS NULL THEN 'built' ELSE 'sent' END, tx_hash = CASE WHEN raw_tx IS NULL THEN NULL ELSE tx_hash END, ${unanchored} WHERE id = ?`
      : `UPDATE batches SET status = 'built', tx_hash = NULL, raw_tx = NULL, nonce = NULL, ${unanchored} WHERE id = ?`;
    this.#updateBatch(batchId, keepTransaction ? ["anchored"] : ["sent", "anchored"], sql, [now(), batchId]);
  }

  async getRecentBatches(limit: number): Promise<StoredBatch[]> {
    const query = "SELECT * FROM batches WHERE id IN (SELECT id FROM batches ORDER BY id DESC LIMIT ?) OR status <> 'anchored' ORDER BY id DESC";
    return (this.#statement(query).all(limit) as Row[]).map(toStoredBatch);
  }

  async listBatches({ afterId, limit }: { afterId: number; limit: number }): Promise<StoredBatch[]> {
    return (this.#statement("SELECT * FROM batches WHERE id > ? ORDER BY id LIMIT ?").all(afterId, limit) as Row[]).map(toStoredBatch);
  }

  async getLastAnchoredBatch(): Promise<StoredBatch | null> {
    const row = this.#statement("SELECT * FROM batches WHERE status = 'anchored' ORDER BY id DESC LIMIT 1").get() as Row | undefined;
    return row ? toStoredBatch(row) : null;
  }

  async listRecordIds({ afterId, limit, batchId }: { afterId: number; limit: number; batchId?: number | undefined }): Promise<number[]> {
    const rows =
      batchId === undefined
        ? this.#statement("SELECT id FROM records WHERE id > ? ORDER BY id LIMIT ?").all(afterId, limit)
        : this.#statement("SELECT record_id AS id FROM batch_members WHERE batch_id = ? AND record_id > ? ORDER BY record_id LIMIT ?").all(batchId, afterId, limit);
    return (rows as { id: number }[]).map((row) => row.id);
  }

  async getAnchoredBatches(): Promise<StoredBatch[]> {
    return (this.#statement("SELECT * FROM batches WHERE status = 'anchored' ORDER BY id").all() as Row[]).map(toStoredBatch);
  }

  async getUnfinalizedBatches(): Promise<StoredBatch[]> {
    return (this.#statement("SELECT * FROM batches WHERE status = 'anchored' AND final = 0 ORDER BY id").all() as Row[]).map(toStoredBatch);
  }

  async markBatchFinal(batchId: number): Promise<void> {
    this.#updateBatch(batchId, ["anchored"], "UPDATE batches SET final = 1, updated_at = ? WHERE id = ?", [now(), batchId]);
  }

  /**
   * A file lock: an exclusive SQLite lock (fcntl) on `<store>-<name>.lock`, held by a connection kept open. The
   * kernel frees it when the process dies, whatever its PID namespace or host name; a second connection, in
   * this process or another, is refused at once.
   */
  async acquireLock({ name, owner }: { name: string; owner: string }): Promise<boolean> {
    const held = this.#locks.get(name);
    if (held) return held.owner === owner;
    if (this.#path === ":memory:") {
      this.#locks.set(name, { owner, connection: null });
      return true;
    }
    const path = `${this.#path}-${name}.lock`;
    // created only when missing: closing any descriptor of a file drops every fcntl lock this process holds on it
    if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
    const { DatabaseSync } = await import("node:sqlite");
    const connection = new DatabaseSync(path);
    try {
      connection.exec("PRAGMA busy_timeout = 0; PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE");
    } catch (error) {
      connection.close();
      if ((error as { errcode?: number }).errcode === sqliteBusy) return false;
      throw error;
    }
    this.#locks.set(name, { owner, connection });
    return true;
  }

  async releaseLock({ name, owner }: { name: string; owner: string }): Promise<void> {
    const held = this.#locks.get(name);
    if (held?.owner !== owner) return;
    this.#locks.delete(name);
    held.connection?.close();
  }

  async close(): Promise<void> {
    for (const [name, { owner }] of this.#locks) await this.releaseLock({ name, owner });
    if (this.#db.isOpen) this.#db.close();
  }

  /**
   * Takes members out of batch `batchId`, back to pending, inside the caller's transaction (with the proof row of a
   * batch from before trees were kept), and counts the batch's members per signer and per model again; returns their ids.
   */
  #detach(batchId: number, rows: readonly DetachedRow[]): number[] {
    if (rows.length === 0) return [];
    for (const row of rows) {
      this.#statement("INSERT INTO pending_records (record_id, timestamp, signer, model_id, leaf) VALUES (?, ?, ?, ?, ?)").run(row.id, row.timestamp, row.signer, row.model_id, row.leaf);
      this.#statement("DELETE FROM batch_members WHERE record_id = ?").run(row.id);
      this.#statement("UPDATE records SET proof = NULL WHERE id = ? AND proof IS NOT NULL").run(row.id);
    }
    // the batch's counts per signer and per model lose them (the latest claim of each stays: an upper bound is enough)
    const bySigner = new Map<string, number>();
    const byModel = new Map<Hash, { modelId: Uint8Array; count: number }>();
    for (const row of rows) {
      bySigner.set(row.signer, (bySigner.get(row.signer) ?? 0) + 1);
      const model = hex(row.model_id);
      byModel.set(model, { modelId: row.model_id, count: (byModel.get(model)?.count ?? 0) + 1 });
    }
    for (const [signer, count] of bySigner) this.#statement("UPDATE batch_signers SET members = members - ? WHERE batch_id = ? AND signer = ?").run(count, batchId, signer);
    this.#statement("DELETE FROM batch_signers WHERE batch_id = ? AND members <= 0").run(batchId);
    for (const { modelId, count } of byModel.values()) this.#statement("UPDATE batch_models SET members = members - ? WHERE batch_id = ? AND model_id = ?").run(count, batchId, modelId);
    this.#statement("DELETE FROM batch_models WHERE batch_id = ? AND members <= 0").run(batchId);
    return rows.map((row) => row.id);
  }

  /**
   * A batch's members counted per signer, with the latest time one of them claims: kept in `batch_signers` as members
   * join or leave it, never a join of a million members with their records. A batch with members but no counts
   * (built by an older aiattest still running on this file after it was upgraded) is counted from its members.
   */
  #signerCounts(batchId: number): { signer: string; members: number; last_timestamp: number }[] {
    return this.#memberCounts(batchId, { table: "batch_signers", column: "signer" }) as { signer: string; members: number; last_timestamp: number }[];
  }

  /**
   * A batch's members counted per model, as per signer: kept in `batch_models`. A batch with members but no counts
   * (anchored before they were kept, then reopened; or built by an older aiattest still running on this file) is
   * counted from its members.
   */
  #modelCounts(batchId: number): { model_id: Uint8Array; members: number; last_timestamp: number }[] {
    return this.#memberCounts(batchId, { table: "batch_models", column: "model_id" }) as { model_id: Uint8Array; members: number; last_timestamp: number }[];
  }

  /** The counts `table` keeps of a batch's members by `column`, or, where it keeps none, counted from the members. */
  #memberCounts(batchId: number, { table, column }: { table: "batch_signers" | "batch_models"; column: "signer" | "model_id" }): Row[] {
    const kept = this.#statement(`SELECT ${column}, members, last_timestamp FROM ${table} WHERE batch_id = ?`).all(batchId) as Row[];
    if (kept.length > 0) return kept;
    const query = `SELECT r.${column}, count(*) AS members, max(r.timestamp) AS last_timestamp FROM batch_members m CROSS JOIN records r ON r.id = m.record_id
      WHERE m.batch_id = ? GROUP BY r.${column}`;
    return this.#statement(query).all(batchId) as Row[];
  }

  /** A batched record's proof: derived from its batch's tree, or read from its own row in a batch built before trees were kept. */
  #proofOf(row: Row): Hash[] | null {
    if (row.batch_id === null) return null;
    if (row.tree_leaves !== null) {
      return readTreeProof({
        statement: (sql) => this.#statement(sql),
        chunks: this.#treeChunks,
        batchId: row.batch_id as number,
        root: row.batch_root as Uint8Array,
        leafCount: row.tree_leaves as number,
        leafIndex: row.leaf_index as number,
      });
    }
    // a one-record batch has an empty proof, which node:sqlite may store as NULL: batched means "has a proof"
    const proof = (row.proof as Uint8Array | null) ?? new Uint8Array(0);
    return Array.from({ length: proof.length / 32 }, (_, i) => bytesToHex(proof.subarray(i * 32, i * 32 + 32)) as Hash);
  }

  #readDeployment(): StoreDeployment | null {
    const row = this.#statement("SELECT value FROM meta WHERE key = 'deployment'").get() as { value: string } | undefined;
    if (!row) return null;
    const parsed = JSON.parse(row.value) as StoreDeployment;
    return { chainId: parsed.chainId, contract: getAddress(parsed.contract), publisher: getAddress(parsed.publisher) };
  }

  /** Runs `sql` on the batch if its status is one of `from`, then `alsoInTransaction`, in one transaction. */
  #updateBatch(batchId: number, from: BatchStatus[], sql: string, values: (string | number | Uint8Array | null)[], alsoInTransaction?: () => void): void {
    this.#transaction(() => {
      const row = this.#statement("SELECT status FROM batches WHERE id = ?").get(batchId) as { status: BatchStatus } | undefined;
      if (!row || !from.includes(row.status)) {
        throw new StoreError(`Batch ${batchId} is ${row ? row.status : "missing"}; expected ${from.join(" or ")}.`);
      }
      this.#statement(sql).run(...values);
      alsoInTransaction?.();
    });
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `body` in one write transaction. On failure, rolls back what is still open (SQLite has already rolled
   * back after some errors, a full disk among them) and throws the error that caused it: a full disk is a
   * `StoreError` saying so, never a complaint about the rollback.
   *
   * `BEGIN IMMEDIATE` takes the write lock first (waiting up to the busy timeout while another process writes), so
   * a transaction never turns from reader into writer midway, where SQLite reports busy without waiting. A busy
   * or locked answer the timeout did not absorb (WAL recovery, a checkpoint) rolls back and runs `body` again,
   * after a growing, jittered pause, up to `busyAttempts` times: bodies are synchronous and touch only the database.
   */
  #transaction<T>(body: () => T): T {
    for (let attempt = 1; ; attempt++) {
      try {
        this.#db.exec("BEGIN IMMEDIATE");
        const result = body();
        this.#db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        const code = ((error as { errcode?: number }).errcode ?? 0) & 0xff;
        if (code === sqliteBusy || code === sqliteLocked) {
          if (attempt < busyAttempts) {
            sleepSync(busyPauseMs * 2 ** attempt * (1 + Math.random()));
            continue;
          }
          throw new StoreError(`The store stayed locked by another process through ${busyAttempts} attempts: ${(error as Error).message}. Nothing of this write was kept.`, {
            cause: error,
            metaMessages: ["Another process is holding a long write transaction on this store (AIATTEST_DB): retry when it is done."],
          });
        }
        if (code === sqliteFull) {
          throw new StoreError(`The store's disk is full: ${(error as Error).message}. Nothing of this write was kept.`, {
            cause: error,
            metaMessages: ["Free space on the disk holding the store (and its -wal file), then retry."],
          });
        }
        throw error;
      }
    }
  }
}

/** Addresses as a JSON array of lower-case text, for `json_each`: signers are compared without their checksum case. */
function lowerJson(addresses: readonly Address[]): string {
  return JSON.stringify(addresses.map((address) => address.toLowerCase()));
}

/** The conditions on `pending_records` that leave out what `exclusions` names (none without exclusions), and their values in order. */
function exclusionsOf({ excludeSigners = [], excludeModels = [] }: PendingExclusions): { conditions: string[]; values: (string | Uint8Array | bigint)[] } {
  const conditions: string[] = [];
  const values: (string | Uint8Array | bigint)[] = [];
  if (excludeSigners.length > 0) {
    conditions.push("lower(signer) NOT IN (SELECT value FROM json_each(?))");
    values.push(lowerJson(excludeSigners));
  }
  if (excludeModels.length > 0) {
    const retired = retiredModelsCondition(excludeModels);
    conditions.push(`NOT ${retired.sql}`);
    values.push(...retired.values);
  }
  return { conditions, values };
}

/** A member leaving its batch: what its pending row holds. */
type DetachedRow = { id: number; timestamp: number; signer: string; model_id: Uint8Array; leaf: Uint8Array };

/** Blocks this thread for `ms` milliseconds: the store's methods are synchronous inside, like SQLite's own busy wait. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

