/**
 * The node-wise collapse figures of a training run, as vega-lite specs (pure functions of the rows
 * of metrics.csv / train-log.csv). They reproduce the layer-wise plots of Kothapalli, Tirer & Bruna,
 * "A Neural Collapse Perspective on Feature Evolution in Graph Neural Networks" (NeurIPS 2023):
 * log10 NC1 (Tr(Σ_W Σ_B⁺)/C) and log10 NC1~ (Tr Σ_W / Tr Σ_B) against hidden layer l for the conv,
 * ReLU and BatchNorm outputs, each for H and ÂH, with a mean ± std band over the test graphs
 * (meanLog10 ± stdLog10, i.e. the spread of log10 values across graphs; REFERENCE.md §3).
 *
 * Sizes: single-panel figures are ≤ 330 px wide in total so that, printed at one paper column
 * (3.3 in), 12.5 px text is ≥ 9 pt; the three-panel trace figure is ≤ 690 px for full text width
 * (6.9 in).
 */
import type { TopLevelSpec } from "vega-lite";
import type { MetricRow, TrainLogRow } from "./run-data.js";
import { PALETTE, VEGA_LITE_SCHEMA } from "./style.js";

/** The three hidden-layer feature kinds, in network order, with their legend labels. */
export const KINDS = [
  { key: "conv", label: "conv" },
  { key: "relu", label: "ReLU" },
  { key: "bn", label: "BN" },
] as const;
/** Feature variants: H (the features) and ÂH (neighbour means). */
export const VARIANTS = [
  { key: "H", label: "H" },
  { key: "HA", label: "ÂH" },
] as const;

const KIND_COLORS = PALETTE.slice(0, 3);
const KIND_LABEL = new Map<string, string>(KINDS.map((k) => [k.key, k.label]));
const VARIANT_LABEL = new Map<string, string>(VARIANTS.map((v) => [v.key, v.label]));

/** y-axis titles per metric (Unicode, rendered by the embedded font). */
export const METRIC_TITLES: Record<string, string> = {
  nc1: "log₁₀ NC₁",
  nc1Tilde: "log₁₀ ÑC₁",
  trSigmaW: "log₁₀ Tr Σ_W",
  trSigmaB: "log₁₀ Tr Σ_B",
};

const LAYER_AXIS = { title: "hidden layer l", tickMinStep: 1, format: "d", labelFlush: false } as const;

/** The rows one figure plots: one run, one split. */
export interface RunSelection {
  run: string;
  split: string;
  rows: MetricRow[];
}

/** Time key of a row: the step when known, else the epoch (ncInterval may give several per epoch). */
export function timeOf(r: { step: number; epoch: number }): number {
  return Number.isFinite(r.step) ? r.step : r.epoch;
}

/**
 * Pick what to plot from all rows: the run named `preferredRun` when present (else the first run in
 * the file) and the "test" split (else "train", else the first split seen).
 */
export function selectRun(rows: MetricRow[], preferredRun?: string): RunSelection | null {
  if (rows.length === 0) return null;
  const runs = [...new Set(rows.map((r) => r.run))];
  const run = preferredRun !== undefined && runs.includes(preferredRun) ? preferredRun : runs[0];
  const ofRun = rows.filter((r) => r.run === run);
  const splits = [...new Set(ofRun.map((r) => r.split))];
  const split = splits.includes("test") ? "test" : splits.includes("train") ? "train" : splits[0];
  return { run, split, rows: ofRun.filter((r) => r.split === split) };
}

/** Hidden-layer rows of one metric with a finite meanLog10 (kinds conv/relu/bn, variants H/HA). */
export function layerRows(rows: MetricRow[], metric: string): MetricRow[] {
  return rows.filter(
    (r) =>
      r.metric === metric &&
      KIND_LABEL.has(r.kind) &&
      VARIANT_LABEL.has(r.variant) &&
      Number.isFinite(r.layer) &&
      Number.isFinite(r.meanLog10),
  );
}

/** The last time point (max step, else max epoch) among rows, or NaN when there are none. */
export function lastTime(rows: MetricRow[]): number {
  let t = -Infinity;
  for (const r of rows) t = Math.max(t, timeOf(r));
  return rows.length ? t : NaN;
}

/** Plot values for layer figures: label fields and the band ends (std NaN → no band). */
function layerValues(rows: MetricRow[]) {
  return rows.map((r) => {
    const s = Number.isFinite(r.stdLog10) ? r.stdLog10 : 0;
    return {
      layer: r.layer,
      kind: KIND_LABEL.get(r.kind)!,
      // a copy of the series key for the bands' fill: vega-lite would merge a fill legend on "kind"
      // with the colour legend and then drop both
      band: KIND_LABEL.get(r.kind)!,
      variant: VARIANT_LABEL.get(r.variant)!,
      epoch: r.epoch,
      time: timeOf(r),
      metric: r.metric,
      y: r.meanLog10,
      lo: r.meanLog10 - s,
      hi: r.meanLog10 + s,
    };
  });
}

