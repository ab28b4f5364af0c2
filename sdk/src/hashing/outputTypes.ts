/** The EIP-712 domain name of every aiattest signature. */
export const attestDomainName = "aiattest";

/** The EIP-712 domain version of the current signed types. */
export const attestDomainVersion = "1";

/**
 * The EIP-712 types of a signed output, per domain version. The verifier accepts every version listed here;
 * a change to the signed struct adds a version, it never edits one.
 */
export const outputTypesByVersion = {
  "1": {
    Output: [
      { name: "modelId", type: "bytes32" },
      { name: "requestHash", type: "bytes32" },
      { name: "responseHash", type: "bytes32" },
      { name: "timestamp", type: "uint64" },
    ],
  },
} as const;

/** The EIP-712 types of the current version. */
export const outputTypes = outputTypesByVersion[attestDomainVersion];
