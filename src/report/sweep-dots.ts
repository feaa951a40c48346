/**
 * The end-of-training figures of a sweep, as vega-lite dot plots with error bars (mean ± sd across
 * seeds, the summary.csv columns X and XSd of src/sweep/merge.ts):
 *
 *   final-dots      last-layer log10 NC1 of H and test overlap, one dot per value of the colouring
 *                   field (e.g. the loss), a column of panels per value of the facet field (e.g. the
 *                   graph setting) — "does the loss change how far the last layer collapses?"
 *   classifier-nc   NC2 of the classifier (ETF error of the rows of W, REFERENCE.md §3) and NC3
 *                   (self-duality of W and the class means) at the end of training, the same layout,
 *                   for the settings with C > 2 only: with two classes the centred class means always
 *                   form a simplex ETF (NC2 of the means is 0 by construction), so the C = 2 panels would
 *                   show nothing about collapse; the figure says so instead of drawing them.
 *
 * Both need a sweep that names its colouring field (sweep.json "figures.color", e.g. the `losses`
 * experiment) or few settings (≤ MAX_DOT_SETTINGS, one dot per setting label); otherwise null. Only
 * the GNN rows of summary.csv are drawn (spectral baselines have no classifier and their own figure).
 */
import type { TopLevelSpec } from "vega-lite";
import type { SweepSummary } from "./sweep-data.js";
import { fieldLayout, type SweepFigureContext } from "./sweep-specs.js";
import { PALETTE, VEGA_LITE_SCHEMA } from "./style.js";

export const MAX_DOT_SETTINGS = 12;

interface DotRow {
  setting: number;
  x: string;
  panel: string;
  classes: number;
  cells: Record<string, string>;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? NaN : Number(s));

/** The GNN rows of the summary with their dot label and panel, or null when the layout does not fit. */
function dotRows(summary: SweepSummary, ctx: SweepFigureContext): { rows: DotRow[]; xDomain: string[]; panelDomain: string[]; xTitle: string | null } | null {
  const gnn = summary.rows.filter((r) => (r.study ?? "gnn") === "gnn" && (r.method ?? "gnn") === "gnn");
  if (gnn.length === 0) return null;
  const settings = gnn.map((r) => Number(r.setting));
  const own = fieldLayout(settings, ctx);
  if (own) {
    return {
      rows: gnn.map((r, i) => ({ setting: settings[i], x: own.color(settings[i]), panel: own.panel ? own.panel(settings[i]) : "", classes: num(r.classes), cells: r })),
      xDomain: own.colorDomain,
      panelDomain: own.panel ? own.panelDomain : [""],
      xTitle: ctx.layout!.color!,
    };
  }
  if (gnn.length > MAX_DOT_SETTINGS) return null;
  // the fields that vary across these settings name the dots (a depth sweep at one (p, q): "depth=64")
  const vals = settings.map((s) => ctx.values?.get(s) ?? {});
  const varying = Object.keys(vals[0] ?? {}).filter((f) => new Set(vals.map((v) => String(v[f]))).size > 1);
  const short = (f: string) => ({ "graph.pIn": "p", "graph.pOut": "q" })[f] ?? f.split(".").pop()!;
  const label = (s: number) =>
    varying.length && ctx.values?.get(s) ? varying.map((f) => `${short(f)}=${ctx.values!.get(s)![f]}`).join(" ") : (ctx.labels.get(s) ?? `setting ${s}`);
  return { rows: gnn.map((r, i) => ({ setting: settings[i], x: label(settings[i]), panel: "", classes: num(r.classes), cells: r })), xDomain: settings.map(label), panelDomain: [""], xTitle: null };
}

