/**
 * The figures of a sweep (`gnc sweep`), as vega-lite specs: pure functions of the aggregates of
 * sweep-data.ts and the rows of summary.csv.
 *
 *   layer figures   log10 NC1, NC1~ and Tr Σ_W / Tr Σ_B against hidden layer l (GNN) or power
 *                   iteration t (spectral), one line per setting, H solid and ÂH dashed, a band of
 *                   mean ± sd across seeds — the node-wise collapse plot of Kothapalli, Tirer & Bruna
 *                   (NeurIPS 2023) over a grid. With several methods (GNN beside BH/NL power
 *                   iteration) colour is the method and each setting gets its own panel.
 *   heat maps       last-layer log10 NC1 of H and test overlap over the (q, p) grid, with the no-signal
 *                   diagonal p = q and the Kesten–Stigum threshold (c_in − c_out)² = C(c_in + (C−1)c_out),
 *                   c = N·p (Decelle, Krzakala, Moore & Zdeborová 2011; REFERENCE.md §7). Solved for
 *                   c_in at fixed c_out = b: c_in = b + C/2 ± (C/2)·√(1 + 4b) — the + branch bounds the
 *                   homophilic detectable region, the − branch (real for b ≥ C(C−1)) the heterophilic one.
 *   epoch figure    log10 NC1 of H against epoch at the first, middle and last layer, per setting.
 *
 * Readability: at most MAX_SERIES lines per panel (more settings → an evenly spaced subset, said in
 * the subtitle) and at most MAX_PANELS panels; single panels ≤ 330 px wide (one paper column at 3.3 in
 * keeps 12.5 px text ≥ 9 pt), multi-panel figures ≤ 690 px (text width), as in figures.ts.
 */
import type { TopLevelSpec } from "vega-lite";
import { METRIC_TITLES, VARIANTS, dashVariant } from "./figures.js";
import type { EpochCurvePoint, LayerCurvePoint, LayerRole } from "./sweep-data.js";
import { PALETTE, VEGA_LITE_SCHEMA } from "./style.js";

export const MAX_SERIES = 10;
export const MAX_PANELS = 6;

const METHOD_LABELS: Record<string, string> = { gnn: "GNN", bh: "BH", nl: "NL", adj: "adj", ufm: "gUFM" };
const VARIANT_LABEL = new Map<string, string>(VARIANTS.map((v) => [v.key, v.label]));

export function methodLabel(m: string): string {
  return METHOD_LABELS[m] ?? m;
}

/** Indices of at most `max` evenly spaced items of 0..n-1 (first and last kept). */
export function evenlySpaced(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const idx: number[] = [];
  for (let k = 0; k < max; k++) idx.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(idx)];
}

/** What the figures need to know about the sweep besides the curves. */
export interface SweepFigureContext {
  name: string;
  seeds: number;
  /** setting index → its label, in setting order. */
  labels: Map<number, string>;
  /** setting index → its swept values (by field), when the figures colour or split by a field. */
  values?: Map<number, Record<string, unknown>>;
  /** The swept field that colours the lines/dots and the one that splits them into panels. */
  layout?: { color?: string; facet?: string };
}

/**
 * The sweep's own layout (sweep.json "figures"): colour = the values of one swept field, panels = the
 * values of another, both in setting order. Only when every (colour, panel) pair is a single setting
 * (otherwise lines of different settings would join); null means: use the default layout.
 */
export function fieldLayout(settings: readonly number[], ctx: SweepFigureContext): { color: (s: number) => string; colorDomain: string[]; panel: ((s: number) => string) | null; panelDomain: string[] } | null {
  const c = ctx.layout?.color;
  if (!c || !ctx.values) return null;
  const f = ctx.layout?.facet;
  const val = (s: number, field: string) => String(ctx.values!.get(s)?.[field] ?? "");
  const pairs = new Set(settings.map((s) => `${val(s, c)}\u0000${f ? val(s, f) : ""}`));
  if (pairs.size !== settings.length) return null;
  return {
    color: (s) => val(s, c),
    colorDomain: [...new Set(settings.map((s) => val(s, c)))],
    panel: f ? (s) => val(s, f) : null,
    panelDomain: f ? [...new Set(settings.map((s) => val(s, f)))] : [],
  };
}


