/** The `format` tag of version 1 batch manifests. */
export const batchManifestFormat = "aiattest-batch-v1";
