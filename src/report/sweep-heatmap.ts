/**
 * Heat maps of a sweep over the SBM grid: x = q (graph.pOut), y = p (graph.pIn), colour = a
 * summary.csv column (last-layer log10 NC1 of H, or test overlap), one panel per method and per
 * combination of the other swept fields. Drawn on top:
 *   - the no-signal diagonal p = q (dashed),
 *   - the Kesten–Stigum threshold (c_in − c_out)² = C(c_in + (C−1)c_out) with c = N·p (solid;
 *     Decelle, Krzakala, Moore & Zdeborová, PRE 2011; REFERENCE.md §7). With b = c_out it solves to
 *     c_in = b + C/2 ± (C/2)√(1 + 4b): "+" bounds the homophilic detectable region, "−" (real and
 *     ≥ 0 for b ≥ C(C−1)) the heterophilic one. Between the two branches no algorithm beats chance.
 * Cells are rectangles between the midpoints of neighbouring grid values (geometric midpoints on a
 * log axis, chosen when the grid is closer to geometric than to arithmetic spacing), clamped to
 * [0, 1] on a linear axis. Drawn only when the grid has ≥ 2 distinct p and ≥ 2 distinct q.
 */
import type { TopLevelSpec } from "vega-lite";
import { summaryNumber, type SweepSummary } from "./sweep-data.js";
import { MAX_PANELS, evenlySpaced, methodLabel, type SweepFigureContext } from "./sweep-specs.js";
import { VEGA_LITE_SCHEMA } from "./style.js";

export type HeatmapKind = "nc1" | "overlap";

const P = "graph.pIn";
const Q = "graph.pOut";

/** Log axis when the sorted values are all positive, span ≥ 10× and are more geometric than arithmetic. */
export function prefersLog(values: readonly number[]): boolean {
  const v = [...values].sort((a, b) => a - b);
  if (v.length < 3 || v[0] <= 0 || v[v.length - 1] / v[0] < 10) return false;
  const cv = (xs: number[]) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length) / m;
  };
  const diffs = v.slice(1).map((x, i) => x - v[i]);
  const ratios = v.slice(1).map((x, i) => Math.log(x / v[i]));
  return cv(ratios) < cv(diffs);
}

/** Cell edges [lo, hi] of each distinct grid value, and the axis domain. */
export function cellEdges(values: readonly number[], log: boolean): { edges: Map<number, [number, number]>; domain: [number, number] } {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const mid = (a: number, b: number) => (log ? Math.sqrt(a * b) : (a + b) / 2);
  const edges = new Map<number, [number, number]>();
  for (let i = 0; i < v.length; i++) {
    let lo = i > 0 ? mid(v[i - 1], v[i]) : log ? v[0] ** 2 / mid(v[0], v[1]) : v[0] - (mid(v[0], v[1]) - v[0]);
    let hi = i < v.length - 1 ? mid(v[i], v[i + 1]) : log ? v[i] ** 2 / mid(v[i - 1], v[i]) : v[i] + (v[i] - mid(v[i - 1], v[i]));
    if (!log) {
      lo = Math.max(0, lo);
      hi = Math.min(1, hi);
    }
    edges.set(v[i], [lo, hi]);
  }
  return { edges, domain: [edges.get(v[0])![0], edges.get(v[v.length - 1])![1]] };
}

/** Points of the Kesten–Stigum curve (p against q) over q ∈ [qLo, qHi], both branches. */
export function kestenStigumCurve(n: number, classes: number, qLo: number, qHi: number, log: boolean, samples = 160): { q: number; p: number; branch: string; i: number }[] {
  const out: { q: number; p: number; branch: string; i: number }[] = [];
  const C = classes;
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    const q = log ? qLo * (qHi / qLo) ** t : qLo + (qHi - qLo) * t;
    const b = n * q;
    const root = (C / 2) * Math.sqrt(1 + 4 * b);
    out.push({ q, p: (b + C / 2 + root) / n, branch: "homophilic", i });
    // the − root is ≥ 0 only from b = C(C−1) on (and at the trivial b = 0, which is not the curve)
    if (b >= C * (C - 1)) out.push({ q, p: (b + C / 2 - root) / n, branch: "heterophilic", i });
  }
  return out;
}

// the grid values themselves, unrounded (vega would round tick labels to the tick spacing)
const LABEL = "format(datum.value, '.4~g')";

function axisValues(values: number[]): number[] {
  const v = [...new Set(values)].sort((a, b) => a - b);
  return evenlySpaced(v.length, 6).map((i) => v[i]);
}

/**
 * The heat map spec, or null when summary.csv lacks a 2-D (p, q) grid. `ctx.labels` is unused here;
 * panels are named from the row's method and its other swept fields.
 */