function colorScale(domain: string[], title: string | null, short = false) {
  return {
    field: "series",
    type: "nominal",
    title,
    sort: domain,
    scale: { domain, range: PALETTE.slice(0, Math.max(1, domain.length)) },
    legend: short
      ? { orient: "top", direction: "horizontal", symbolType: "stroke" }
      : { orient: "bottom", direction: "vertical", columns: 1, symbolType: "stroke", labelLimit: 320, titleLimit: 320 },
  };
}

function xTitle(studies: Set<string>): string {
  const gnn = studies.has("gnn") || studies.has("ufm");
  const spectral = studies.has("spectral");
  return gnn && spectral ? "layer l / iteration t" : spectral ? "power iteration t" : "hidden layer l";
}

/** How the lines of a figure are split: colour series and (optional) panels, with a caption note. */
interface Layout {
  series: (p: { setting: number; method: string }) => string;
  seriesDomain: string[];
  seriesTitle: string | null;
  /** Short series names (methods): legend on top, in one row. */
  short: boolean;
  panel: ((p: { setting: number; method: string }) => string) | null;
  panelDomain: string[];
  keep: (p: { setting: number; method: string }) => boolean;
  note: string;
}

/**
 * One method: colour = setting (≤ MAX_SERIES, evenly spaced subset beyond). Several methods: colour
 * = method, one panel per setting (≤ MAX_PANELS).
 */
function layoutFor(points: readonly { setting: number; method: string }[], ctx: SweepFigureContext): Layout {
  const settings = [...new Set(points.map((p) => p.setting))].sort((a, b) => a - b);
  const methods = [...new Set(points.map((p) => p.method))].sort((a, b) => (a === "gnn" ? -1 : b === "gnn" ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const label = (s: number) => ctx.labels.get(s) ?? `setting ${s}`;
  const many = methods.length > 1;
  const own = many ? null : fieldLayout(settings, ctx);
  if (own && own.colorDomain.length <= MAX_SERIES && own.panelDomain.length <= MAX_PANELS) {
    return {
      series: (p) => own.color(p.setting),
      seriesDomain: own.colorDomain,
      seriesTitle: ctx.layout!.color!,
      short: own.colorDomain.length <= 6,
      panel: own.panel ? (p) => own.panel!(p.setting) : null,
      panelDomain: own.panelDomain,
      keep: () => true,
      note: "",
    };
  }
  const max = many ? MAX_PANELS : MAX_SERIES;
  const shown = evenlySpaced(settings.length, max).map((i) => settings[i]);
  const keepSet = new Set(shown);
  const note = shown.length < settings.length ? `${shown.length} of ${settings.length} settings shown (evenly spaced)` : "";
  if (!many) {
    return {
      series: (p) => label(p.setting),
      seriesDomain: shown.map(label),
      seriesTitle: null,
      short: false,
      panel: null,
      panelDomain: [],
      keep: (p) => keepSet.has(p.setting),
      note,
    };
  }
  return {
    series: (p) => methodLabel(p.method),
    seriesDomain: methods.map(methodLabel),
    seriesTitle: null,
    short: true,
    panel: (p) => label(p.setting),
    panelDomain: shown.map(label),
    keep: (p) => keepSet.has(p.setting),
    note,
  };
}

function subtitle(ctx: SweepFigureContext, anyBand: boolean, note: string, extra = ""): string[] {
  const parts = [anyBand ? `mean ± sd over ${ctx.seeds} seeds` : ctx.seeds > 1 ? `mean over seeds` : "one seed"];
  if (extra) parts.push(extra);
  const lines = [parts.join("; ")];
  if (note) lines.push(note);
  return lines;
}

function bandLayer(color: object) {
  return {
    transform: [{ filter: "isValid(datum.lo) && isFinite(datum.lo)" }],
    mark: { type: "area", opacity: 0.12 },
    encoding: {
      y: { field: "lo", type: "quantitative" },
      y2: { field: "hi" },
      fill: { ...color, field: "band", legend: null },
      detail: { field: "variant" },
    },
  };
}

function curveValues(points: readonly LayerCurvePoint[], layout: Layout, extra: (p: LayerCurvePoint) => object = () => ({})) {
  return points.filter(layout.keep).map((p) => {
    const band = Number.isFinite(p.sd);
    return {
      x: p.layer,
      y: p.mean,
      lo: band ? p.mean - p.sd : null,
      hi: band ? p.mean + p.sd : null,
      series: layout.series(p),
      band: layout.series(p),
      variant: VARIANT_LABEL.get(p.variant) ?? p.variant,
      panel: layout.panel ? layout.panel(p) : "",
      n: p.n,
      ...extra(p),
    };
  });
}

function wrapPanels(layout: Layout, spec: object, values: object[], title: object, width: number): TopLevelSpec {
  if (!layout.panel) return { $schema: VEGA_LITE_SCHEMA, title, data: { values }, width, height: 150, ...spec } as TopLevelSpec;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values },
    facet: { field: "panel", type: "nominal", title: null, sort: layout.panelDomain, header: { labelFontSize: 12.5, labelLimit: 200 } },
    columns: Math.min(3, layout.panelDomain.length),
    spacing: 10,
    spec: { width: 175, height: 140, ...spec },
  } as TopLevelSpec;
}