function dotSpec(
  rows: DotRow[],
  metrics: { column: string; title: string }[],
  xDomain: string[],
  panelDomain: string[],
  xTitle: string | null,
  title: { text: string; subtitle: string[] },
): TopLevelSpec | null {
  const values = rows.flatMap((r) =>
    metrics.map((m) => {
      const mean = num(r.cells[m.column]);
      const sd = num(r.cells[`${m.column}Sd`]);
      return { x: r.x, panel: r.panel, metric: m.title, y: mean, lo: Number.isFinite(sd) ? mean - sd : mean, hi: Number.isFinite(sd) ? mean + sd : mean, n: num(r.cells.done) };
    }),
  ).filter((v) => Number.isFinite(v.y));
  if (values.length === 0) return null;
  const xs = xDomain.filter((x) => values.some((v) => v.x === x));
  const panels = panelDomain.filter((p) => values.some((v) => v.panel === p));
  const color = { field: "x", type: "nominal", title: null, sort: xs, scale: { domain: xs, range: PALETTE.slice(0, Math.max(1, xs.length)) }, legend: null };
  const x = { field: "x", type: "nominal", title: xTitle, sort: xs, axis: { labelAngle: -40, labelLimit: 120 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { ...title, anchor: "start", fontSize: 12.5, limit: 640, subtitleLimit: 640 },
    data: { values },
    facet: {
      row: { field: "metric", type: "nominal", title: null, sort: metrics.map((m) => m.title), header: { labelFontSize: 12.5, labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelLimit: 300 } },
      ...(panels.length > 1 || panels[0] !== "" ? { column: { field: "panel", type: "nominal", title: null, sort: panels, header: { labelFontSize: 12.5, labelLimit: 200 } } } : {}),
    },
    spacing: 10,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: Math.max(90, Math.min(200, 22 * xs.length)),
      height: 110,
      layer: [
        { mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, y: { field: "lo", type: "quantitative", title: null, scale: { zero: false } }, y2: { field: "hi" }, color } },
        { mark: { type: "point", filled: true, size: 40, opacity: 1 }, encoding: { x, y: { field: "y", type: "quantitative", title: null, scale: { zero: false } }, color } },
      ],
    },
  } as TopLevelSpec;
}

function seedsNote(ctx: SweepFigureContext): string {
  return ctx.seeds > 1 ? `mean ± sd over ${ctx.seeds} seeds` : "one seed";
}

/** Last-layer log10 NC1 of H and test overlap per setting (see the banner). */
export function finalDotsSpec(summary: SweepSummary, ctx: SweepFigureContext): TopLevelSpec | null {
  const d = dotRows(summary, ctx);
  if (!d) return null;
  return dotSpec(
    d.rows,
    [
      { column: "log10Nc1HLast", title: "last layer log₁₀ NC₁ (H)" },
      { column: "overlap", title: "test overlap" },
    ],
    d.xDomain, d.panelDomain, d.xTitle,
    { text: `${ctx.name}: collapse and accuracy at the end of training`, subtitle: [`${seedsNote(ctx)}; last evaluation`] },
  );
}

/** NC2 (classifier ETF error) and NC3 (self-duality) per setting, C > 2 only (see the banner). */
export function classifierDotsSpec(summary: SweepSummary, ctx: SweepFigureContext): TopLevelSpec | null {
  const d = dotRows(summary, ctx);
  if (!d) return null;
  const rows = d.rows.filter((r) => r.classes > 2);
  if (rows.length === 0) return null;
  const dropped = d.rows.length - rows.length;
  return dotSpec(
    rows,
    [
      { column: "nc2WEtf", title: "NC₂: classifier ETF error" },
      { column: "nc3", title: "NC₃: self-duality" },
    ],
    d.xDomain, d.panelDomain, d.xTitle,
    {
      text: `${ctx.name}: the classifier at the end of training (C > 2)`,
      subtitle: [
        `${seedsNote(ctx)}; lower is closer to collapse`,
        ...(dropped > 0 ? ["C = 2 settings not drawn: NC₂ is 0 by construction for two classes"] : []),
      ],
    },
  );
}