export function heatmapSpec(summary: SweepSummary, fields: readonly string[], ctx: SweepFigureContext, kind: HeatmapKind): TopLevelSpec | null {
  // the swept-field columns, else the plain pIn/pOut columns summary.csv also carries
  const pCol = summary.header.includes(P) ? P : "pIn";
  const qCol = summary.header.includes(Q) ? Q : "pOut";
  if (!summary.header.includes(pCol) || !summary.header.includes(qCol)) return null;
  const column = kind === "nc1" ? "log10Nc1HLast" : "overlap";
  const others = fields.filter((f) => f !== P && f !== Q);
  const rows = summary.rows
    .map((r) => ({
      p: summaryNumber(r, pCol),
      q: summaryNumber(r, qCol),
      v: summaryNumber(r, column),
      n: summaryNumber(r, "n"),
      classes: summaryNumber(r, "classes"),
      panel: [methodLabel(r.method ?? ""), ...others.map((f) => `${f.split(".").pop()}=${r[f] ?? ""}`)].join(" · "),
    }))
    .filter((r) => Number.isFinite(r.p) && Number.isFinite(r.q));
  const ps = [...new Set(rows.map((r) => r.p))];
  const qs = [...new Set(rows.map((r) => r.q))];
  if (ps.length < 2 || qs.length < 2) return null;

  const panelsAll = [...new Set(rows.map((r) => r.panel))];
  const panels = evenlySpaced(panelsAll.length, MAX_PANELS).map((i) => panelsAll[i]);
  const keep = new Set(panels);
  const logX = prefersLog(qs);
  const logY = prefersLog(ps);
  const X = cellEdges(qs, logX);
  const Y = cellEdges(ps, logY);

  const values: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (!keep.has(r.panel)) continue;
    const [x0, x1] = X.edges.get(r.q)!;
    const [y0, y1] = Y.edges.get(r.p)!;
    values.push({ type: Number.isFinite(r.v) ? "cell" : "missing", panel: r.panel, x0, x1, y0, y1, v: Number.isFinite(r.v) ? r.v : null, p: r.p, q: r.q });
  }
  for (const panel of panels) {
    const first = rows.find((r) => r.panel === panel)!;
    // p = q, sampled so that it is right on any mix of linear and log axes
    const lo = Math.max(X.domain[0], Y.domain[0], logX || logY ? 1e-12 : -Infinity);
    const hi = Math.min(X.domain[1], Y.domain[1]);
    if (lo < hi) {
      for (let i = 0; i < 60; i++) {
        const t = i / 59;
        const v = logX || logY ? lo * (hi / lo) ** t : lo + (hi - lo) * t;
        values.push({ type: "line", line: "p = q", panel, x: v, y: v, i });
      }
    }
    if (Number.isFinite(first.n) && Number.isFinite(first.classes) && first.n > 0 && first.classes >= 2) {
      for (const c of kestenStigumCurve(first.n, first.classes, Math.max(X.domain[0], logX ? 1e-12 : 0), X.domain[1], logX)) {
        if (logY && c.p <= 0) continue;
        values.push({ type: "line", line: `KS ${c.branch}`, panel, x: c.q, y: c.p, i: c.i });
      }
    }
  }

  const xScale = { type: logX ? "log" : "linear", domain: X.domain, nice: false, zero: false };
  const yScale = { type: logY ? "log" : "linear", domain: Y.domain, nice: false, zero: false };
  const xEnc = (field: string) => ({ field, type: "quantitative", scale: xScale, title: "q (p_out)", axis: { values: axisValues(qs), labelExpr: LABEL, labelAngle: qs.length > 3 ? -40 : 0, grid: false } });
  const yEnc = (field: string) => ({ field, type: "quantitative", scale: yScale, title: "p (p_in)", axis: { values: axisValues(ps), labelExpr: LABEL, grid: false } });
  const color =
    kind === "nc1"
      ? { field: "v", type: "quantitative", title: "log₁₀ NC₁", scale: { scheme: "viridis" } }
      : { field: "v", type: "quantitative", title: "overlap", scale: { scheme: "viridis", domain: [Math.min(0, ...rows.map((r) => (Number.isFinite(r.v) ? r.v : 0))), 1] } };
  const isLine = (name: string) => ({ filter: `datum.type === 'line' && datum.line ${name}` });
  const lineLayer = (filter: object, mark: object) => ({
    transform: [filter],
    mark: { type: "line", clip: true, ...mark },
    encoding: { x: xEnc("x"), y: yEnc("y"), detail: { field: "line" }, order: { field: "i", type: "quantitative" } },
  });
  const spec = {
    layer: [
      {
        transform: [{ filter: "datum.type === 'cell'" }],
        mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
        encoding: { x: xEnc("x0"), x2: { field: "x1" }, y: yEnc("y0"), y2: { field: "y1" }, color: { ...color, legend: { orient: "right", gradientLength: 130, titleLimit: 90 } } },
      },
      {
        transform: [{ filter: "datum.type === 'missing'" }],
        mark: { type: "rect", fill: "#d0d0d0", stroke: "white", strokeWidth: 0.5 },
        encoding: { x: xEnc("x0"), x2: { field: "x1" }, y: yEnc("y0"), y2: { field: "y1" } },
      },
      // white underlay so the lines read on dark and light cells alike
      lineLayer(isLine("!== ''"), { color: "white", strokeWidth: 3.6 }),
      lineLayer(isLine("=== 'p = q'"), { color: "#111", strokeWidth: 1.4, strokeDash: [4, 3] }),
      lineLayer(isLine("!== 'p = q'"), { color: "#111", strokeWidth: 1.6 }),
    ],
  };
  const what = kind === "nc1" ? "last-layer NC₁ of H" : "test overlap";
  const subtitle = ["dashed: p = q (no signal)", "solid: Kesten–Stigum threshold"];
  if (values.some((v) => v.type === "missing")) subtitle.push("grey: no finished run");
  if (panels.length < panelsAll.length) subtitle.push(`${panels.length} of ${panelsAll.length} panels shown`);
  const title = { text: `${ctx.name}: ${what} over (q, p)`, subtitle, anchor: "start", fontSize: 12.5, limit: 600, subtitleLimit: 600 };
  if (panels.length === 1) return { $schema: VEGA_LITE_SCHEMA, title, data: { values }, width: 170, height: 170, ...spec } as TopLevelSpec;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values },
    facet: { field: "panel", type: "nominal", title: null, sort: panels, header: { labelFontSize: 12.5, labelLimit: 200 } },
    columns: Math.min(3, panels.length),
    spacing: 10,
    spec: { width: 160, height: 160, ...spec },
  } as TopLevelSpec;
}
