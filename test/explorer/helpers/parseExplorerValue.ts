import { type Hex, isAddress, isHex, size } from "viem";

/** An ABI value as viem takes it: hex, a bigint, a boolean, or an array of them (a struct's fields in order). */
export type AbiValue = Hex | bigint | boolean | string | AbiValue[];

/**
 * Reads a value typed into an explorer's Read Contract box the way Etherscan and Blockscout do: a struct
 * `tuple(t1,t2,…)` or an array `t[]` is JSON in brackets whose elements are read by their own type; an address, bytes
 * or bytesN is 0x-hex of the right length; a uint is decimal digits. Anything else is refused, as the form would.
 *
 * @throws {Error} naming the type and the text, when the text is not a value of that type.
 * @example
 * parseExplorerValue("bytes32[]", '["0x…"]') // ["0x…"]
 */
export function parseExplorerValue(type: string, text: string): AbiValue {
  return fromJson(type, type.startsWith("tuple(") || type.endsWith("[]") ? parseJson(type, text) : text);
}

function parseJson(type: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${type}: not bracket syntax: ${text}`);
  }
}

function fromJson(type: string, value: unknown): AbiValue {
  const refuse = (): never => {
    throw new Error(`${type}: not a value of this type: ${JSON.stringify(value)}`);
  };
  if (type.endsWith("[]")) return Array.isArray(value) ? value.map((element) => fromJson(type.slice(0, -2), element)) : refuse();
  if (type.startsWith("tuple(")) {
    const components = splitTuple(type);
    return Array.isArray(value) && value.length === components.length ? value.map((element, index) => fromJson(components[index]!, element)) : refuse();
  }
  if (typeof value !== "string") return refuse();
  if (type === "address") return isAddress(value, { strict: false }) ? value : refuse();
  if (type === "bool") return value === "true" ? true : value === "false" ? false : refuse();
  if (type === "string") return value;
  if (/^uint\d+$/.test(type)) return /^\d+$/.test(value) && BigInt(value) < 2n ** BigInt(type.slice(4)) ? BigInt(value) : refuse();
  if (type === "bytes") return isHex(value, { strict: true }) && value.length % 2 === 0 ? value : refuse();
  if (/^bytes\d+$/.test(type)) return isHex(value, { strict: true }) && value.length % 2 === 0 && size(value) === Number(type.slice(5)) ? value : refuse();
  return refuse();
}

/** `tuple(bytes32,tuple(uint64,address)[],bool)` → its top-level component types. */
function splitTuple(type: string): string[] {
  const inner = type.slice("tuple(".length, type.lastIndexOf(")"));
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < inner.length; index++) {
    if (inner[index] === "(") depth++;
    else if (inner[index] === ")") depth--;
    else if (inner[index] === "," && depth === 0) {
      parts.push(inner.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}
