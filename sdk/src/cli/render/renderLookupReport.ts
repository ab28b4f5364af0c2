import type { LookupReport, LookupReportRow } from "../../lookup/LookupReport.js";
import { escapeHtml } from "../../text/escapeHtml.js";
import { escapeText } from "../../text/escapeText.js";

/** Bars the chart draws at most: longer spans group several days into one bar. */
const maxBars = 400;
const dayMs = 86_400_000;

/**
 * The self-contained HTML page of `aiattest lookup --report`, for a lab to attach to a complaint: the summary table,
 * matched outputs per served day as an inline SVG chart, and the list of matches with the command that verifies
 * each. No script, no stylesheet or font from the network: it opens the same offline, in a mail client or archived.
 * Every text that came from the corpus or the store is escaped (controls shown as `\u{…}`, then HTML-escaped).
 *
 * @example
 * await writeFile("report.html", renderLookupReport(report))
 */
export function renderLookupReport(report: LookupReport): string {
  const text = (value: string) => escapeHtml(escapeText(value));
  const modelRows = report.models
    .map((model) => `<tr><td>${text(model.name)} ${text(model.version)}<br><code>${model.modelId}</code></td><td>${model.exact}</td><td>${model.normalized}</td><td>${isoOf(model.firstServed)}</td><td>${isoOf(model.lastServed)}</td></tr>`)
    .join("\n");
  const rows = report.rows.map((row) => matchRow(row, text)).join("\n");
  const omitted = report.rowsOmitted > 0 ? `<p class="note">The list shows the first ${report.rows.length} matches; ${report.rowsOmitted} more are in the matches JSONL (<code>--out</code>).</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>aiattest lookup: ${report.exact + report.normalized} matches in ${text(report.corpus)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
code, pre { font: 12px/1.4 ui-monospace, monospace; word-break: break-all; white-space: pre-wrap; }
.note { color: #555; }
.exact { color: #14532d; } .normalized { color: #92400e; }
</style>
</head>
<body>
<h1>Outputs found in a dataset</h1>
<p>Corpus <code>${text(report.corpus)}</code>, looked up ${isoOf(report.generatedAt)} with <code>aiattest lookup</code>.</p>
<h2>Summary</h2>
<table>
<tr><th>Samples read</th><td>${report.samples}</td></tr>
<tr><th>Lines without the field</th><td>${report.missingField}</td></tr>
<tr><th>Exact matches</th><td>${report.exact}</td></tr>
<tr><th>Normalized-only matches</th><td>${report.normalized}</td></tr>
${report.capped > 0 ? `<tr><th>Samples served more than ${report.maxRecordsPerSample} times (${report.maxRecordsPerSample} records listed each)</th><td>${report.capped}</td></tr>\n` : ""}</table>
<table>
<tr><th>Model</th><th>Exact</th><th>Normalized only</th><th>First served</th><th>Last served</th></tr>
${modelRows}
</table>
<p class="note">An <b>exact</b> match is the very text a model served: its proof bundle proves it, checked by anyone with
<code>aiattest verify</code>, the web verifier or a block explorer. A <b>normalized</b> match differs from a served text
only in whitespace or Unicode composition: the proof covers the original text, which is not shown here, not this sample.</p>
<h2>Matches per day served</h2>
${renderChart(report.perDay)}
<h2>Matches</h2>
${omitted}
<table>
<tr><th>Sample</th><th>Kind</th><th>Record</th><th>Model</th><th>Served</th><th>Text and verification</th></tr>
${rows}
</table>
</body>
</html>
`;
}

function matchRow(row: LookupReportRow, text: (value: string) => string): string {
  const check =
    row.kind === "exact"
      ? row.bundle && row.response
        ? `aiattest verify --bundle ${shellQuote(row.bundle)} --response ${shellQuote(row.response)}`
        : `aiattest proof ${row.recordId} --out ${row.recordId}.json && aiattest verify --bundle ${row.recordId}.json --response <this text as a file>`
      : `No proof covers this sample: record ${row.recordId}'s proof (aiattest proof ${row.recordId}) covers its original text, which differs only in whitespace or Unicode composition.`;
  return `<tr><td>${text(row.file)}:${row.line}</td><td class="${row.kind}">${row.kind}</td><td>${row.recordId}</td><td>${text(row.model)}</td><td>${isoOf(row.timestamp)}</td><td><pre>${text(row.text)}</pre><code>${text(check)}</code></td></tr>`;
}

/** Matches per day as stacked bars (exact, then normalized), every day from the first to the last drawn. */
function renderChart(perDay: LookupReport["perDay"]): string {
  if (perDay.length === 0) return `<p class="note">No matches.</p>`;
  const first = Date.parse(`${perDay[0]!.day}T00:00:00Z`);
  const days = Math.round((Date.parse(`${perDay.at(-1)!.day}T00:00:00Z`) - first) / dayMs) + 1;
  const daysPerBar = Math.ceil(days / maxBars);
  const bars = Array.from({ length: Math.ceil(days / daysPerBar) }, () => ({ exact: 0, normalized: 0 }));
  for (const { day, exact, normalized } of perDay) {
    const bar = bars[Math.floor((Date.parse(`${day}T00:00:00Z`) - first) / dayMs / daysPerBar)]!;
    bar.exact += exact;
    bar.normalized += normalized;
  }
  const width = 800;
  const height = 200;
  const left = 50;
  const top = 10;
  const peak = Math.max(...bars.map((bar) => bar.exact + bar.normalized));
  const barWidth = width / bars.length;
  const scale = (count: number) => (count / peak) * height;
  const rects = bars
    .map((bar, index) => {
      const x = (left + index * barWidth).toFixed(2);
      const w = Math.max(barWidth - 1, 0.5).toFixed(2);
      const exactHeight = scale(bar.exact);
      const normalizedHeight = scale(bar.normalized);
      const label = `${dayOf(first + index * daysPerBar * dayMs)}${daysPerBar > 1 ? ` (+${daysPerBar - 1} days)` : ""}: ${bar.exact} exact, ${bar.normalized} normalized`;
      return `<g><title>${label}</title><rect x="${x}" y="${(top + height - exactHeight).toFixed(2)}" width="${w}" height="${exactHeight.toFixed(2)}" fill="#15803d"/><rect x="${x}" y="${(top + height - exactHeight - normalizedHeight).toFixed(2)}" width="${w}" height="${normalizedHeight.toFixed(2)}" fill="#f59e0b"/></g>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Matches per day served" width="${left + width + 10}" height="${top + height + 40}" viewBox="0 0 ${left + width + 10} ${top + height + 40}" font-size="11" font-family="sans-serif">
<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#333"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>
<text x="${left - 4}" y="${top + 8}" text-anchor="end">${peak}</text><text x="${left - 4}" y="${top + height}" text-anchor="end">0</text>
${rects}
<text x="${left}" y="${top + height + 15}">${perDay[0]!.day}</text><text x="${left + width}" y="${top + height + 15}" text-anchor="end">${perDay.at(-1)!.day}</text>
<text x="${left + width / 2}" y="${top + height + 32}" text-anchor="middle">served (UTC, ${daysPerBar === 1 ? "one bar a day" : `one bar per ${daysPerBar} days`}) · green exact, amber normalized only</text>
</svg>`;
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A path as one POSIX shell word. */
function shellQuote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
