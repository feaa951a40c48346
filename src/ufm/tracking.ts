/**
 * Collapse tracking along the gUFM dynamics (REFERENCE.md §3–4; Kothapalli, Tirer, Bruna, NeurIPS
 * 2023, gUFM figures): at each evaluation, for every graph k, the float64 metrics of collapse/ on
 *   variant "H"  — the free features H_k, with classifier W1 (weight-based metrics only when useW1),
 *   variant "HA" — the aggregated features Â_k H_k (the run's aggregation), with classifier W2,
 * i.e. collapseMetrics' keys (nc1, nc1Tilde, trSigmaW, trSigmaB, nc2*, nc3*, nc4NccAgreement, snr) —
 * the names src/train/tracking.ts writes for the GNN's final layer — each aggregated over the K
 * graphs with summarize() (mean, std, mean/std of log10). Variant "out": the per-graph loss_k (its
 * mean is F) and overlap of argmax Z_k (permutation-maximised, train/overlap.ts), and flowTime.
 * Variants "W1"/"W2": the classifier frame errors nc2EtfError / nc2OfError of Wᵀ (C×d) and its
 * Frobenius norm normW (one value: std 0). Labels index the columns of Y directly, so no class
 * matching is needed for NC3/NC4.
 *
 * Rows use the GNN's metrics.csv schema with layer 1, kind "ufm", split "train" (the gUFM has only
 * the K graphs it is fitted on).
 */
import { collapseMetrics, nc2EtfError, nc2OfError, summarize } from "../collapse/index.js";
import { frobenius } from "../collapse/linalg.js";
import type { Matrix } from "../collapse/types.js";
import { argmaxRows, overlapFromPredictions } from "../train/overlap.js";
import type { MetricRow } from "../runs/tidy-csv.js";
import type { UfmObjective } from "./objective.js";

export const UFM_LAYER = 1;
export const UFM_KIND = "ufm";
export const UFM_SPLIT = "train";

export interface UfmEvaluation {
  /** F = (1/K) Σ_k loss_k. */
  loss: number;
  /** Mean overlap over the graphs. */
  overlap: number;
  /** Per-graph NC1 (Tr(Σ_W Σ_B⁺)/C) of H_k and of Â_k H_k. */
  nc1H: number[];
  nc1HA: number[];
  /** Aggregated rows (metrics.csv schema). */
  rows: MetricRow[];
}

/** Per-graph values per (variant, metric), in first-seen order, summarised into MetricRows. */
class Accumulator {
  private readonly map = new Map<string, { variant: string; metric: string; values: number[] }>();
  add(variant: string, metric: string, value: number): void {
    const key = `${variant}|${metric}`;
    let e = this.map.get(key);
    if (!e) this.map.set(key, (e = { variant, metric, values: [] }));
    e.values.push(value);
  }
  rows(base: { run: string; epoch: number; step: number }): MetricRow[] {
    return [...this.map.values()].map((e) => {
      const s = summarize(e.values);
      return { ...base, split: UFM_SPLIT, layer: UFM_LAYER, kind: UFM_KIND, variant: e.variant, metric: e.metric, mean: s.mean, std: s.std, meanLog10: s.meanLog10, stdLog10: s.stdLog10 };
    });
  }
}

function transposeDC(W: Float64Array, d: number, C: number): Matrix {
  const T = new Float64Array(C * d);
  for (let a = 0; a < d; a++) for (let c = 0; c < C; c++) T[c * d + a] = W[a * C + c];
  return { data: T, rows: C, cols: d };
}

/** Evaluate every graph at the current state (see banner). `base` fills run/epoch/step. */
export function evaluateUfm(
  obj: UfmObjective,
  state: Float64Array,
  base: { run: string; epoch: number; step: number; flowTime: number },
): UfmEvaluation {
  const { d, C, spec } = obj;
  const acc = new Accumulator();
  const W1 = obj.W1(state).slice(), W2 = obj.W2(state).slice();
  const W1m: Matrix = { data: W1, rows: d, cols: C }, W2m: Matrix = { data: W2, rows: d, cols: C };
  const nc1H: number[] = [], nc1HA: number[] = [];
  let lossSum = 0, ovSum = 0;
  for (let k = 0; k < obj.K; k++) {
    const { labels } = obj.graphs[k];
    const n = labels.length;
    const Hd = obj.H(state, k).slice();
    const H: Matrix = { data: Hd, rows: n, cols: d };
    const HA: Matrix = { data: obj.aggregate(k, Hd, d), rows: n, cols: d };
    const pred = argmaxRows(obj.outputs(k, state), n, C);
    const mH = collapseMetrics(H, labels, C, { weights: spec.useW1 ? W1m : undefined, predictions: pred });
    const mHA = collapseMetrics(HA, labels, C, { weights: W2m, predictions: pred });
    for (const [variant, m] of [["H", mH], ["HA", mHA]] as const) {
      for (const [key, v] of Object.entries(m)) if (typeof v === "number") acc.add(variant, key, v);
    }
    nc1H.push(mH.nc1);
    nc1HA.push(mHA.nc1);
    const loss = obj.lossGraph(k, state);
    const ov = overlapFromPredictions(pred, labels, C).overlap;
    acc.add("out", "loss", loss);
    acc.add("out", "overlap", ov);
    lossSum += loss;
    ovSum += ov;
  }
  acc.add("out", "flowTime", base.flowTime);
  for (const [variant, W] of [["W1", W1], ["W2", W2]] as const) {
    if (variant === "W1" && !spec.useW1) continue;
    const Wt = transposeDC(W, d, C);
    acc.add(variant, "nc2EtfError", nc2EtfError(Wt));
    acc.add(variant, "nc2OfError", nc2OfError(Wt));
    acc.add(variant, "normW", frobenius(W));
  }
  return {
    loss: lossSum / obj.K,
    overlap: ovSum / obj.K,
    nc1H,
    nc1HA,
    rows: acc.rows({ run: base.run, epoch: base.epoch, step: base.step }),
  };
}
