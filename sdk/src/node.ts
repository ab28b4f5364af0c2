// @aiattest/sdk/node: the lab pipeline (store, recorder, anchorer) and its configuration, for Node.js 22.13+.
export { AnchorRunError, type AnchorStep } from "./errors/AnchorRunError.js";
export { StoreError } from "./errors/StoreError.js";

export { toProofBundle, type ToProofBundleParameters } from "./bundle/toProofBundle.js";

export type { AnchorStepEvent } from "./pipeline/anchorer/AnchorContext.js";
export { createRecorder, type CreateRecorderParameters, type Recorder, type RecordParameters } from "./pipeline/createRecorder.js";
export { getProofBundle, type GetProofBundleParameters } from "./pipeline/getProofBundle.js";
export { runAnchorer, type RunAnchorerParameters, type RunAnchorerReturnType } from "./pipeline/runAnchorer.js";

export { openSqliteStore, type OpenSqliteStoreParameters } from "./store/openSqliteStore.js";
export { SqliteStore } from "./store/sqlite/SqliteStore.js";
export type { BatchStatus, CreateBatchParameters, NewRecord, Store, StoreDeployment, StoredBatch, StoredModel, StoredRecord } from "./store/Store.js";

export type { AttestConfig } from "./config/AttestConfig.js";
export { ConfigError } from "./errors/ConfigError.js";
export { connectChain } from "./config/connectChain.js";
export { loadConfig } from "./config/loadConfig.js";
export { optionalSetting } from "./config/optionalSetting.js";
export { requireSetting } from "./config/requireSetting.js";
