/** 32 bytes as 0x-hex in either case: a model id, a digest, a salt, a root, a private key. */
export const bytes32Pattern = /^0x[0-9a-fA-F]{64}$/;