const colorKind = {
  field: "kind",
  type: "nominal",
  title: null,
  scale: { domain: KINDS.map((k) => k.label), range: KIND_COLORS },
  legend: { orient: "top", direction: "horizontal", symbolType: "stroke" },
} as const;
export const dashVariant = {
  field: "variant",
  type: "nominal",
  title: null,
  scale: { domain: VARIANTS.map((v) => v.label), range: [[1, 0], [5, 3]] },
  legend: { orient: "top", direction: "horizontal", symbolType: "stroke", symbolStrokeColor: "#333" },
} as const;

function timeLabel(rows: MetricRow[], t: number): string {
  const r = rows.find((x) => timeOf(x) === t);
  if (!r) return "";
  return Number.isFinite(r.step) ? `epoch ${r.epoch}, step ${r.step}` : `epoch ${r.epoch}`;
}

/**
 * log10 NC1 (or NC1~) against hidden layer at the last recorded time point: colour = feature kind
 * (conv, ReLU, BN), dash = H / ÂH, shaded band = mean ± std of log10 over the test graphs.
 */
export function layerCollapseSpec(sel: RunSelection, metric: "nc1" | "nc1Tilde"): TopLevelSpec | null {
  const all = layerRows(sel.rows, metric);
  if (all.length === 0) return null;
  const t = lastTime(all);
  const rows = all.filter((r) => timeOf(r) === t);
  const maxLayer = Math.max(...rows.map((r) => r.layer));
  const line: any = { type: "line", strokeWidth: 1.6 };
  if (maxLayer <= 12) line.point = { size: 18, filled: true };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${sel.run}: ${timeLabel(rows, t)}, ${sel.split} graphs`, anchor: "start", fontSize: 12.5, limit: 300 },
    width: 220,
    height: 150,
    data: { values: layerValues(rows) },
    encoding: {
      x: { field: "layer", type: "quantitative", axis: LAYER_AXIS, scale: { nice: false, zero: false } },
    },
    layer: [
      {
        mark: { type: "area", opacity: 0.09 },
        encoding: {
          y: { field: "lo", type: "quantitative" },
          y2: { field: "hi" },
          fill: { ...colorKind, field: "band", legend: null },
          detail: { field: "variant" },
        },
      },
      {
        mark: line,
        encoding: {
          y: { field: "y", type: "quantitative", title: METRIC_TITLES[metric], scale: { zero: false } },
          color: colorKind,
          strokeDash: dashVariant,
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * log10 NC1 (BN output, H solid and ÂH dashed) against hidden layer, one line per recorded epoch
 * (colour: sequential, darker = later). Shows how collapse deepens during training. Null when fewer
 * than two time points were recorded.
 */
export function epochEvolutionSpec(sel: RunSelection, metric = "nc1", kind = "bn"): TopLevelSpec | null {
  const all = layerRows(sel.rows, metric).filter((r) => r.kind === kind);
  let times = [...new Set(all.map(timeOf))].sort((a, b) => a - b);
  if (times.length < 2) return null;
  // Several evaluations per epoch (ncInterval): keep each epoch's last one, then at most 12 lines.
  const lastOfEpoch = new Map<number, number>();
  for (const r of all) lastOfEpoch.set(r.epoch, Math.max(lastOfEpoch.get(r.epoch) ?? -Infinity, timeOf(r)));
  if (lastOfEpoch.size >= 2 && lastOfEpoch.size < times.length) times = [...lastOfEpoch.values()].sort((a, b) => a - b);
  if (times.length > 12) times = decimate(times.length, 12).map((i) => times[i]);
  const keep = new Set(times);
  const rows = all.filter((r) => keep.has(timeOf(r)));
  const perEpoch = new Set(rows.map((r) => r.epoch)).size === times.length;
  const values = layerValues(rows).map((v) => ({ ...v, t: perEpoch ? v.epoch : v.time }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${sel.run}: ${KIND_LABEL.get(kind)} output, ${sel.split} graphs`, anchor: "start", fontSize: 12.5, limit: 300 },
    width: 210,
    height: 150,
    data: { values },
    mark: { type: "line", strokeWidth: 1.4 },
    encoding: {
      x: { field: "layer", type: "quantitative", axis: LAYER_AXIS, scale: { nice: false, zero: false } },
      y: { field: "y", type: "quantitative", title: METRIC_TITLES[metric] ?? `log₁₀ ${metric}`, scale: { zero: false } },
      color: {
        field: "t",
        type: "ordinal",
        title: perEpoch ? "epoch" : "step",
        scale: { scheme: "viridis", reverse: true },
        legend: { orient: "right", labelFontSize: 12.5, symbolType: "stroke", symbolStrokeWidth: 2.5, columns: 1 },
      },
      strokeDash: { ...dashVariant, legend: { ...dashVariant.legend, orient: "top" } },
      detail: { field: "variant" },
    },
  } as TopLevelSpec;
}

