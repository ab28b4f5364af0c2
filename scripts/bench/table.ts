// One row of the gas benchmark, and its printing as an aligned text table or as JSON.

export interface Row {
  group: string;
  operation: string;
  variant?: string;
  gasUsed: number | undefined;
  /** Items the operation covers (outputs anchored or verified, hashes timestamped); gas/item derives from it. */
  items?: number | string;
  /** How gasUsed was measured; "receipt.gasUsed" unless told. */
  method?: string;
  /** EAS multiTimestamp at the same N, to compare with this row's gas per item. */
  eas?: { gasPerItem: number; source: "measured" | "extrapolated"; txs: number };
}

const number = (n: number) =>
  n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toLocaleString("en-US", { maximumSignificantDigits: 3 });

function compare(eas: NonNullable<Row["eas"]>, perItem: number) {
  const times = eas.gasPerItem / perItem;
  const txs = eas.txs > 1 ? `, ${number(eas.txs)} txs` : "";
  return `${number(eas.gasPerItem)} (${eas.source}${txs}) = ${times < 10 ? times.toFixed(2) : number(times)}x aiattest`;
}

function cells(row: Row) {
  const perItem = typeof row.items === "number" && row.gasUsed !== undefined ? row.gasUsed / row.items : undefined;
  return {
    group: row.group,
    operation: row.operation,
    variant: row.variant ?? "",
    gasUsed: row.gasUsed === undefined ? "" : number(row.gasUsed),
    items: row.items === undefined ? "" : typeof row.items === "number" ? number(row.items) : row.items,
    "gas/item": perItem === undefined ? "" : number(perItem),
    method: row.method ?? "receipt.gasUsed",
    "EAS multiTimestamp gas/item, same N": row.eas && perItem ? compare(row.eas, perItem) : "",
  };
}

const numeric = new Set(["gasUsed", "items", "gas/item"]);

export function printRows(rows: Row[], json: boolean, notes: string[] = []): void {
  if (json) {
    const out = rows.map((row) => ({
      ...row,
      method: row.method ?? "receipt.gasUsed",
      gasPerItem: typeof row.items === "number" && row.gasUsed !== undefined ? row.gasUsed / row.items : null,
    }));
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  const table = rows.map(cells);
  const columns = Object.keys(table[0] ?? {}) as (keyof ReturnType<typeof cells>)[];
  const width = Object.fromEntries(columns.map((c) => [c, Math.max(c.length, ...table.map((r) => r[c].length))]));
  const line = (r: Record<string, string>) =>
    columns
      .map((c) => (numeric.has(c) ? r[c]!.padStart(width[c]!) : r[c]!.padEnd(width[c]!)))
      .join(" | ")
      .trimEnd();
  console.log(line(Object.fromEntries(columns.map((c) => [c, c]))));
  console.log(columns.map((c) => "-".repeat(width[c]!)).join("-|-"));
  let group = table[0]?.group;
  for (const r of table) {
    if (r.group !== group)
      console.log(
        columns
          .map((c) => " ".repeat(width[c]!))
          .join(" | ")
          .trimEnd(),
      );
    group = r.group;
    console.log(line(r));
  }
  for (const note of notes) console.log(note);
}