/**
 * Whether a layer figure has anything to show: some series with ≥ 2 layers (a gUFM has one layer of
 * free features; its collapse is drawn against epoch only).
 */
function hasDepth(points: readonly LayerCurvePoint[]): boolean {
  const layers = new Map<string, Set<number>>();
  for (const p of points) {
    const k = `${p.setting}|${p.method}|${p.metric}|${p.variant}`;
    if (!layers.has(k)) layers.set(k, new Set());
    layers.get(k)!.add(p.layer);
  }
  return [...layers.values()].some((l) => l.size >= 2);
}

/** log10 NC1 (or NC1~) against layer/iteration, per setting, H and ÂH, ± sd band across seeds. */
export function sweepLayerSpec(curves: readonly LayerCurvePoint[], ctx: SweepFigureContext, metric: "nc1" | "nc1Tilde"): TopLevelSpec | null {
  const points = curves.filter((p) => p.metric === metric && Number.isFinite(p.mean));
  if (!hasDepth(points)) return null;
  const layout = layoutFor(points, ctx);
  const values = curveValues(points, layout);
  const anyBand = values.some((v) => v.lo !== null);
  const color = colorScale(layout.seriesDomain, layout.seriesTitle, layout.short);
  const maxLayer = Math.max(...values.map((v) => v.x));
  const line: Record<string, unknown> = { type: "line", strokeWidth: 1.6 };
  if (maxLayer <= 12) line.point = { size: 16, filled: true };
  const what = metric === "nc1" ? "NC₁" : "ÑC₁";
  const spec = {
    encoding: { x: { field: "x", type: "quantitative", title: xTitle(new Set(points.map((p) => p.study))), axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, zero: false } } },
    layer: [
      ...(anyBand ? [bandLayer(color)] : []),
      {
        mark: line,
        encoding: {
          y: { field: "y", type: "quantitative", title: METRIC_TITLES[metric], scale: { zero: false } },
          color,
          strokeDash: dashVariant,
          detail: { field: "series" },
        },
      },
    ],
  };
  const title = { text: `${ctx.name}: ${what} by layer, last evaluation`, subtitle: subtitle(ctx, anyBand, layout.note), anchor: "start", fontSize: 12.5, limit: layout.panel ? 600 : 300, subtitleLimit: layout.panel ? 600 : 300 };
  return wrapPanels(layout, spec, values, title, 220);
}

