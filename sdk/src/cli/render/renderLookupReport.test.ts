import { describe, expect, test } from "vitest";
import type { LookupReport } from "../../lookup/LookupReport.js";
import { renderLookupReport } from "./renderLookupReport.js";

const hostile = `</pre></td></script><script>alert(1)</script><img src=x onerror="alert('x')">\u202eevil`;
const modelId = `0x${"ab".repeat(32)}` as const;
const day = 86_400;
const start = Date.UTC(2026, 0, 1) / 1000;

const report: LookupReport = {
  corpus: "scrape <2026>.jsonl",
  generatedAt: start + 40 * day,
  samples: 110_000,
  missingField: 3,
  exact: 3,
  normalized: 1,
  capped: 0,
  maxRecordsPerSample: 100,
  models: [{ modelId, name: `atlas<b>`, version: "1.0", exact: 3, normalized: 1, firstServed: start + 100, lastServed: start + 9 * day }],
  perDay: [
    { day: "2026-01-01", exact: 2, normalized: 0 },
    { day: "2026-01-10", exact: 1, normalized: 1 },
  ],
  rows: [
    { file: "scrape <2026>.jsonl", line: 7, kind: "exact", recordId: 12, model: "atlas<b> 1.0", timestamp: start + 100, text: hostile, bundle: "out dir/12.json", response: "out dir/12.response.txt" },
    { file: "scrape <2026>.jsonl", line: 9, kind: "normalized", recordId: 13, model: "atlas<b> 1.0", timestamp: start + 9 * day, text: "re  spaced", bundle: null, response: null },
  ],
  rowsOmitted: 2,
};

/** The elements that must close, checked as a stack: a stray `</td>` from a sample would break it. */
function expectBalanced(html: string) {
  const voids = new Set(["meta", "br", "rect", "line", "img"]);
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const tag = name!.toLowerCase();
    if (voids.has(tag) || selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${tag}>`).toBe(tag);
    else stack.push(tag);
  }
  expect(stack).toEqual([]);
}

describe("renderLookupReport", () => {
  const html = renderLookupReport(report);

  test("a whole page whose every element closes, with no script and nothing from the network", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expectBalanced(html.slice("<!doctype html>".length));
    expect(html).not.toMatch(/<script/i);
    // every "<" left is a real tag (the texts are escaped): none loads anything
    expect(html).not.toMatch(/<[^>]*\b(src|href)=/i);
    // the only URL is the SVG namespace, which is a name, not a fetch
    expect([...html.matchAll(/https?:\/\/[^\s"']+/g)].map(([url]) => url)).toEqual(["http://www.w3.org/2000/svg"]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  test("samples of a text served more often than listed are counted in the summary, and only then", () => {
    expect(html).not.toContain("served more than");
    const capped = renderLookupReport({ ...report, capped: 7, maxRecordsPerSample: 5 });
    expect(capped).toContain("<tr><th>Samples served more than 5 times (5 records listed each)</th><td>7</td></tr>");
    expectBalanced(capped.slice("<!doctype html>".length));
  });

  test("hostile sample, file and model texts are escaped, bidi overrides shown", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain("atlas<b>");
    expect(html).toContain("&lt;/pre&gt;&lt;/td&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;\\u{202e}evil");
    expect(html).toContain("scrape &lt;2026&gt;.jsonl:7");
  });

  test("the chart has one bar per day from the first to the last, stacked by kind", () => {
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    expect(svg.match(/<title>/g)).toHaveLength(10);
    expect(svg).toContain("<title>2026-01-01: 2 exact, 0 normalized</title>");
    expect(svg).toContain("<title>2026-01-05: 0 exact, 0 normalized</title>");
    expect(svg).toContain("<title>2026-01-10: 1 exact, 1 normalized</title>");
  });

  test("a long span groups days into at most 400 bars", () => {
    const long = renderLookupReport({ ...report, perDay: [{ day: "2020-01-01", exact: 1, normalized: 0 }, { day: "2026-01-01", exact: 1, normalized: 0 }] });
    const bars = long.match(/<title>/g)!.length - 1;
    expect(bars).toBeLessThanOrEqual(400);
    expect(long).toContain("one bar per 6 days");
  });

  test("each exact match carries its verify command, each normalized one says what its proof covers", () => {
    expect(html).toContain("aiattest verify --bundle &#39;out dir/12.json&#39; --response &#39;out dir/12.response.txt&#39;");
    expect(html).toContain("No proof covers this sample: record 13&#39;s proof (aiattest proof 13) covers its original text");
    expect(html).toContain("The list shows the first 2 matches; 2 more are in the matches JSONL");
  });
});
