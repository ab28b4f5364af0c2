// @aiattest/sdk/node: the lab pipeline (store, recorder, anchorer), for Node.js 22.13+. The CLI's settings are the CLI's own.
export { AnchorRunError, type AnchorStep } from "./errors/AnchorRunError.js";
export { StoreError } from "./errors/StoreError.js";

export { toProofBundle, type ToProofBundleParameters } from "./bundle/toProofBundle.js";

export type { AnchorStepEvent } from "./pipeline/anchorer/AnchorContext.js";
export { createRecorder, type CreateRecorderParameters, type Recorder, type RecordParameters } from "./pipeline/createRecorder.js";
export { getProofBundle, type GetProofBundleParameters } from "./pipeline/getProofBundle.js";
export { runAnchorer, type RunAnchorerParameters, type RunAnchorerReturnType } from "./pipeline/runAnchorer.js";

export { openPostgresStore, type OpenPostgresStoreParameters } from "./store/openPostgresStore.js";
export { openSqliteStore, type OpenSqliteStoreParameters } from "./store/openSqliteStore.js";
export { SqliteStore } from "./store/sqlite/SqliteStore.js";
export type { BatchStatus, CreateBatchParameters, MarkBatchAnchoredParameters, NewRecord, Store, StoreDeployment, StoredBatch, StoredModel, StoredRecord } from "./store/Store.js";

export type { LookupCandidate, StoredLookupSecret } from "./lookup/LookupCandidate.js";
export { lookupKeysOf, type LookupKeys, type LookupKeysOfParameters } from "./lookup/lookupKeysOf.js";
export { lookupSecretFingerprint } from "./lookup/lookupSecretFingerprint.js";
export { lookupTagOf } from "./lookup/lookupTagOf.js";
export { normalizeLookupText } from "./lookup/normalizeLookupText.js";
