/**
 * The spectral study's figure as a vega-lite spec (drawn by the CLI with report/'s renderVegaLite;
 * spectral/ sits below report/ and never imports it): mean log10 NC1 of the power iterate against
 * iteration — the spectral counterpart of the GNN's NC1-against-layer curves (Kothapalli et al.
 * 2023) — one colour per operator, H solid and ÂH dashed, a band of ± one std of log10 over the
 * graphs, and the direct (Lanczos eigenvector) value of each operator as a dotted horizontal rule.
 */
import type { TopLevelSpec } from "vega-lite";
import { VEGA_LITE_SCHEMA } from "../report/style.js";

/** The metrics.csv fields the figure reads. */
export interface SpectralMetricRow {
  layer: number;
  kind: string;
  variant: string;
  metric: string;
  meanLog10: number;
  stdLog10: number;
}

const OPERATOR_TITLES: Record<string, string> = { bh: "Bethe Hessian", nl: "normalised Laplacian", adj: "normalised adjacency" };
const OPS = Object.keys(OPERATOR_TITLES);
const METRIC_TITLES: Record<string, string> = { nc1: "log10 NC1", nc1Tilde: "log10 NC1~" };

/** log10 `metric` against iteration for every operator in the rows (null when there is nothing to draw). */
export function spectralCollapseSpec(rows: SpectralMetricRow[], opts: { metric?: "nc1" | "nc1Tilde"; title?: string } = {}): TopLevelSpec | null {
  const metric = opts.metric ?? "nc1";
  const finite = (r: SpectralMetricRow) => Number.isFinite(r.meanLog10);
  const iter = rows.filter((r) => OPS.includes(r.kind) && r.metric === metric && (r.variant === "H" || r.variant === "HA") && finite(r));
  if (iter.length === 0) return null;
  const title = (kind: string) => OPERATOR_TITLES[kind] ?? kind;
  const variantTitle = (v: string) => (v === "H" ? "H (iterate)" : "ÂH (neighbour means)");
  const values = iter.map((r) => ({
    iteration: r.layer, operator: title(r.kind), features: variantTitle(r.variant), y: r.meanLog10,
    lo: r.meanLog10 - (Number.isFinite(r.stdLog10) ? r.stdLog10 : 0), hi: r.meanLog10 + (Number.isFinite(r.stdLog10) ? r.stdLog10 : 0),
  }));
  const direct = rows
    .filter((r) => r.kind.endsWith("-eig") && OPS.includes(r.kind.slice(0, -4)) && r.metric === metric && r.variant === "H" && finite(r))
    .map((r) => ({ operator: title(r.kind.slice(0, -4)), y: r.meanLog10 }));
  const color = { field: "operator", type: "nominal", title: null, scale: { domain: OPS.map(title).filter((t) => values.some((v) => v.operator === t)) } };
  const x = { field: "iteration", type: "quantitative", title: "power iteration", scale: { nice: false, zero: false } };
  const layers: unknown[] = [
    { mark: { type: "area", opacity: 0.1 }, encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color, detail: { field: "features" } } },
    {
      mark: { type: "line", strokeWidth: 1.6 },
      encoding: {
        x,
        y: { field: "y", type: "quantitative", title: METRIC_TITLES[metric], scale: { zero: false } },
        color,
        strokeDash: { field: "features", type: "nominal", title: null, scale: { domain: [variantTitle("H"), variantTitle("HA")], range: [[1, 0], [5, 3]] } },
      },
    },
  ];
  if (direct.length > 0) {
    layers.push({ data: { values: direct }, mark: { type: "rule", strokeDash: [1, 3], strokeWidth: 1.2 }, encoding: { y: { field: "y", type: "quantitative" }, color } });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: opts.title ?? "NC1 by power iteration (dotted: eigenvectors)", anchor: "start", fontSize: 12.5, limit: 320 },
    width: 240,
    height: 160,
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}
