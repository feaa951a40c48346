/**
 * The collapse metrics library (REFERENCE.md §3): pure float64 functions of one graph's features
 * (N×d rows), labels and optionally a classifier (d×C) and graph. `collapseMetrics` computes every
 * per-graph metric in one call; the individual functions are re-exported for finer use.
 *
 * Papers: Papyan, Han, Donoho, PNAS 2020 (NC1–NC4); Tirer & Bruna, ICML 2022 (orthogonal frame);
 * Kothapalli, Tirer, Bruna, NeurIPS 2023 (NC1~, the graph forms ÂF, SNR, trace-ratio bounds).
 */
import type { CsrGraph } from "../graphs/csr.js";
import type { CollapseMetrics, Matrix } from "./types.js";
import { classStatistics, centredMeans } from "./stats.js";
import { nc1Pinv, nc1TraceRatio } from "./nc1.js";
import { nc2EtfError, nc2Equiangularity, nc2Equinorm, nc2OfError } from "./nc2.js";
import { nc3EtfError, nc3OfError, nc3SelfDuality } from "./nc3.js";
import { argmaxPredictions, nc4NccAgreement } from "./nc4.js";
import { snr } from "./snr.js";
import { aggregateMean } from "./aggregate.js";
import { checkMatrix } from "./validate.js";
import { GncError } from "../util/errors.js";

export type { Matrix, CollapseMetrics } from "./types.js";
export { classStatistics, centredMeans, type ClassStats } from "./stats.js";
export { nc1Pinv, nc1TraceRatio, projectedCentredMeans } from "./nc1.js";
export { nc2EtfError, nc2OfError, nc2Equinorm, nc2Equiangularity } from "./nc2.js";
export { nc3SelfDuality, nc3EtfError, nc3OfError } from "./nc3.js";
export { nc4NccAgreement, nearestClassMean, argmaxPredictions } from "./nc4.js";
export { snr } from "./snr.js";
export { traceRatioBounds, traceRatioBound, boundBetas, type TraceRatioBounds, type TraceRatioBound, type TraceRatioBoundsInput } from "./bounds.js";
export { aggregateMean } from "./aggregate.js";
export { summarize, LOG10_FLOOR, type Summary } from "./summary.js";
export { symEigen, orthogonaliseRows } from "./linalg.js";

export interface CollapseOptions {
  /** Classifier acting on F, d×C (logits = F·W). Enables nc2W*, nc3*, snr and (via argmax) nc4. */
  weights?: Matrix;
  /** The network's predictions (N entries in 0..C−1) for nc4; default argmax of F·W when weights are given. */
  predictions?: Int32Array;
  /** Adds `aggregated`: the same metrics on ÂF (neighbour means, Â = D⁻¹A). */
  graph?: CsrGraph;
  /** Classifier acting on ÂF (the final layer's W2) for the weight-based metrics of `aggregated`. */
  aggregatedWeights?: Matrix;
  /** Means used by nc3SelfDuality: "centred" (Papyan 2020, default) or "uncentred" (the reference code). */
  nc3Means?: "centred" | "uncentred";
}

export type CollapseResult = CollapseMetrics & { aggregated?: CollapseMetrics };

/**
 * Every per-graph collapse metric of features F (N×d) with labels in 0..C−1 (all classes present).
 *
 * Which means each metric uses: nc2EtfError, nc2Equinorm, nc2Equiangularity and nc3EtfError use the
 * centred means μ_c − μ_G (Papyan 2020); nc2OfError and nc3OfError use the uncentred means μ_c (the
 * orthogonal frame of Tirer & Bruna 2022 is a property of uncentred means); nc3SelfDuality per
 * `nc3Means`. nc2WEtfError / nc2WOfError are the frame errors of the classifier rows (Wᵀ, C×d).
 * nc4NccAgreement needs predictions, given or argmax(F·W). snr uses W. With `graph`, `aggregated`
 * holds the same on ÂF, using `aggregatedWeights` (not `weights`) for the weight-based ones and the
 * same predictions for nc4.
 */
export function collapseMetrics(F: Matrix, labels: Int32Array, classes: number, opts: CollapseOptions = {}): CollapseResult {
  if (!(classes >= 2)) throw new GncError(`gnc/collapse: collapse metrics need at least 2 classes, got ${classes}`);
  const stats = classStatistics(F, labels, classes);
  const C = classes, d = stats.d;
  const Mc: Matrix = { data: centredMeans(stats), rows: C, cols: d };
  const Mu: Matrix = { data: stats.means, rows: C, cols: d };
  const out: CollapseResult = {
    nc1: nc1Pinv(stats),
    nc1Tilde: nc1TraceRatio(stats),
    trSigmaW: stats.trSigmaW,
    trSigmaB: stats.trSigmaB,
    nc2EtfError: nc2EtfError(Mc),
    nc2OfError: nc2OfError(Mu),
    nc2Equinorm: nc2Equinorm(Mu, stats.globalMean),
    nc2Equiangularity: nc2Equiangularity(Mu, stats.globalMean),
  };
  const W = opts.weights;
  if (W) {
    checkMatrix(W, "classifier W (d×C)", d, C);
    const Wt: Matrix = { data: transpose(W), rows: C, cols: d };
    out.nc2WEtfError = nc2EtfError(Wt);
    out.nc2WOfError = nc2OfError(Wt);
    out.nc3SelfDuality = nc3SelfDuality(W, opts.nc3Means === "uncentred" ? Mu : Mc);
    out.nc3EtfError = nc3EtfError(W, Mc);
    out.nc3OfError = nc3OfError(W, Mu);
    out.snr = snr(F, labels, stats, W);
  }
  const pred = opts.predictions ?? (W ? argmaxPredictions(F, W) : undefined);
  if (pred) out.nc4NccAgreement = nc4NccAgreement(F, Mu, pred);
  if (opts.graph) {
    const AF = aggregateMean(F, opts.graph);
    out.aggregated = collapseMetrics(AF, labels, classes, {
      weights: opts.aggregatedWeights,
      predictions: opts.predictions,
      nc3Means: opts.nc3Means,
    });
  }
  return out;
}

function transpose(W: Matrix): Float64Array {
  const r = W.rows, c = W.cols, T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = W.data[i * c + j];
  return T;
}
