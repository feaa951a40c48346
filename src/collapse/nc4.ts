/**
 * NC4, convergence to the nearest-class-centre rule (Papyan, Han, Donoho, PNAS 2020, NC4; not in the
 * reference code of Kothapalli et al. 2023):
 *
 *   nc4NccAgreement = (1/N) Σ_i 1[ prediction_i = argmin_c ‖f_i − μ_c‖₂ ]
 *
 * Features F N×d, means C×d, predictions ∈ {0..C−1}^N. Ties in the distance go to the lowest class
 * index. 1 means the classifier behaves exactly like the nearest-class-mean rule.
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import { checkLabels, checkMatrix } from "./validate.js";

/** Nearest class mean (Euclidean) of every row of F; N entries. */
export function nearestClassMean(F: Matrix, means: Matrix): Int32Array {
  checkMatrix(F, "features");
  checkMatrix(means, "class means");
  if (means.cols !== F.cols) throw new GncError(`gnc/collapse: class means have ${means.cols} columns, features ${F.cols}`);
  const N = F.rows, d = F.cols, C = means.rows, X = F.data, Mu = means.data;
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    let best = 0, bestD = Infinity;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let a = 0; a < d; a++) { const e = X[i * d + a] - Mu[c * d + a]; s += e * e; }
      if (s < bestD) { bestD = s; best = c; }
    }
    out[i] = best;
  }
  return out;
}

/** Fraction of nodes whose prediction equals the nearest-class-mean rule on F. */
export function nc4NccAgreement(F: Matrix, means: Matrix, predictions: Int32Array): number {
  checkLabels(predictions, F.rows, means.rows, "predictions");
  if (F.rows === 0) throw new GncError("gnc/collapse: nc4NccAgreement needs at least one node");
  const ncc = nearestClassMean(F, means);
  let agree = 0;
  for (let i = 0; i < F.rows; i++) if (ncc[i] === predictions[i]) agree++;
  return agree / F.rows;
}

/** argmax_c (F·W)_{ic} per row (ties → lowest index): the predictions of a linear classifier W d×C. */
export function argmaxPredictions(F: Matrix, W: Matrix): Int32Array {
  checkMatrix(F, "features");
  checkMatrix(W, "classifier W (d×C)", F.cols);
  const N = F.rows, d = F.cols, C = W.cols;
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    let best = 0, bestV = -Infinity;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += F.data[i * d + a] * W.data[a * C + c];
      if (s > bestV) { bestV = s; best = c; }
    }
    out[i] = best;
  }
  return out;
}
