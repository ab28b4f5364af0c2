import type { Client, Pool, PoolClient } from "pg";
import { type Address, type Hash, type Hex, bytesToHex, getAddress, hexToBytes, keccak256, stringToHex } from "viem";
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
  StoreLock,
} from "../Store.js";
import { treeChunkNodes } from "../treeChunkNodes.js";
import { assignPostgresBatchMembers } from "./assignPostgresBatchMembers.js";
import { checkBatchTree } from "./checkBatchTree.js";
import { postgresMigrations } from "./postgresMigrations.js";
import { toStoredBatch } from "../toStoredBatch.js";
import { leafBytesOf } from "../leafBytesOf.js";

type Row = Record<string, unknown>;
type Queryable = Pick<PoolClient, "query">;
const hex = (value: unknown) => bytesToHex(value as Uint8Array) as Hash;
const hexOrNull = (value: unknown) => (value === null ? null : hex(value));
const bytes = (value: Hex) => Buffer.from(hexToBytes(value));
const now = () => Math.floor(Date.now() / 1000);
/** SQLSTATEs: serialization failure and deadlock (the transaction is safe to run again); disk full. */
const retryable = new Set(["40001", "40P01"]);
const diskFull = "53100";
/** A transaction the server aborted as a deadlock or serialization failure is run this many times in all. */
const attempts = 5;
/** Rows per statement when inserting records: keeps each statement's parameters a few MB. */
const insertChunk = 10_000;

/** The 64-bit advisory-lock key of a named lock: the first 8 bytes of keccak256("aiattest:lock:<name>"). */
export function advisoryLockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(keccak256(stringToHex(`aiattest:lock:${name}`)).slice(0, 18))).toString();
}
/** Serializes migrations across processes (several may start on a new database at once). */
const migrationLockKey = advisoryLockKey("migrations");
/** Serializes `createBatch` across processes: the one-open-batch check and the insert are one step. */
const batchLockKey = advisoryLockKey("create-batch");

/**
 * A store on PostgreSQL (`pg`, pure JavaScript), for recorders in several processes and hosts writing one
 * database. Every method is one transaction on a pooled connection at READ COMMITTED; a committed transaction is
 * durable (the server's `synchronous_commit`, on by default). The anchorer lock is a session advisory lock held
 * by a connection of its own: the server frees it when that connection ends, so a holder killed on any host
 * releases it. Open it with `openPostgresStore`.
 */
export class PostgresStore implements Store {
  readonly #pool: Pool;
  readonly #connectLockClient: () => Client;
  /** Held locks: the connection holding each one's advisory lock. */
  readonly #locks = new Map<string, { owner: string; client: Client; pid: number }>();

  /** `pool` serves the methods; `connectLockClient` makes an unconnected client for a lock's own session. */
  constructor(pool: Pool, { connectLockClient }: { connectLockClient: () => Client }) {
    this.#pool = pool;
    this.#connectLockClient = connectLockClient;
  }

