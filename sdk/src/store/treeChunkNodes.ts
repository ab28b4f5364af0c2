/**
 * Nodes per row of `batch_tree_chunks` (32 KiB). SQL reads a blob whole, so a proof reads each distinct chunk
 * holding its nodes once (~10 of them, and the store keeps recently read chunks): small chunks keep that cheap
 * (the top ten levels share chunk 0), large ones keep the row count low (about 2,000 rows per million leaves).
 */
export const treeChunkNodes = 1024;
