/**
 * Signal-to-noise ratio of a classifier on one graph's features (REFERENCE.md §3; the reference
 * code's "NC1 SNR", Kothapalli et al. 2023):
 *
 *   snr = ‖M_exp W‖_F / ‖(F − M_exp) W‖_F
 *
 * with F N×d, W d×C, and M_exp N×d the matrix whose row i is the (uncentred) mean of node i's class.
 * Computed without materialising M_exp: ‖M_exp W‖²_F = Σ_c n_c ‖μ_c W‖², and the noise term is
 * accumulated row by row on the centred rows. Noise 0 → +Infinity (signal > 0) or 0 (no signal either).
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import type { ClassStats } from "./stats.js";
import { checkLabels, checkMatrix } from "./validate.js";

export function snr(F: Matrix, labels: Int32Array, stats: ClassStats, W: Matrix): number {
  checkMatrix(F, "features");
  checkMatrix(W, "classifier W (d×C)", F.cols);
  checkLabels(labels, F.rows, stats.classes);
  if (stats.d !== F.cols || stats.n !== F.rows) throw new GncError("gnc/collapse: snr: stats were computed on other features");
  const N = F.rows, d = F.cols, C = W.cols, X = F.data, Wd = W.data, Mu = stats.means;
  let signal = 0;
  for (let c = 0; c < stats.classes; c++) {
    let s = 0;
    for (let e = 0; e < C; e++) {
      let acc = 0;
      for (let a = 0; a < d; a++) acc += Mu[c * d + a] * Wd[a * C + e];
      s += acc * acc;
    }
    signal += stats.counts[c] * s;
  }
  // Noise: centre first, then project — (f_i − μ_y)·W, so collapsed features (f_i ≈ μ_y, where a
  // large SNR is the point) do not lose their digits to the cancellation f_i·W − μ_y·W.
  let noise = 0;
  const r = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    const mb = labels[i] * d;
    for (let a = 0; a < d; a++) r[a] = X[i * d + a] - Mu[mb + a];
    for (let e = 0; e < C; e++) {
      let acc = 0;
      for (let a = 0; a < d; a++) acc += r[a] * Wd[a * C + e];
      noise += acc * acc;
    }
  }
  if (noise === 0) return signal === 0 ? 0 : Infinity;
  return Math.sqrt(signal) / Math.sqrt(noise);
}