/**
 * log10 Tr Σ_W and log10 Tr Σ_B against hidden layer at the last time point, one panel per feature
 * kind (conv | ReLU | BN), colour = quantity, dash = H / ÂH, band = ± std over test graphs.
 */
export function traceSpec(sel: RunSelection): TopLevelSpec | null {
  const w = layerRows(sel.rows, "trSigmaW");
  const b = layerRows(sel.rows, "trSigmaB");
  if (w.length + b.length === 0) return null;
  const t = lastTime([...w, ...b]);
  const rows = [...w, ...b].filter((r) => timeOf(r) === t);
  const values = layerValues(rows).map((v) => {
    const quantity = v.metric === "trSigmaW" ? "Tr Σ_W" : "Tr Σ_B";
    return { ...v, quantity, band: quantity };
  });
  const color = {
    field: "quantity",
    type: "nominal",
    title: null,
    scale: { domain: ["Tr Σ_W", "Tr Σ_B"], range: ["#c0392b", "#1b6ca8"] },
    legend: { orient: "top", direction: "horizontal", symbolType: "stroke" },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${sel.run}: ${timeLabel(rows, t)}, ${sel.split} graphs`, anchor: "start", fontSize: 12.5, limit: 600 },
    data: { values },
    facet: {
      column: {
        field: "kind",
        type: "nominal",
        title: null,
        sort: KINDS.map((k) => k.label),
        header: { labelFontSize: 13, labelPadding: 2 },
      },
    },
    spacing: 10,
    spec: {
      width: 175,
      height: 150,
      encoding: { x: { field: "layer", type: "quantitative", axis: LAYER_AXIS, scale: { nice: false, zero: false } } },
      layer: [
        {
          mark: { type: "area", opacity: 0.09 },
          encoding: {
            y: { field: "lo", type: "quantitative" },
            y2: { field: "hi" },
            fill: { ...color, field: "band", legend: null },
            detail: { field: "variant" },
          },
        },
        {
          mark: { type: "line", strokeWidth: 1.6 },
          encoding: {
            y: { field: "y", type: "quantitative", title: "log₁₀ Tr Σ", scale: { zero: false } },
            color,
            strokeDash: dashVariant,
          },
        },
      ],
    },
  } as TopLevelSpec;
}

/** Trailing running mean over `w` finite values (NaN entries skipped). */
export function runningMean(x: number[], w: number): number[] {
  const out = new Array<number>(x.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) {
      sum += x[i];
      count++;
    }
    const j = i - w;
    if (j >= 0 && Number.isFinite(x[j])) {
      sum -= x[j];
      count--;
    }
    out[i] = count > 0 ? sum / count : NaN;
  }
  return out;
}

/**
 * Tick values for a log axis over the values' range: the powers of ten (every k-th one when there
 * are more than 6 decades), plus 2× and 5× when the range spans fewer than two decades — vega's own
 * log ticks label 2, 3, 5 … in every decade and crowd a 95 px panel.
 */
export function logTicks(values: number[]): number[] {
  if (values.length === 0) return [];
  // no spread: a long run's loss curve can hold 10⁵+ values
  const lo = Math.floor(Math.log10(values.reduce((m, v) => Math.min(m, v), Infinity)));
  const hi = Math.ceil(Math.log10(values.reduce((m, v) => Math.max(m, v), -Infinity)));
  const step = Math.max(1, Math.ceil((hi - lo) / 6));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += step) ticks.push(Number(`1e${e}`));
  if (hi - lo < 2) for (let e = lo; e < hi; e++) ticks.push(Number(`2e${e}`), Number(`5e${e}`));
  return ticks.sort((a, b) => a - b);
}

/** At most `max` evenly spaced indices of 0..n-1, always including the last. */
function decimate(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const idx: number[] = [];
  for (let k = 0; k < max; k++) idx.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(idx)];
}

/**
 * Training loss (log scale) and overlap against SGD step, stacked, sharing the step axis: a thin
 * line per step and a thick running mean (window ≈ 1 % of the steps, at least 1). Faint vertical
 * rules mark epoch starts. Long logs are decimated to ≤ 2000 plotted points per series. `evals`
 * (metrics.csv rows): the test loss and overlap the trainer records at kind "final", variant "out"
 * are drawn as dots at their steps.
 */
export function trainingSpec(log: TrainLogRow[], run?: string, evals: MetricRow[] = []): TopLevelSpec | null {
  const runs = [...new Set(log.map((r) => r.run))];
  const name = run !== undefined && runs.includes(run) ? run : runs[0];
  const rows = log.filter((r) => r.run === name && Number.isFinite(r.step)).sort((a, b) => a.step - b.step);
  if (rows.length === 0) return null;
  const w = Math.max(1, Math.round(rows.length / 100));
  const lossSmooth = runningMean(rows.map((r) => (r.loss > 0 ? r.loss : NaN)), w);
  const ovSmooth = runningMean(rows.map((r) => r.overlap), w);
  const values: Record<string, unknown>[] = [];
  for (const i of decimate(rows.length, 2000)) {
    const r = rows[i];
    values.push({
      step: r.step,
      loss: r.loss > 0 && Number.isFinite(r.loss) ? r.loss : null,
      lossMean: Number.isFinite(lossSmooth[i]) ? lossSmooth[i] : null,
      overlap: Number.isFinite(r.overlap) ? r.overlap : null,
      overlapMean: Number.isFinite(ovSmooth[i]) ? ovSmooth[i] : null,
    });
  }
  const starts: { step: number }[] = [];
  for (let i = 1; i < rows.length; i++) if (rows[i].epoch !== rows[i - 1].epoch) starts.push({ step: rows[i].step });
  const x = { field: "step", type: "quantitative", title: "SGD step", scale: { nice: false }, axis: { tickCount: 5, labelExpr: "datum.value >= 1000 ? format(datum.value, '~s') : format(datum.value, 'd')" } } as const;
  const rules = starts.length > 0 && starts.length <= 50
    ? [{ data: { values: starts }, mark: { type: "rule", color: "#bbb", strokeWidth: 0.8 }, encoding: { x } }]
    : [];
  const evalPoints = (metric: string) =>
    evals
      .filter((r) => r.kind === "final" && r.variant === "out" && r.metric === metric && Number.isFinite(r.mean) && Number.isFinite(r.step))
      .filter((r) => metric !== "loss" || r.mean > 0)
      .map((r) => ({ step: r.step, value: r.mean }));
  const dots = (metric: string, extra: object) => {
    const values = evalPoints(metric);
    return values.length === 0
      ? []
      : [{ data: { values }, mark: { type: "point", shape: "circle", filled: true, size: 28, color: "#c0392b" }, encoding: { x, y: { field: "value", type: "quantitative", title: metric, ...extra } } }];
  };
  const hasEval = evalPoints("overlap").length + evalPoints("loss").length > 0;
  const positiveLoss = [...rows.map((r) => r.loss), ...evalPoints("loss").map((p) => p.value)].filter((v) => v > 0 && Number.isFinite(v));
  const panel = (field: string, title: string, extra: object, xAxis: boolean) => ({
    width: 230,
    height: 95,
    layer: [
      ...rules,
      { mark: { type: "line", color: "#9ab", strokeWidth: 0.7, opacity: 0.8 }, encoding: { x: xAxis ? x : { ...x, axis: { ...x.axis, title: null, labels: false } }, y: { field, type: "quantitative", title, ...extra } } },
      { mark: { type: "line", color: "#1b4f8a", strokeWidth: 1.8 }, encoding: { x: xAxis ? x : { ...x, axis: { ...x.axis, title: null, labels: false } }, y: { field: `${field}Mean`, type: "quantitative", ...extra } } },
      ...dots(field, extra),
    ],
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${name}: training, mean of ${w} step${w === 1 ? "" : "s"}`,
      subtitle: hasEval ? "red dots: test graphs" : undefined,
      anchor: "start",
      fontSize: 12.5,
      limit: 300,
    },
    data: { values },
    spacing: 6,
    vconcat: [
      panel("loss", "loss", { scale: { type: "log" }, axis: { values: logTicks(positiveLoss), grid: true, labelExpr: "datum.value >= 0.001 ? format(datum.value, '~g') : format(datum.value, '.0e')" } }, false),
      panel("overlap", "overlap", { scale: { domain: [Math.min(0, ...rows.map((r) => (Number.isFinite(r.overlap) ? r.overlap : 0))), 1] } }, true),
    ],
  } as TopLevelSpec;
}
