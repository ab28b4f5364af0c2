/**
 * How response (and request) content becomes the bytes that are hashed:
 * - `utf8`: the exact UTF-8 bytes of the text as delivered;
 * - `jcs`: the UTF-8 bytes of the RFC 8785 canonical form of the JSON value (for structured responses).
 */
export type ContentEncoding = "utf8" | "jcs";

/** Every encoding this SDK can hash, in the order they were introduced. */
export const contentEncodings = ["utf8", "jcs"] as const satisfies readonly ContentEncoding[];