/** log10 Tr Σ_W and Tr Σ_B against layer: a panel per quantity (× a row per setting with several methods). */
export function sweepTraceSpec(curves: readonly LayerCurvePoint[], ctx: SweepFigureContext): TopLevelSpec | null {
  const points = curves.filter((p) => (p.metric === "trSigmaW" || p.metric === "trSigmaB") && Number.isFinite(p.mean));
  if (!hasDepth(points)) return null;
  const layout = layoutFor(points, ctx);
  const values = curveValues(points, layout, (p) => ({ quantity: p.metric === "trSigmaW" ? "Tr Σ_W" : "Tr Σ_B" }));
  const anyBand = values.some((v) => v.lo !== null);
  const color = colorScale(layout.seriesDomain, layout.seriesTitle, layout.short);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.name}: within- and between-class traces by layer`, subtitle: subtitle(ctx, anyBand, layout.note), anchor: "start", fontSize: 12.5, limit: 600, subtitleLimit: 600 },
    data: { values },
    facet: {
      column: { field: "quantity", type: "nominal", title: null, sort: ["Tr Σ_W", "Tr Σ_B"], header: { labelFontSize: 13, labelPadding: 2 } },
      ...(layout.panel ? { row: { field: "panel", type: "nominal", title: null, sort: layout.panelDomain, header: { labelFontSize: 12.5, labelLimit: 200, labelAngle: 0, labelAlign: "left" } } } : {}),
    },
    spacing: 10,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 200,
      height: layout.panel ? 120 : 150,
      encoding: { x: { field: "x", type: "quantitative", title: xTitle(new Set(points.map((p) => p.study))), axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, zero: false } } },
      layer: [
        ...(anyBand ? [bandLayer(color)] : []),
        {
          mark: { type: "line", strokeWidth: 1.6 },
          encoding: { y: { field: "y", type: "quantitative", title: "log₁₀ Tr Σ", scale: { zero: false } }, color, strokeDash: dashVariant, detail: { field: "series" } },
        },
      ],
    },
  } as TopLevelSpec;
}

/** log10 NC1 of H against epoch, one panel per chosen layer (first, middle, last), a line per setting. */
export function sweepEpochSpec(points: readonly EpochCurvePoint[], ctx: SweepFigureContext): TopLevelSpec | null {
  const pts = points.filter((p) => Number.isFinite(p.mean));
  if (pts.length === 0) return null;
  const settings = [...new Set(pts.map((p) => p.setting))].sort((a, b) => a - b);
  const methods = new Set(pts.map((p) => p.method));
  const shown = new Set(evenlySpaced(settings.length, MAX_SERIES).map((i) => settings[i]));
  const label = (p: { setting: number; method: string }) =>
    (methods.size > 1 ? `${methodLabel(p.method)}: ` : "") + (ctx.labels.get(p.setting) ?? `setting ${p.setting}`);
  const kept = pts.filter((p) => shown.has(p.setting));
  const domain = [...new Set(kept.map(label))];
  const roleTitle = { first: "first layer", middle: "middle layer", last: "last layer" } as const;
  const layersOf = (role: string) => [...new Set(kept.filter((p) => p.role === role).map((p) => p.layer))].sort((a, b) => a - b).join(", ");
  // a gUFM has one "layer", the free features H
  const onlyUfm = kept.every((p) => p.study === "ufm");
  const panelName = (role: LayerRole) => (onlyUfm ? "free features H (gUFM)" : `${roleTitle[role]} (l = ${layersOf(role)})`);
  const values = kept.map((p) => {
    const band = Number.isFinite(p.sd);
    return {
      x: p.epoch,
      y: p.mean,
      lo: band ? p.mean - p.sd : null,
      hi: band ? p.mean + p.sd : null,
      series: label(p),
      band: label(p),
      variant: "H",
      panel: panelName(p.role),
      role: p.role,
    };
  });
  const panelDomain = (["first", "middle", "last"] as const).filter((r) => kept.some((p) => p.role === r)).map(panelName);
  const anyBand = values.some((v) => v.lo !== null);
  const color = colorScale(domain, null);
  const note = shown.size < settings.length ? `${shown.size} of ${settings.length} settings shown (evenly spaced)` : "";
  const maxEpoch = Math.max(...values.map((v) => v.x));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.name}: NC₁ of H during training`, subtitle: subtitle(ctx, anyBand, note, "end of each epoch"), anchor: "start", fontSize: 12.5, limit: 600, subtitleLimit: 600 },
    data: { values },
    facet: { column: { field: "panel", type: "nominal", title: null, sort: panelDomain, header: { labelFontSize: 12.5, labelLimit: 200 } } },
    spacing: 10,
    spec: {
      width: 150,
      height: 140,
      encoding: { x: { field: "x", type: "quantitative", title: "epoch", axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, zero: false } } },
      layer: [
        ...(anyBand ? [bandLayer(color)] : []),
        {
          mark: { type: "line", strokeWidth: 1.6, ...(maxEpoch <= 12 ? { point: { size: 16, filled: true } } : {}) },
          encoding: { y: { field: "y", type: "quantitative", title: "log₁₀ NC₁ (H)", scale: { zero: false } }, color, detail: { field: "series" } },
        },
      ],
    },
  } as TopLevelSpec;
}