  /**
   * Applies pending migrations under an advisory lock (processes starting at once on a new database wait for
   * each other; the version is read under the lock), all in one transaction; refuses a newer schema.
   */
  async migrate(): Promise<void> {
    const latest = postgresMigrations.length;
    await this.#transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [migrationLockKey]);
      await client.query("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
      const current = ((await client.query("SELECT version FROM schema_version")).rows[0]?.version as number | undefined) ?? 0;
      if (current > latest) {
        throw new StoreError(`The database uses schema version ${current}, newer than this aiattest (${latest}).`, {
          metaMessages: ["Upgrade aiattest, or point AIATTEST_DB at another database."],
        });
      }
      if (current === latest) return;
      for (let version = current + 1; version <= latest; version++) await client.query(postgresMigrations[version - 1]!);
      await client.query("DELETE FROM schema_version");
      await client.query("INSERT INTO schema_version (version) VALUES ($1)", [latest]);
    });
  }

  /**
   * For a command that only reads: throws a `StoreError` unless the database holds this SDK's schema exactly. A
   * database without it is no store; an older schema is not migrated here (a writing command does it).
   */
  async checkSchema({ location }: { location: string }): Promise<void> {
    const latest = postgresMigrations.length;
    const hasVersion = (await this.#query("SELECT to_regclass('schema_version') IS NOT NULL AS present")).rows[0].present as boolean;
    const current = hasVersion ? (((await this.#query("SELECT version FROM schema_version")).rows[0]?.version as number | undefined) ?? 0) : 0;
    if (current === latest) return;
    if (current === 0) throw new StoreError(`No store at ${location}: the database holds no aiattest schema; record something first (this command only reads a store, it never creates one).`);
    throw new StoreError(`The store at ${location} uses schema version ${current}, ${current < latest ? "older" : "newer"} than this aiattest's (${latest}).`, {
      metaMessages: [current < latest ? "This command only reads: run a writing command first (`aiattest anchor`, or a recorder) to upgrade it." : "Upgrade aiattest, or point AIATTEST_DB at another database."],
    });
  }

  async bindDeployment(asked: StoreDeployment): Promise<void> {
    const deployment = { chainId: asked.chainId, contract: getAddress(asked.contract), publisher: getAddress(asked.publisher) };
    await this.#transaction(async (client) => {
      // the first binder wins, whichever process it is: the others read its deployment
      await client.query("INSERT INTO meta (key, value) VALUES ('deployment', $1) ON CONFLICT (key) DO NOTHING", [JSON.stringify(deployment)]);
      const bound = (await readDeployment(client))!;
      if (bound.chainId !== deployment.chainId || bound.contract !== deployment.contract || bound.publisher !== deployment.publisher) {
        throw new StoreError("This database belongs to another deployment.", {
          metaMessages: [
            `database: chain ${bound.chainId}, contract ${bound.contract}, publisher ${bound.publisher}`,
            `asked:    chain ${deployment.chainId}, contract ${deployment.contract}, publisher ${deployment.publisher}`,
            "Use one database per deployment and publisher (AIATTEST_DB).",
          ],
        });
      }
    });
  }

  async getDeployment(): Promise<StoreDeployment | null> {
    return readDeployment(this.#pool);
  }

  async putModel(model: StoredModel): Promise<void> {
    await this.#query("INSERT INTO models (model_id, publisher, name, version) VALUES ($1, $2, $3, $4) ON CONFLICT (model_id) DO NOTHING", [
      bytes(model.modelId),
      model.publisher,
      model.name,
      model.version,
    ]);
  }

  async getModel(modelId: Hash): Promise<StoredModel | null> {
    const row = (await this.#query("SELECT publisher, name, version FROM models WHERE model_id = $1", [bytes(modelId)])).rows[0] as Row | undefined;
    return row ? { modelId, publisher: row.publisher as Address, name: row.name as string, version: row.version as string } : null;
  }

  // a read answered late (a lagging replica, a slow host) must not undo a newer one: a key's window only ever
  // shrinks while its role and publisher stay, and a model's retirement is for good
  async putKeyFacts({ key, publisher, role, validFrom, validUntil, readAt }: CachedKeyFacts): Promise<void> {
    await this.#query(
      `INSERT INTO key_facts (key, publisher, role, valid_from, valid_until, read_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO UPDATE SET publisher = excluded.publisher, role = excluded.role, valid_from = excluded.valid_from,
         valid_until = CASE WHEN key_facts.role = excluded.role AND key_facts.publisher = excluded.publisher
           THEN LEAST(key_facts.valid_until, excluded.valid_until) ELSE excluded.valid_until END,
         read_at = excluded.read_at`,
      [getAddress(key), getAddress(publisher), role, String(validFrom), String(validUntil), readAt],
    );
  }

  async getKeyFacts(key: Address): Promise<CachedKeyFacts | null> {
    const query = "SELECT publisher, role, valid_from::text AS valid_from, valid_until::text AS valid_until, read_at FROM key_facts WHERE key = $1";
    const row = (await this.#query(query, [getAddress(key)])).rows[0] as Row | undefined;
    if (!row) return null;
    return {
      key: getAddress(key),
      publisher: row.publisher as Address,
      role: row.role as KeyRole,
      validFrom: BigInt(row.valid_from as string),
      validUntil: BigInt(row.valid_until as string),
      readAt: Number(row.read_at),
    };
  }

  async putModelFacts({ modelId, publisher, name, version, retiredAt, readAt }: CachedModelFacts): Promise<void> {
    await this.#query(
      `INSERT INTO models (model_id, publisher, name, version, retired_at, read_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (model_id) DO UPDATE SET retired_at = CASE WHEN coalesce(models.retired_at, 0) <> 0 THEN models.retired_at ELSE excluded.retired_at END,
         read_at = excluded.read_at`,
      [bytes(modelId), publisher, name, version, String(retiredAt), readAt],
    );
  }

  async getModelFacts(modelId: Hash): Promise<CachedModelFacts | null> {
    const query = "SELECT publisher, name, version, retired_at::text AS retired_at, read_at FROM models WHERE model_id = $1 AND read_at IS NOT NULL";
    const row = (await this.#query(query, [bytes(modelId)])).rows[0] as Row | undefined;
    if (!row) return null;
    return {
      modelId,
      publisher: row.publisher as Address,
      name: row.name as string,
      version: row.version as string,
      retiredAt: BigInt(row.retired_at as string),
      readAt: Number(row.read_at),
    };
  }

  async insertRecords(records: readonly NewRecord[]): Promise<number[]> {
    if (records.length === 0) return [];
    const createdAt = now();
    return this.#transaction(async (client) => {
      const ids = await drawRecordIds(client, records.length);
      await insertRecordRows({ client, records, ids, createdAt });
      return ids;
    });
  }

  async registerLookupSecret(fingerprint: Hash): Promise<number> {
    const query = `WITH inserted AS (INSERT INTO lookup_secrets (fingerprint, created_at) VALUES ($1, $2) ON CONFLICT (fingerprint) DO NOTHING RETURNING id)
       SELECT id FROM inserted UNION ALL SELECT id FROM lookup_secrets WHERE fingerprint = $1`;
    // a row another process committed while this statement ran is in neither branch (the statement's snapshot is older): the next one sees it
    for (;;) {
      const row = (await this.#query(query, [bytes(fingerprint), now()])).rows[0] as { id: number } | undefined;
      if (row) return Number(row.id);
    }
  }

  async listLookupSecrets(): Promise<StoredLookupSecret[]> {
    const query = `SELECT s.id, s.fingerprint, s.created_at, coalesce(c.n, 0)::integer AS n FROM lookup_secrets s
       LEFT JOIN (SELECT lookup_secret_id, count(*) AS n FROM records WHERE lookup_secret_id IS NOT NULL GROUP BY lookup_secret_id) c ON c.lookup_secret_id = s.id ORDER BY s.id`;
    const rows = (await this.#query(query)).rows as Row[];
    return rows.map((row) => ({ id: Number(row.id), fingerprint: hex(row.fingerprint), createdAt: Number(row.created_at), records: row.n as number }));
  }

  async countNotIndexed(): Promise<number> {
    return (await this.#query("SELECT count(*)::integer AS n FROM records WHERE lookup_secret_id IS NULL")).rows[0].n as number;
  }

  async findLookupCandidates(tags: readonly bigint[], { perTag }: { perTag: number }): Promise<LookupCandidate[]> {
    if (tags.length === 0) return [];
    // the tags held at all (one probe each: most of a corpus is foreign), then for those, per kind, a range of the
    // index (tag, kind, record_id) stopped at perTag rows
    const query = `WITH held AS MATERIALIZED (SELECT t.tag FROM unnest($1::bigint[]) AS t(tag) WHERE EXISTS (SELECT 1 FROM lookup_keys WHERE tag = t.tag))
       SELECT k.tag::text AS tag, k.kind, k.mac, r.lookup_secret_id, r.id, r.model_id, r.timestamp::text AS timestamp, r.encoding, r.response_salt, r.response_hash
       FROM held AS t CROSS JOIN (VALUES (0::smallint), (1::smallint)) AS kinds(kind)
       CROSS JOIN LATERAL (SELECT tag, kind, mac, record_id FROM lookup_keys WHERE tag = t.tag AND kind = kinds.kind ORDER BY record_id LIMIT $2) k
       JOIN records r ON r.id = k.record_id`;
    const rows = (await this.#query(query, [[...new Set(tags)].map(String), perTag])).rows as Row[];
    return rows.map((row) => ({
      tag: BigInt(row.tag as string),
      kind: row.kind === 0 ? "exact" : "normalized",
      mac: row.mac === null ? null : hex(row.mac),
      secretId: Number(row.lookup_secret_id),
      recordId: Number(row.id),
      modelId: hex(row.model_id),
      timestamp: BigInt(row.timestamp as string),
      encoding: row.encoding as ContentEncoding,
      responseSalt: hex(row.response_salt),
      responseHash: hex(row.response_hash),
    }));
  }

  async insertClaimedRecords(entries: readonly ClaimedRecord[]): Promise<ClaimedRecordOutcome[]> {
    if (entries.length === 0) return [];
    const createdAt = now();
    return this.#transaction(async (client) => {
      const ids = await drawRecordIds(client, entries.length);
      const claimed = entries.flatMap(({ claim }, index) => (claim ? [{ claim, index }] : []));
      // the claims first: a key another transaction is inserting makes this insert wait for it (READ COMMITTED),
      // then skip it; the record of a claim that lost is never inserted
      const won = new Set<number>();
      if (claimed.length > 0) {
        const inserted = await client.query(
          `INSERT INTO idempotency_keys (token_name, key, request_hash, record_id, created_at)
           SELECT *, $5::bigint FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bigint[]) ON CONFLICT DO NOTHING RETURNING record_id`,
          [claimed.map(({ claim }) => claim.tokenName), claimed.map(({ claim }) => claim.key), claimed.map(({ claim }) => bytes(claim.requestHash)), claimed.map(({ index }) => ids[index]), createdAt],
        );
        for (const row of inserted.rows as { record_id: number }[]) won.add(Number(row.record_id));
      }
      const firsts = new Map<string, { id: number; requestHash: Hash }>();
      const lost = claimed.filter(({ index }) => !won.has(ids[index]!));
      if (lost.length > 0) {
        const rows = await client.query(
          "SELECT token_name, key, record_id, request_hash FROM idempotency_keys WHERE (token_name, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
          [lost.map(({ claim }) => claim.tokenName), lost.map(({ claim }) => claim.key)],
        );
        for (const row of rows.rows as Row[]) firsts.set(JSON.stringify([row.token_name, row.key]), { id: Number(row.record_id), requestHash: hex(row.request_hash) });
      }
      const outcomes = entries.map(({ claim }, index): ClaimedRecordOutcome => {
        if (!claim || won.has(ids[index]!)) return { id: ids[index]!, isNew: true };
        const first = firsts.get(JSON.stringify([claim.tokenName, claim.key]))!;
        return { id: first.id, isNew: false, requestHash: first.requestHash };
      });
      const fresh = outcomes.flatMap((outcome, index) => (outcome.isNew ? [index] : []));
      await insertRecordRows({ client, records: fresh.map((index) => entries[index]!.record), ids: fresh.map((index) => ids[index]!), createdAt });
      return outcomes;
    });
  }

  async getClaimedRecord({ tokenName, key }: { tokenName: string; key: string }): Promise<{ id: number; requestHash: Hash } | null> {
    const row = (await this.#query("SELECT record_id, request_hash FROM idempotency_keys WHERE token_name = $1 AND key = $2", [tokenName, key])).rows[0] as Row | undefined;
    return row ? { id: Number(row.record_id), requestHash: hex(row.request_hash) } : null;
  }

  async createToken({ name, tokenHash }: { name: string; tokenHash: Hash }): Promise<void> {
    const inserted = await this.#query("INSERT INTO ingest_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING", [name, bytes(tokenHash), now()]);
    if (inserted.rowCount !== 1) throw new StoreError(`A token named "${name}" exists already (revoked tokens keep their name): pick another name.`);
  }

  async listTokens(): Promise<IngestToken[]> {
    const rows = (await this.#query(`SELECT name, token_hash, created_at, revoked_at FROM ingest_tokens ORDER BY name COLLATE "C"`)).rows as Row[];
    return rows.map((row) => ({ name: row.name as string, tokenHash: hex(row.token_hash), createdAt: Number(row.created_at), revokedAt: row.revoked_at === null ? null : Number(row.revoked_at) }));
  }

  async revokeToken(name: string): Promise<boolean> {
    return (await this.#query("UPDATE ingest_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL", [now(), name])).rowCount === 1;
  }

  async getRecord(id: number): Promise<StoredRecord | null> {
    // the record and, for a member, its proof in one round trip: the path from its leaf (node 2n - 2 - k) up to the
    // root, each node's sibling read from the tree chunk that holds it (as getProofNodeIndices walks it)
    const query = `SELECT r.*, r.timestamp::text AS timestamp_text, b.tree_leaves, p.proof, p.length AS proof_length
      FROM records r LEFT JOIN batches b ON b.id = r.batch_id
      LEFT JOIN LATERAL (
        WITH RECURSIVE path (node, depth) AS (
          SELECT 2 * b.tree_leaves::bigint - 2 - r.leaf_index, 0
          UNION ALL SELECT (node - 1) / 2, depth + 1 FROM path WHERE node > 0
        ), siblings AS (SELECT CASE WHEN node % 2 = 1 THEN node + 1 ELSE node - 1 END AS node, depth FROM path WHERE node > 0)
        SELECT count(*) AS length, coalesce(string_agg(substring(c.nodes FROM (s.node % $2)::integer * 32 + 1 FOR 32), ''::bytea ORDER BY s.depth), ''::bytea) AS proof
        FROM siblings s LEFT JOIN batch_tree_chunks c ON c.batch_id = r.batch_id AND c.chunk = s.node / $2
      ) p ON b.tree_leaves IS NOT NULL
      WHERE r.id = $1`;
    const row = (await this.#query(query, [id, treeChunkNodes])).rows[0] as Row | undefined;
    if (!row) return null;
    const batchId = row.batch_id as number | null;
    return {
      id: row.id as number,
      modelId: hex(row.model_id),
      requestHash: hex(row.request_hash),
      responseHash: hex(row.response_hash),
      timestamp: BigInt(row.timestamp_text as string),
      encoding: row.encoding as ContentEncoding,
      responseSalt: hex(row.response_salt),
      requestSalt: hexOrNull(row.request_salt),
      signer: row.signer as Address,
      signature: hex(row.signature) as Hex,
      leaf: hex(row.leaf),
      batchId,
      leafIndex: row.leaf_index as number | null,
      proof: batchId === null ? null : proofOf({ batchId, proof: row.proof as Buffer, length: Number(row.proof_length) }),
      createdAt: row.created_at as number,
    };
  }

  async countPending(exclusions: PendingExclusions = {}): Promise<number> {
    const excluded = exclusionsOf(exclusions, { from: 1 });
    return (await this.#query(`SELECT count(*) AS n FROM records WHERE batch_id IS NULL ${excluded.sql}`, excluded.values)).rows[0].n as number;
  }

  async countUnanchored({ signer }: { signer: Address }): Promise<number> {
    const query = `SELECT (SELECT count(*) FROM records WHERE batch_id IS NULL AND lower(signer) = lower($1))
      + (SELECT count(*) FROM batches b JOIN records r ON r.batch_id = b.id WHERE b.status <> 'anchored' AND lower(r.signer) = lower($1)) AS n`;
    return (await this.#query(query, [signer])).rows[0].n as number;
  }

  async countAnchoredSince({ signer, since }: { signer: Address; since: bigint }): Promise<number> {
    const query = "SELECT count(*) AS n FROM batches b JOIN records r ON r.batch_id = b.id WHERE b.status = 'anchored' AND b.anchored_at >= $1 AND lower(r.signer) = lower($2)";
    return (await this.#query(query, [String(since), signer])).rows[0].n as number;
  }

  async countPendingBySigner(): Promise<{ signer: Address; count: number }[]> {
    const query = `SELECT signer, count(*) AS n FROM records WHERE batch_id IS NULL GROUP BY signer ORDER BY signer COLLATE "C"`;
    return ((await this.#query(query)).rows as { signer: string; n: number }[]).map((row) => ({ signer: getAddress(row.signer), count: row.n }));
  }

  /**
   * Unbatched rows, never an id range: ids are drawn before their insert commits, so a record with a lower id than
   * one already read may commit later. At READ COMMITTED it is simply pending at the next run, never skipped.
   */
  async getPendingLeaves({ limit, maxTimestamp, ...exclusions }: GetPendingLeavesParameters): Promise<{ ids: number[]; leaves: Uint8Array }> {
    // one row: the ids as text and the leaves as one bytea, not a row object and a buffer per record
    const excluded = exclusionsOf(exclusions, { from: 3 });
    const query = `SELECT string_agg(id::text, ',' ORDER BY id) AS ids, string_agg(leaf, ''::bytea ORDER BY id) AS leaves
      FROM (SELECT id, leaf FROM records WHERE batch_id IS NULL AND timestamp <= $1 ${excluded.sql} ORDER BY id LIMIT $2) pending`;
    const row = (await this.#query(query, [String(maxTimestamp), limit, ...excluded.values])).rows[0] as { ids: string | null; leaves: Buffer | null };
    const leaves = row.leaves ?? Buffer.alloc(0);
    return { ids: row.ids === null ? [] : row.ids.split(",").map(Number), leaves: new Uint8Array(leaves.buffer, leaves.byteOffset, leaves.length) };
  }

  async listPendingIdsBySigners({ signers, limit }: { signers: readonly Address[]; limit: number }): Promise<number[]> {
    const query = "SELECT id FROM records WHERE batch_id IS NULL AND lower(signer) = ANY($1::text[]) ORDER BY id LIMIT $2";
    return ((await this.#query(query, [lower(signers), limit])).rows as { id: number }[]).map((row) => row.id);
  }

  async countPendingByModel(): Promise<{ modelId: Hash; count: number }[]> {
    const query = "SELECT model_id, count(*) AS n FROM records WHERE batch_id IS NULL GROUP BY model_id ORDER BY model_id";
    return ((await this.#query(query)).rows as { model_id: Uint8Array; n: number }[]).map((row) => ({ modelId: hex(row.model_id), count: row.n }));
  }

  async countPendingRetired({ modelId, retiredAt }: RetiredModel): Promise<number> {
    const query = "SELECT count(*) AS n FROM records WHERE batch_id IS NULL AND model_id = $1 AND timestamp >= $2";
    return (await this.#query(query, [bytes(modelId), String(retiredAt)])).rows[0].n as number;
  }

  async listPendingRetiredIds({ models, limit }: { models: readonly RetiredModel[]; limit: number }): Promise<number[]> {
    const query = `SELECT id FROM records WHERE batch_id IS NULL AND ${isRetired("$1", "$2")} ORDER BY id LIMIT $3`;
    return ((await this.#query(query, [...retiredArrays(models), limit])).rows as { id: number }[]).map((row) => row.id);
  }

  async countBatchMembersBySigner(batchId: number): Promise<{ signer: Address; count: number }[]> {
    const query = `SELECT signer, count(*) AS n FROM records WHERE batch_id = $1 GROUP BY signer ORDER BY signer COLLATE "C"`;
    return ((await this.#query(query, [batchId])).rows as { signer: string; n: number }[]).map((row) => ({ signer: getAddress(row.signer), count: row.n }));
  }

  async detachBatchMembers({ batchId, signers }: { batchId: number; signers: readonly Address[] }): Promise<number[]> {
    if (signers.length === 0) return [];
    const sql = "UPDATE records SET batch_id = NULL, leaf_index = NULL WHERE batch_id = $1 AND lower(signer) = ANY($2::text[]) RETURNING id";
    return ((await this.#query(sql, [batchId, lower(signers)])).rows as { id: number }[]).map((row) => row.id).sort((a, b) => a - b);
  }

  async countBatchMembersByModel(batchId: number): Promise<{ modelId: Hash; count: number }[]> {
    const query = "SELECT model_id, count(*) AS n FROM records WHERE batch_id = $1 GROUP BY model_id ORDER BY model_id";
    return ((await this.#query(query, [batchId])).rows as { model_id: Uint8Array; n: number }[]).map((row) => ({ modelId: hex(row.model_id), count: row.n }));
  }

  async detachRetiredBatchMembers({ batchId, models }: { batchId: number; models: readonly RetiredModel[] }): Promise<number[]> {
    if (models.length === 0) return [];
    const sql = `UPDATE records SET batch_id = NULL, leaf_index = NULL WHERE batch_id = $1 AND ${isRetired("$2", "$3")} RETURNING id`;
    return ((await this.#query(sql, [batchId, ...retiredArrays(models)])).rows as { id: number }[]).map((row) => row.id).sort((a, b) => a - b);
  }

  async getPendingIdsByLeaf(): Promise<Map<Hash, number>> {
    const rows = (await this.#query("SELECT id, leaf FROM records WHERE batch_id IS NULL ORDER BY id")).rows as { id: number; leaf: Uint8Array }[];
    return new Map(rows.map((row) => [hex(row.leaf), row.id]));
  }

  async createBatch({ root, manifestUri, tree, members }: CreateBatchParameters): Promise<StoredBatch> {
    const id = await this.#transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [batchLockKey]);
      if ((await client.query("SELECT 1 FROM batches WHERE status <> 'anchored' LIMIT 1")).rowCount) {
        throw new StoreError("Another batch is still open: anchor it before building a new one.");
      }
      checkBatchTree({ root, tree });
      const at = now();
      const inserted = await client.query(
        "INSERT INTO batches (root, count, status, manifest_uri, tree_leaves, created_at, updated_at) VALUES ($1, $2, 'built', $3, $4, $5, $5) RETURNING id",
        [bytes(root), members.length, manifestUri, tree.leafCount, at],
      );
      const batchId = inserted.rows[0].id as number;
      // the tree in chunks of treeChunkNodes nodes, cut by the server from one parameter
      const chunkBytes = treeChunkNodes * 32;
      await client.query(
        "INSERT INTO batch_tree_chunks (batch_id, chunk, nodes) SELECT $1, c, substring($2::bytea FROM c * $3 + 1 FOR $3) FROM generate_series(0, $4::integer) c",
        [batchId, Buffer.from(tree.nodes.buffer, tree.nodes.byteOffset, tree.nodes.length), chunkBytes, Math.ceil(tree.nodes.length / chunkBytes) - 1],
      );
      await assignPostgresBatchMembers({ client, batchId, tree, members });
      return batchId;
    });
    return (await this.getBatch(id))!;
  }

  async getOpenBatch(): Promise<StoredBatch | null> {
    return this.#batch("SELECT * FROM batches WHERE status <> 'anchored' ORDER BY id LIMIT 1");
  }

  async getBatch(id: number): Promise<StoredBatch | null> {
    return this.#batch("SELECT * FROM batches WHERE id = $1", [id]);
  }

  async getBatchByRoot(root: Hash): Promise<StoredBatch | null> {
    return this.#batch("SELECT * FROM batches WHERE root = $1", [bytes(root)]);
  }

  async getBatchLeaves(batchId: number): Promise<Uint8Array> {
    const row = (await this.#query("SELECT string_agg(leaf, ''::bytea ORDER BY leaf_index) AS leaves FROM records WHERE batch_id = $1", [batchId])).rows[0] as { leaves: Buffer | null };
    return new Uint8Array(row.leaves ?? Buffer.alloc(0));
  }

  async markBatchSent({ batchId, txHash, rawTx, nonce, sentAtBlock, lock }: { batchId: number; txHash: Hash; rawTx: Hex; nonce: number; sentAtBlock?: number | undefined; lock?: StoreLock | undefined }): Promise<void> {
    const at = now();
    await this.#updateBatch(batchId, ["built", "sent"], async (client) => {
      // fenced: the lock's session must still hold it as this send is recorded (a dropped connection, a terminated
      // backend or a partition frees it, and another host may take it and anchor the batch meanwhile)
      if (lock) await this.#checkLockHeld(client, lock, batchId);
      await client.query("UPDATE batches SET status = 'sent', tx_hash = $1, raw_tx = $2, nonce = $3, sent_at_block = $4, updated_at = $5 WHERE id = $6", [
        bytes(txHash),
        bytes(rawTx),
        nonce,
        sentAtBlock ?? null,
        at,
        batchId,
      ]);
      await client.query("INSERT INTO batch_transactions (tx_hash, batch_id, nonce, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tx_hash) DO NOTHING", [bytes(txHash), batchId, nonce, at]);
    });
  }

  async getBatchTransactions(batchId: number): Promise<Hash[]> {
    const rows = (await this.#query("SELECT tx_hash FROM batch_transactions WHERE batch_id = $1 ORDER BY seq DESC", [batchId])).rows as { tx_hash: Uint8Array }[];
    return rows.map((row) => hex(row.tx_hash));
  }

  async adoptBatchTransaction({ batchId, txHash }: { batchId: number; txHash: Hash }): Promise<void> {
    await this.#query("INSERT INTO batch_transactions (tx_hash, batch_id, nonce, created_at) VALUES ($1, $2, NULL, $3) ON CONFLICT (tx_hash) DO NOTHING", [bytes(txHash), batchId, now()]);
  }

  async markBatchAnchored(parameters: MarkBatchAnchoredParameters): Promise<{ detached: number }> {
    const { batchId, txHash, blockNumber, blockHash, anchoredAt, anchorer, gasUsed, feeWei } = parameters;
    let detached = 0;
    await this.#updateBatch(batchId, ["built", "sent", "anchored"], async (client) => {
      await client.query(
        `UPDATE batches SET status = 'anchored', tx_hash = $1, block_number = $2, block_hash = $3, anchored_at = $4, anchorer = $5, final = false,
           gas_used = coalesce($6, gas_used), fee_wei = coalesce($7, fee_wei), updated_at = $8 WHERE id = $9`,
        [bytes(txHash), blockNumber, bytes(blockHash), anchoredAt, anchorer, gasUsed ?? null, feeWei === undefined ? null : String(feeWei), now(), batchId],
      );
      detached = (await client.query("UPDATE records SET batch_id = NULL, leaf_index = NULL WHERE batch_id = $1 AND timestamp > $2", [batchId, anchoredAt])).rowCount ?? 0;
    });
    return { detached };
  }

  async reopenBatch(batchId: number, { keepTransaction = false }: { keepTransaction?: boolean } = {}): Promise<void> {
    const unanchored = "block_number = NULL, block_hash = NULL, anchored_at = NULL, anchorer = NULL, final = false, updated_at = $1";
    const sql = keepTransaction
      ? `UPDATE batches SET status = CASE WHEN raw_tx IS NULL THEN 'built' ELSE 'sent' END, tx_hash = CASE WHEN raw_tx IS NULL THEN NULL ELSE tx_hash END, ${unanchored} WHERE id = $2`
      : `UPDATE batches SET status = 'built', tx_hash = NULL, raw_tx = NULL, nonce = NULL, ${unanchored} WHERE id = $2`;
    await this.#updateBatch(batchId, keepTransaction ? ["anchored"] : ["sent", "anchored"], async (client) => {
      await client.query(sql, [now(), batchId]);
    });
  }

  async getRecentBatches(limit: number): Promise<StoredBatch[]> {
    return this.#batches("SELECT * FROM batches WHERE id IN (SELECT id FROM batches ORDER BY id DESC LIMIT $1) OR status <> 'anchored' ORDER BY id DESC", [limit]);
  }

  async listBatches({ afterId, limit }: { afterId: number; limit: number }): Promise<StoredBatch[]> {
    return this.#batches("SELECT * FROM batches WHERE id > $1 ORDER BY id LIMIT $2", [afterId, limit]);
  }

  async getLastAnchoredBatch(): Promise<StoredBatch | null> {
    return this.#batch("SELECT * FROM batches WHERE status = 'anchored' ORDER BY id DESC LIMIT 1");
  }

  async listRecordIds({ afterId, limit, batchId }: { afterId: number; limit: number; batchId?: number | undefined }): Promise<number[]> {
    const result =
      batchId === undefined
        ? await this.#query("SELECT id FROM records WHERE id > $1 ORDER BY id LIMIT $2", [afterId, limit])
        : await this.#query("SELECT id FROM records WHERE batch_id = $1 AND id > $2 ORDER BY id LIMIT $3", [batchId, afterId, limit]);
    return (result.rows as { id: number }[]).map((row) => row.id);
  }

  async getAnchoredBatches(): Promise<StoredBatch[]> {
    return this.#batches("SELECT * FROM batches WHERE status = 'anchored' ORDER BY id");
  }

  async getUnfinalizedBatches(): Promise<StoredBatch[]> {
    return this.#batches("SELECT * FROM batches WHERE status = 'anchored' AND final = false ORDER BY id");
  }

  async markBatchFinal(batchId: number): Promise<void> {
    await this.#updateBatch(batchId, ["anchored"], async (client) => {
      await client.query("UPDATE batches SET final = true, updated_at = $1 WHERE id = $2", [now(), batchId]);
    });
  }

  /**
   * A session advisory lock (`pg_try_advisory_lock`) on a connection of its own, kept open while held. The server
   * frees it when that session ends: a holder that exits or is killed, on any host, releases it once its TCP
   * connection closes. A host that vanishes with its connection half-open (a network partition) holds it until
   * TCP keepalive (on for this connection) or the server's `tcp_keepalives_*` settings declare the peer dead.
   */
  async acquireLock({ name, owner }: { name: string; owner: string }): Promise<boolean> {
    const held = this.#locks.get(name);
    if (held) return held.owner === owner;
    const client = this.#connectLockClient();
    // a lock connection that dies loses the lock: forget it, so this store does not claim it still holds it
    client.on("error", () => {
      if (this.#locks.get(name)?.client === client) this.#locks.delete(name);
    });
    await client.connect();
    const row = (await client.query("SELECT pg_try_advisory_lock($1::bigint) AS taken, pg_backend_pid() AS pid", [advisoryLockKey(name)]).catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    })).rows[0] as { taken: boolean; pid: number };
    if (!row.taken) {
      await client.end();
      return false;
    }
    this.#locks.set(name, { owner, client, pid: row.pid });
    return true;
  }

  /**
   * Throws unless `lock.owner` holds `lock.name` right now, as the server sees it (`pg_locks`: the lock's session
   * is alive and holds the advisory lock), read on `client`, inside the caller's transaction.
   */
  async #checkLockHeld(client: Queryable, lock: StoreLock, batchId: number): Promise<void> {
    const held = this.#locks.get(lock.name);
    const key = BigInt.asUintN(64, BigInt(advisoryLockKey(lock.name)));
    const granted =
      held?.owner === lock.owner &&
      ((
        await client.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1 AND classid = $2::bigint::oid AND objid = $3::bigint::oid AND objsubid = 1", [
          held.pid,
          String(key >> 32n),
          String(key & 0xffffffffn),
        ])
      ).rowCount ?? 0) > 0;
    if (!granted) {
      throw new StoreError(`The ${lock.name} lock is no longer held by this run (its session ended, or another took it): batch ${batchId} was not marked sent, and nothing may be broadcast.`, {
        metaMessages: ["Run `aiattest anchor` again: it takes the lock anew and resumes the batch."],
      });
    }
  }

  async releaseLock({ name, owner }: { name: string; owner: string }): Promise<void> {
    const held = this.#locks.get(name);
    if (held?.owner !== owner) return;
    this.#locks.delete(name);
    // ending the session releases its advisory locks
    await held.client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const [name, { owner }] of this.#locks) await this.releaseLock({ name, owner });
    if (!this.#pool.ended) await this.#pool.end();
  }

  async #batch(sql: string, values: unknown[] = []): Promise<StoredBatch | null> {
    return (await this.#batches(sql, values))[0] ?? null;
  }

  async #batches(sql: string, values: unknown[] = []): Promise<StoredBatch[]> {
    return ((await this.#query(sql, values)).rows as Row[]).map(toStoredBatch);
  }

  /** Runs `body` on the batch, locked for update, if its status is one of `from`, in one transaction. */
  async #updateBatch(batchId: number, from: BatchStatus[], body: (client: PoolClient) => Promise<void>): Promise<void> {
    await this.#transaction(async (client) => {
      const row = (await client.query("SELECT status FROM batches WHERE id = $1 FOR UPDATE", [batchId])).rows[0] as { status: BatchStatus } | undefined;
      if (!row || !from.includes(row.status)) {
        throw new StoreError(`Batch ${batchId} is ${row ? row.status : "missing"}; expected ${from.join(" or ")}.`);
      }
      await body(client);
    });
  }

  /** One statement outside a transaction (a read, or a single write that commits alone). */
  async #query(sql: string, values: unknown[] = []) {
    try {
      return await this.#pool.query(sql, values);
    } catch (error) {
      throw storeErrorOf(error);
    }
  }

  /**
   * Runs `body` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws.
   * A deadlock or serialization failure (the server rolled it back) runs it again, up to `attempts` times.
   */
  async #transaction<T>(body: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect().catch((error: unknown) => {
        throw storeErrorOf(error);
      });
      try {
        await client.query("BEGIN");
        const result = await body(client);
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // a connection that failed mid-transaction is dropped from the pool, not reused
        const isBroken = await client.query("ROLLBACK").then(
          () => false,
          () => true,
        );
        client.release(isBroken);
        if (code !== undefined && retryable.has(code) && attempt < attempts) continue;
        throw storeErrorOf(error);
      }
    }
  }
}

/** The store's error for a failed statement: its own errors as they are, a full disk said plainly, others wrapped. */
function storeErrorOf(error: unknown): Error {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: string }).code;
  if (code === diskFull) {
    return new StoreError(`The store's disk is full: ${(error as Error).message}. Nothing of this write was kept.`, {
      cause: error,
      metaMessages: ["Free space on the PostgreSQL server's disk, then retry."],
    });
  }
  return error as Error;
}

/**
 * The condition "this record is of one of the retired models, claimed at or after its retirement", on `records`, with
 * the models' ids and retirement times as two array parameters (`retiredArrays`) named `ids` and `times`.
 */
function isRetired(ids: string, times: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${ids}::bytea[], ${times}::bigint[]) AS retired(model_id, retired_at) WHERE retired.model_id = records.model_id AND records.timestamp >= retired.retired_at)`;
}

/** The parameters of `isRetired`: the models' ids, and their retirement times (as text: they are bigints). */
function retiredArrays(models: readonly RetiredModel[]): [Buffer[], string[]] {
  return [models.map(({ modelId }) => bytes(modelId)), models.map(({ retiredAt }) => String(retiredAt))];
}

/**
 * The conditions `exclusions` add to a query of pending `records` (each starting with AND), numbering their parameters
 * from `$from`, and those parameters in order. None at all without exclusions: a filter costs only the runs that need one.
 */
function exclusionsOf({ excludeSigners = [], excludeModels = [] }: PendingExclusions, { from }: { from: number }): { sql: string; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  if (excludeSigners.length > 0) {
    sql.push(`AND NOT (lower(signer) = ANY($${from + values.length}::text[]))`);
    values.push(lower(excludeSigners));
  }
  if (excludeModels.length > 0) {
    sql.push(`AND NOT ${isRetired(`$${from + values.length}`, `$${from + values.length + 1}`)}`);
    values.push(...retiredArrays(excludeModels));
  }
  return { sql: sql.join(" "), values };
}

/** Addresses in lower case, for `= ANY($n::text[])`: signers are compared without their checksum case. */
function lower(addresses: readonly Address[]): string[] {
  return addresses.map((address) => address.toLowerCase());
}

async function readDeployment(client: Queryable): Promise<StoreDeployment | null> {
  const row = (await client.query("SELECT value FROM meta WHERE key = 'deployment'")).rows[0] as { value: string } | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.value) as StoreDeployment;
  return { chainId: parsed.chainId, contract: getAddress(parsed.contract), publisher: getAddress(parsed.publisher) };
}

/** Draws `count` record ids, in increasing order: ids are given in input order, since the order of rows an INSERT returns is not promised. */
async function drawRecordIds(client: Queryable, count: number): Promise<number[]> {
  const drawn = await client.query("SELECT nextval(pg_get_serial_sequence('records', 'id')) AS id FROM generate_series(1, $1::integer)", [count]);
  return (drawn.rows as { id: number }[]).map((row) => row.id).sort((a, b) => a - b);
}

/** Inserts `records` as `ids` (inside the caller's transaction), a few thousand rows per statement. */
async function insertRecordRows({ client, records, ids, createdAt }: { client: Queryable; records: readonly NewRecord[]; ids: readonly number[]; createdAt: number }): Promise<void> {
  for (let start = 0; start < records.length; start += insertChunk) {
    const chunk = records.slice(start, start + insertChunk);
    const column = <T>(pick: (record: NewRecord) => T) => chunk.map(pick);
    await client.query(
      `INSERT INTO records (id, model_id, request_hash, response_hash, timestamp, encoding, response_salt, request_salt, signer, signature, leaf, lookup_secret_id, created_at)
       SELECT *, $13::bigint FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bigint[], $6::text[], $7::bytea[], $8::bytea[], $9::text[], $10::bytea[], $11::bytea[], $12::bigint[])`,
      [
        ids.slice(start, start + chunk.length),
        column((record) => bytes(record.modelId)),
        column((record) => bytes(record.requestHash)),
        column((record) => bytes(record.responseHash)),
        column((record) => String(record.timestamp)),
        column((record) => record.encoding),
        column((record) => bytes(record.responseSalt)),
        column((record) => (record.requestSalt === null ? null : bytes(record.requestSalt))),
        column((record) => record.signer),
        column((record) => bytes(record.signature)),
        column((record) => leafBytesOf(record)),
        column((record) => record.lookup?.secretId ?? null),
        createdAt,
      ],
    );
    // the records' lookup keys, in the same transaction: an exact row (kind 0) without its mac, a normalized one (1) with it
    const keyed = chunk.flatMap((record, index) => (record.lookup ? [{ id: ids[start + index]!, lookup: record.lookup }] : []));
    if (keyed.length === 0) continue;
    await client.query(
      `INSERT INTO lookup_keys (tag, record_id, kind, mac)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::bytea[])`,
      [
        keyed.flatMap(({ lookup }) => [String(lookupTagOf(lookup.exact)), String(lookupTagOf(lookup.normalized))]),
        keyed.flatMap(({ id }) => [id, id]),
        keyed.flatMap(() => [0, 1]),
        keyed.flatMap(({ lookup }) => [null, bytes(lookup.normalized)]),
      ],
    );
  }
}

/** A member's proof, leaf to root, from its nodes read as one byte string: fewer bytes than nodes means a tree chunk is missing. */
function proofOf({ batchId, proof, length }: { batchId: number; proof: Buffer; length: number }): Hash[] {
  if (proof.length !== length * 32) {
    throw new StoreError(`Batch ${batchId}'s tree is missing nodes of a member's proof in the store (${proof.length / 32} of ${length} found): its proofs cannot be served.`);
  }
  return Array.from({ length }, (_, i) => bytesToHex(proof.subarray(i * 32, i * 32 + 32)) as Hash);
}
