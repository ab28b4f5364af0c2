/** Bytes in one Merkle node (a leaf or an inner hash). */
export const nodeSize = 32;
