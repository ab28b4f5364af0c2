/**
 * The JSON text of a command's result. Bigints (block numbers, unix times) become JSON numbers when they fit
 * in a double exactly, else decimal strings; every value aiattest returns fits.
 *
 * @example
 * toJson({ blockNumber: 12n }) // '{\n  "blockNumber": 12\n}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) =>
      typeof item === "bigint" ? (item <= BigInt(Number.MAX_SAFE_INTEGER) && item >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(item) : item.toString()) : item,
    2,
  );
}
