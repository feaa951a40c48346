/**
 * report.html of a sweep: ONE self-contained page that opens from the file system and makes no
 * network request (a Content-Security-Policy of default-src 'none' enforces it): the command and
 * the resolved base config, the summary table (click any header to sort: numeric when every
 * non-empty cell of the column is a number, text otherwise, empty cells always last), every sweep
 * figure as inline SVG with its caption, and the failed and missing runs with their messages.
 *
 * Inline SVGs share one document, so each figure's element ids (vega's clip paths) are prefixed
 * with the figure's name; the embedded figure font (render.ts) is inlined as a data: @font-face so
 * the text looks as in the PNGs. Everything taken from the data is HTML-escaped.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import { FONT_TTF_BASE64 } from "./font-data.js";
import { FONT_FAMILY } from "./render.js";
import { loadSweep, unfinishedRuns, type SweepData } from "./sweep-data.js";
import { SWEEP_FIGURES } from "./sweep-figures.js";

/** Escape text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Make an SVG safe to inline beside others: drop any XML prolog, prefix every id and its
 * references (url(#…), href="#…") with `prefix`.
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/^\s*<\?xml[^>]*>\s*/, "")
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${prefix}-${id})`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (_, attr, id) => `${attr}="#${prefix}-${id}"`);
}

/** A table cell's display text: numbers to 4 significant digits; the raw value stays in data-v. */
function displayCell(raw: string): string {
  const s = raw.trim();
  if (s === "" || s === "NaN") return "";
  const v = Number(s);
  if (!Number.isFinite(v) || Number.isInteger(v)) return s;
  return String(Number(v.toPrecision(4)));
}

function summaryTable(data: SweepData): string {
  const sum = data.summary;
  if (!sum || sum.rows.length === 0) return `<p class="note">No summary.csv yet: no run of this sweep has finished.</p>`;
  const head = sum.header.map((h) => `<th scope="col" tabindex="0" title="click to sort">${escapeHtml(h)}</th>`).join("");
  const body = sum.rows
    .map((r) => {
      const cells = sum.header.map((h) => {
        const raw = r[h] ?? "";
        const v = raw.trim() === "NaN" ? "" : raw;
        const cls = h === "status" ? ` class="status-${escapeHtml(v.replace(/[^a-z]/g, ""))}"` : "";
        return `<td data-v="${escapeHtml(v)}"${cls} title="${escapeHtml(v)}">${escapeHtml(displayCell(v))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<p class="note">One row per setting and method; means and sds across seeds. Click a column header to sort (again to reverse).</p>
<div class="table-wrap"><table id="summary-table"><thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

function figuresSection(figuresDir: string): string {
  const parts: string[] = [];
  for (const { base, caption } of SWEEP_FIGURES) {
    const file = path.join(figuresDir, `${base}.svg`);
    if (!existsSync(file)) continue;
    const svg = inlineSvg(readFileSync(file, "utf8"), `fig-${base}`);
    parts.push(`<figure id="fig-${base}" class="figure">
${svg}
<figcaption><strong>${escapeHtml(base)}.</strong> ${escapeHtml(caption)}</figcaption>
</figure>`);
  }
  if (parts.length === 0) return `<p class="note">No figures yet (they need finished runs; <code>gnc plot</code> on this folder draws them).</p>`;
  return parts.join("\n");
}

function failuresSection(data: SweepData): string {
  const bad = unfinishedRuns(data.manifest);
  const total = data.manifest.settings.reduce((s, x) => s + x.runs.length, 0);
  if (bad.length === 0) return `<p class="note">All ${total} runs finished.</p>`;
  const rows = bad
    .map(
      ({ setting, run }) =>
        `<tr class="status-${escapeHtml(run.status)}"><td>${setting.setting}</td><td>${escapeHtml(setting.label)}</td><td>${escapeHtml(run.method)}</td>` +
        `<td>${escapeHtml(String(run.seedIndex))} (${escapeHtml(String(run.seed))})</td><td>${escapeHtml(run.status)}</td>` +
        `<td>${escapeHtml(run.message ?? "")}</td><td><code>${escapeHtml(run.runDir)}</code></td></tr>`,
    )
    .join("\n");
  const failed = bad.filter((b) => b.run.status === "failed").length;
  return `<p class="note">${failed} failed, ${bad.length - failed} missing or unfinished, of ${total} runs. Rerunning the sweep command resumes them.</p>
<div class="table-wrap"><table id="failures-table"><thead><tr><th>setting</th><th>label</th><th>method</th><th>seed (value)</th><th>status</th><th>message</th><th>run dir</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

// Sorting: stable (ties keep the current order), empty cells last in both directions.
const SORT_JS = `(function () {
  var table = document.getElementById("summary-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  var ths = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, i) { var c = row.cells[i]; var v = c.getAttribute("data-v"); return v === null ? c.textContent : v; }
  function isNum(v) { return v.trim() !== "" && isFinite(Number(v)); }
  function sortBy(i) {
    var th = ths[i];
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    ths.forEach(function (t) { t.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(tbody.rows).map(function (r, k) { return { r: r, k: k, v: value(r, i) }; });
    var numeric = rows.every(function (o) { return o.v.trim() === "" || isNum(o.v); });
    rows.sort(function (a, b) {
      var ea = a.v.trim() === "", eb = b.v.trim() === "";
      if (ea || eb) return ea === eb ? a.k - b.k : ea ? 1 : -1;
      var c = numeric ? Number(a.v) - Number(b.v) : a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      if (dir === "descending") c = -c;
      return c || a.k - b.k;
    });
    rows.forEach(function (o) { tbody.appendChild(o.r); });
  }
  ths.forEach(function (th, i) {
    th.addEventListener("click", function () { sortBy(i); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(i); } });
  });
})();`;

const CSS = `@font-face { font-family: "${FONT_FAMILY}"; src: url(data:font/ttf;base64,${FONT_TTF_BASE64}) format("truetype"); }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.note { color: #555; font-size: 0.92rem; }
.table-wrap { overflow-x: auto; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.82rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.45rem; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #f0f0f0; position: sticky; top: 0; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
#failures-table td, #failures-table th { text-align: left; white-space: normal; }
.status-failed { color: #b00020; } .status-partial { color: #a05a00; } .status-missing, .status-running { color: #666; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9rem; color: #333; max-width: 720px; }`;

/**
 * Write SWEEP_DIR/report.html from sweep.json, summary.csv and the SVGs in SWEEP_DIR/figures (draw
 * them first with drawSweepFigures; absent figures are left out). Returns the file's path.
 */
export function writeSweepReport(sweepDir: string, opts: { figuresDir?: string; outFile?: string } = {}): string {
  const data = loadSweep(sweepDir, { layers: false });
  const m = data.manifest;
  const name = m.name || path.basename(path.resolve(sweepDir));
  const runs = m.settings.reduce((s, x) => s + x.runs.length, 0);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; font-src data:; img-src data:">
<title>gnc sweep ${escapeHtml(name)}</title>
<style>
${CSS}
</style>
</head>
<body>
<header>
<h1>Sweep <code>${escapeHtml(name)}</code></h1>
<p class="note">gnc ${escapeHtml(m.gnc)} · ${m.settings.length} settings × ${escapeHtml(String(m.seeds))} seeds (${runs} runs) · swept: ${m.fields.map((f) => `<code>${escapeHtml(f)}</code>`).join(", ")}</p>
</header>
<section id="command">
<h2>Command</h2>
<pre><code>${escapeHtml(m.command)}</code></pre>
<details><summary>Resolved base configuration</summary>
<pre><code>${escapeHtml(JSON.stringify(m.base, null, 2))}</code></pre>
</details>
</section>
<section id="summary">
<h2>Summary</h2>
${summaryTable(data)}
</section>
<section id="figures">
<h2>Figures</h2>
${figuresSection(opts.figuresDir ?? path.join(sweepDir, "figures"))}
</section>
<section id="failures">
<h2>Failures and missing runs</h2>
${failuresSection(data)}
</section>
<script>
${SORT_JS}
</script>
</body>
</html>
`;
  const file = opts.outFile ?? path.join(sweepDir, "report.html");
  writeFileAtomic(file, html);
  return file;
}
