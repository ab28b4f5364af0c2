/**
 * The SQLite schema, one entry per version; version N is `sqliteMigrations[N - 1]`. Never edit a shipped
 * entry: append one. Hashes, salts, signatures and proofs are BLOBs (half the size of hex).
 */
export const sqliteMigrations: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE models (
    model_id BLOB PRIMARY KEY,
    publisher TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL
  ) STRICT;
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    root BLOB NOT NULL UNIQUE,
    count INTEGER NOT NULL CHECK (count > 0),
    status TEXT NOT NULL CHECK (status IN ('built', 'sent', 'anchored')),
    manifest_uri TEXT NOT NULL,
    tx_hash BLOB,
    raw_tx BLOB,
    nonce INTEGER,
    block_number INTEGER,
    anchored_at INTEGER,
    anchorer TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id BLOB NOT NULL,
    request_hash BLOB NOT NULL,
    response_hash BLOB NOT NULL,
    timestamp INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    response_salt BLOB NOT NULL,
    request_salt BLOB,
    signer TEXT NOT NULL,
    signature BLOB NOT NULL,
    leaf BLOB NOT NULL,
    batch_id INTEGER REFERENCES batches (id),
    leaf_index INTEGER,
    proof BLOB,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX records_pending ON records (id) WHERE batch_id IS NULL;
  CREATE INDEX records_batch ON records (batch_id, leaf_index) WHERE batch_id IS NOT NULL;
  CREATE INDEX batches_open ON batches (id) WHERE status <> 'anchored';
  CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  `,
  // every anchor transaction the anchorer signed for a batch, kept across reopens and re-signs: the anchorer
  // adopts an on-chain anchor of a batch's root only if one of these made it. Backfilled from the batches'
  // current tx_hash (a `sent` batch's is ours; an `anchored` one's was accepted by the version that wrote it)
  `
  CREATE TABLE batch_transactions (
    tx_hash BLOB PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    nonce INTEGER,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX batch_transactions_batch ON batch_transactions (batch_id);
  INSERT INTO batch_transactions (tx_hash, batch_id, nonce, created_at)
    SELECT tx_hash, id, nonce, updated_at FROM batches WHERE tx_hash IS NOT NULL;
  `,
  // a batch's anchoring block by hash (a re-mined transaction can land at the same number and time in another
  // block), and finality: final batches are never re-checked for reorgs. The anchorer lock moved to a file lock
  // (fcntl, held by the process: no PID or host to trust)
  `
  ALTER TABLE batches ADD COLUMN block_hash BLOB;
  ALTER TABLE batches ADD COLUMN final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1));
  CREATE INDEX batches_unfinalized ON batches (id) WHERE status = 'anchored' AND final = 0;
  DROP TABLE locks;
  `,
  // when the batch's current transaction was sent (its replacement is due some blocks later), and what anchoring
  // it cost: gas used and the fee paid (wei, as text: it can exceed 2^53)
  `
  ALTER TABLE batches ADD COLUMN sent_at_block INTEGER;
  ALTER TABLE batches ADD COLUMN gas_used INTEGER;
  ALTER TABLE batches ADD COLUMN fee_wei TEXT;
  `,
  // a batch's tree is kept once, its nodes in chunks of `treeChunkNodes` (32 KiB: a proof reads ~20 nodes, and SQL
  // reads a blob whole, so one 64 MiB blob per million leaves would be read whole per proof), and each member's
  // proof is derived from it when read: a member row holds only its batch and leaf index. `tree_leaves` is the
  // tree's leaf count (members can be fewer: some leave after the anchor, a restored batch may miss some); NULL
  // for batches built before, whose members keep their proof rows (their trees cannot be rebuilt from the store:
  // members that left took their leaves with them). Members are indexed by batch alone: an index on the leaf index
  // takes a million random inserts per million-record batch (seconds), where this one is appended in id order
  `
  ALTER TABLE batches ADD COLUMN tree_leaves INTEGER CHECK (tree_leaves > 0);
  CREATE TABLE batch_tree_chunks (
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    chunk INTEGER NOT NULL,
    nodes BLOB NOT NULL,
    PRIMARY KEY (batch_id, chunk)
  ) STRICT;
  DROP INDEX records_batch;
  CREATE INDEX records_batch ON records (batch_id) WHERE batch_id IS NOT NULL;
  `,
  // what the recorder last read from the chain, and when, so it signs from these while the chain is down: the
  // signer keys' windows, and each model's retirement (NULL for models stored before: read again on first use)
  `
  CREATE TABLE key_facts (
    key TEXT PRIMARY KEY,
    publisher TEXT NOT NULL,
    role TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    read_at INTEGER NOT NULL
  ) STRICT;
  ALTER TABLE models ADD COLUMN retired_at INTEGER;
  ALTER TABLE models ADD COLUMN read_at INTEGER;
  `,
  // the ingestion API: bearer tokens (only their SHA-256), and each token's idempotency keys, stored in the
  // transaction of the record they name
  `
  CREATE TABLE ingest_tokens (
    name TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE TABLE idempotency_keys (
    token_name TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (token_name, key)
  ) STRICT;
  `,
  // batch membership leaves the records table for two narrow ones: joining a batch was an UPDATE of each member's
  // whole record row (signature, salts, hashes: ~300 bytes, and two partial indexes), 5.7 s for a million records;
  // now it is an insert into batch_members and a delete from pending_records, rows of a few bytes. A record is
  // pending while it has a pending_records row, which carries what the anchorer reads (its time, signer and leaf), so
  // taking a million pending leaves never reads the wide rows. records.batch_id and records.leaf_index are no
  // longer kept (emptied here; batch_id stays because SQLite cannot drop a column a foreign key names); records.proof
  // still holds the proofs of members of batches built before trees were kept (schema 5)
  `
  CREATE TABLE pending_records (
    record_id INTEGER PRIMARY KEY REFERENCES records (id),
    timestamp INTEGER NOT NULL,
    signer TEXT NOT NULL,
    leaf BLOB NOT NULL
  ) STRICT;
  CREATE TABLE batch_members (
    record_id INTEGER PRIMARY KEY REFERENCES records (id),
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    leaf_index INTEGER NOT NULL
  ) STRICT;
  INSERT INTO pending_records (record_id, timestamp, signer, leaf) SELECT id, timestamp, signer, leaf FROM records WHERE batch_id IS NULL ORDER BY id;
  INSERT INTO batch_members (record_id, batch_id, leaf_index) SELECT id, batch_id, leaf_index FROM records WHERE batch_id IS NOT NULL ORDER BY id;
  CREATE INDEX batch_members_batch ON batch_members (batch_id);
  DROP INDEX records_pending;
  DROP INDEX records_batch;
  UPDATE records SET batch_id = NULL, leaf_index = NULL WHERE batch_id IS NOT NULL OR leaf_index IS NOT NULL;
  `,
  // anchoring a million records in seconds: the two narrow tables lose their foreign keys (each checked per row,
  // they were a third of the cost of batching; the store alone writes these rows, each from a records row it holds),
  // pending records are indexed by signer (the anchorer counts them per signer before every run: an index scan, not
  // a table scan) and their leaves are 32 bytes (the anchorer reads them as one blob, 32 bytes a leaf), and each batch keeps its members counted per signer, with the latest time one claims: the anchorer judges every
  // signer's window, and checks for members claimed after the anchor's time, from these few rows instead of joining
  // a million members with their records (twice per batch)
  `
  CREATE TABLE pending_records_9 (
    record_id INTEGER PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    signer TEXT NOT NULL,
    leaf BLOB NOT NULL CHECK (length(leaf) = 32)
  ) STRICT;
  INSERT INTO pending_records_9 (record_id, timestamp, signer, leaf) SELECT record_id, timestamp, signer, leaf FROM pending_records ORDER BY record_id;
  DROP TABLE pending_records;
  ALTER TABLE pending_records_9 RENAME TO pending_records;
  CREATE INDEX pending_records_signer ON pending_records (signer, timestamp);
  CREATE TABLE batch_members_9 (
    record_id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL,
    leaf_index INTEGER NOT NULL
  ) STRICT;
  INSERT INTO batch_members_9 (record_id, batch_id, leaf_index) SELECT record_id, batch_id, leaf_index FROM batch_members ORDER BY record_id;
  DROP TABLE batch_members;
  ALTER TABLE batch_members_9 RENAME TO batch_members;
  CREATE INDEX batch_members_batch ON batch_members (batch_id);
  CREATE TABLE batch_signers (
    batch_id INTEGER NOT NULL,
    signer TEXT NOT NULL,
    members INTEGER NOT NULL,
    last_timestamp INTEGER NOT NULL,
    PRIMARY KEY (batch_id, signer)
  ) STRICT;
  INSERT INTO batch_signers (batch_id, signer, members, last_timestamp)
    SELECT m.batch_id, r.signer, count(*), max(r.timestamp) FROM batch_members m CROSS JOIN records r ON r.id = m.record_id GROUP BY m.batch_id, r.signer;
  `,
  // a model retired on chain voids its outputs claimed at or after its retirement, and a recorder signing from cached
  // facts during a chain outage may have signed some: the anchorer leaves them out. Pending rows carry their model
  // (filled here from their records), indexed with their time like signers: counting pending records per model, and a
  // retirement's range of them, are index scans. Each batch keeps its members counted per model, with the latest time
  // one claims (as per signer), so the anchorer checks each model's retirement from a few rows; filled here for the
  // batches still open (an anchored batch has none: reopened later, it is counted from its members). A process of
  // the previous version still running on the file inserts pending rows without a model: a trigger fills it in from
  // the record in the same statement, so that process keeps recording (and detaching) until it is restarted
  `
  CREATE TABLE pending_records_10 (
    record_id INTEGER PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    signer TEXT NOT NULL,
    model_id BLOB CHECK (length(model_id) = 32),
    leaf BLOB NOT NULL CHECK (length(leaf) = 32)
  ) STRICT;
  INSERT INTO pending_records_10 (record_id, timestamp, signer, model_id, leaf)
    SELECT p.record_id, p.timestamp, p.signer, r.model_id, p.leaf FROM pending_records p CROSS JOIN records r ON r.id = p.record_id ORDER BY p.record_id;
  DROP TABLE pending_records;
  ALTER TABLE pending_records_10 RENAME TO pending_records;
  CREATE INDEX pending_records_signer ON pending_records (signer, timestamp);
  CREATE INDEX pending_records_model ON pending_records (model_id, timestamp);
  CREATE TRIGGER pending_records_model_of_record AFTER INSERT ON pending_records WHEN NEW.model_id IS NULL BEGIN
    UPDATE pending_records SET model_id = (SELECT model_id FROM records WHERE id = NEW.record_id) WHERE record_id = NEW.record_id;
  END;
  CREATE TABLE batch_models (
    batch_id INTEGER NOT NULL,
    model_id BLOB NOT NULL,
    members INTEGER NOT NULL,
    last_timestamp INTEGER NOT NULL,
    PRIMARY KEY (batch_id, model_id)
  ) STRICT;
  INSERT INTO batch_models (batch_id, model_id, members, last_timestamp)
    SELECT m.batch_id, r.model_id, count(*), max(r.timestamp) FROM batches b CROSS JOIN batch_members m ON m.batch_id = b.id CROSS JOIN records r ON r.id = m.record_id
    WHERE b.status <> 'anchored' GROUP BY m.batch_id, r.model_id;
  `,
  // the lab's private provenance index (PROTOCOL "Provenance index"): each record made with a lookup secret keeps two
  // keys, HMAC-SHA256 of its exact content bytes (kind 0) and of its normalized text (kind 1), as an 8-byte tag; a
  // normalized row also keeps its full mac (the text is gone, so only the mac re-checks a tag match), an exact row
  // none (its record's salted response hash re-checks it). Secrets are known by their fingerprint only. Records made
  // before this version, or without a secret, have no lookup_secret_id: "not indexed". Records are counted per secret
  // and unindexed from an index on it, not a scan of every record (a lookup's start on a 10M-record store)
  `
  CREATE TABLE lookup_secrets (
    id INTEGER PRIMARY KEY,
    fingerprint BLOB NOT NULL UNIQUE CHECK (length(fingerprint) = 32),
    created_at INTEGER NOT NULL
  ) STRICT;
  ALTER TABLE records ADD COLUMN lookup_secret_id INTEGER REFERENCES lookup_secrets (id);
  CREATE INDEX records_lookup_secret ON records (lookup_secret_id);
  CREATE TABLE lookup_keys (
    tag INTEGER NOT NULL,
    record_id INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
    mac BLOB CHECK (mac IS NULL OR length(mac) = 32),
    PRIMARY KEY (tag, record_id, kind)
  ) STRICT, WITHOUT ROWID;
  `,
  // version 12: lookup_keys keyed (tag, kind, record_id), so a lookup bounds each kind of a tag on its own: a text
  // whose normalized form was served a million times no longer hides the one record it matches exactly
  `
  CREATE TABLE lookup_keys_by_kind (
    tag INTEGER NOT NULL,
    record_id INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
    mac BLOB CHECK (mac IS NULL OR length(mac) = 32),
    PRIMARY KEY (tag, kind, record_id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO lookup_keys_by_kind (tag, record_id, kind, mac) SELECT tag, record_id, kind, mac FROM lookup_keys ORDER BY tag, kind, record_id;
  DROP TABLE lookup_keys;
  ALTER TABLE lookup_keys_by_kind RENAME TO lookup_keys;
  `,
];
