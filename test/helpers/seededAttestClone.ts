import { type Address, concat, encodeAbiParameters, type Hash, type Hex, keccak256, numberToHex, size, stringToHex, toHex } from "viem";

// AIAttest's storage layout (OpenZeppelin EIP712's two fallback strings, then Nonces, ModelRegistry, OutputAnchor);
// the test that uses this reads every seeded value back through the clone's views, so a wrong slot fails it
const slots = { models: 3n, keys: 4n, batches: 5n } as const;
const keyRoles = { publisher: 1n, signer: 2n, anchorer: 3n } as const;
const noExpiry = 2n ** 40n - 1n;

const mappingSlot = (key: Hex, slot: bigint | Hash): Hash =>
  keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: typeof slot === "bigint" ? "uint256" : "bytes32" }], [key.length === 42 ? toHex(BigInt(key), { size: 32 }) : key, slot as never]));

/** A Solidity short string (< 32 bytes) as its one storage word: the bytes left-aligned, length × 2 in the last byte. */
function shortString(text: string): Hash {
  const bytes = stringToHex(text);
  if (size(bytes) > 31) throw new Error("short strings only");
  return toHex((BigInt(bytes) << BigInt(8 * (32 - size(bytes)))) | BigInt(size(bytes) * 2), { size: 32 });
}

const word = (value: bigint): Hash => toHex(value, { size: 32 });

export type SeededState = {
  model: { id: Hash; publisher: Address; name: string; version: string; registeredAt: bigint };
  /** Keys to write: the publisher itself and any signer or anchorer keys, each with an open window from 0. */
  keys: { key: Address; publisher: Address; role: keyof typeof keyRoles }[];
  batch: { publisher: Address; root: Hash; anchorer: Address; anchoredAt: bigint; count: number };
};

/** The storage words that make AIAttest's views report `state`. */
export function seededStorage({ model, keys, batch }: SeededState): [Hash, Hash][] {
  const modelBase = BigInt(mappingSlot(model.id, slots.models));
  return [
    // ModelRecord: publisher | registeredAt << 160 | retiredAt << 200, then digest, parent, name, version, uri
    [word(modelBase), word(BigInt(model.publisher) | (model.registeredAt << 160n))],
    [word(modelBase + 3n), shortString(model.name)],
    [word(modelBase + 4n), shortString(model.version)],
    // KeyRecord: publisher | role << 160 | validFrom << 168 | validUntil << 208
    ...keys.map(({ key, publisher, role }): [Hash, Hash] => [mappingSlot(key, slots.keys), word(BigInt(publisher) | (keyRoles[role] << 160n) | (noExpiry << 208n))]),
    // Batch: anchorer | anchoredAt << 160 | count << 224
    [
      mappingSlot(batch.root, mappingSlot(batch.publisher, slots.batches)),
      word(BigInt(batch.anchorer) | (batch.anchoredAt << 160n) | (BigInt(batch.count) << 224n)),
    ],
  ];
}

/**
 * The impostor's creation code: it writes `storage`, emits one log with `topics` and `data` (so the
 * creating transaction's receipt holds the "anchoring" event), and then returns `runtimeCode` — an exact copy of
 * AIAttest's runtime code. Nothing in the deployed code shows how its storage was written.
 */
export function seededCloneCreationCode({ runtimeCode, storage, log }: { runtimeCode: Hex; storage: [Hash, Hash][]; log: { topics: Hash[]; data: Hex } }): Hex {
  const push32 = (value: Hex) => concat(["0x7f", value]);
  const push2 = (value: number) => concat(["0x61", numberToHex(value, { size: 2 })]);
  const stores = storage.map(([slot, value]) => concat([push32(value), push32(slot), "0x55"]));
  // the tail (log data, then runtime code) sits after the code; its offset is known once the code's length is
  const body = (dataOffset: number, runtimeOffset: number): Hex =>
    concat([
      ...stores,
      // CODECOPY(0, dataOffset, dataSize); LOG4(0, dataSize, topic0..3)
      push2(size(log.data)), push2(dataOffset), "0x6000", "0x39",
      ...[...log.topics].reverse().map(push32), push2(size(log.data)), "0x6000", "0xa4",
      // CODECOPY(0, runtimeOffset, runtimeSize); RETURN(0, runtimeSize)
      push2(size(runtimeCode)), push2(runtimeOffset), "0x6000", "0x39",
      push2(size(runtimeCode)), "0x6000", "0xf3",
    ]);
  const codeSize = size(body(0, 0));
  return concat([body(codeSize, codeSize + size(log.data)), log.data, runtimeCode]);
}
