import { nodeSize } from "./nodeSize.js";

/** Says why a value is not a 32-byte node (hex or bytes), for error messages. */
export function describeBadNode(value: unknown): string {
  if (value instanceof Uint8Array) return `got ${value.length} ${value.length === 1 ? "byte" : "bytes"} instead of ${nodeSize}`;
  if (typeof value !== "string") return `expected a 0x-prefixed hex string, got ${value === null ? "null" : typeof value}`;
  if (!value.startsWith("0x")) return `${quote(value)} lacks the 0x prefix`;
  if (!/^0x[0-9a-fA-F]*$/.test(value)) return `${quote(value)} contains a non-hex character`;
  if (value.length % 2 !== 0) return `${quote(value)} has an odd number of hex digits`;
  const length = (value.length - 2) / 2;
  return `${quote(value)} is ${length} ${length === 1 ? "byte" : "bytes"} long`;
}

const maxQuoted = 80;

function quote(value: string): string {
  return JSON.stringify(value.length > maxQuoted ? `${value.slice(0, maxQuoted - 3)}...` : value);
}
