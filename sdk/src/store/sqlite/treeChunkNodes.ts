/**
 * Nodes per row of `batch_tree_chunks` (32 KiB). SQL reads a blob whole, so a proof's ~20 nodes cost ~20 chunk
 * reads: small chunks keep that cheap (the top ten levels share chunk 0), large ones keep the row count low
 * (about 2,000 rows per million leaves).
 */
export const treeChunkNodes = 1024;
