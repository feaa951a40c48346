/**
 * Class statistics of one graph's features: class means, Σ_W and Σ_B (REFERENCE.md §3; Papyan,
 * Han, Donoho, PNAS 2020, eq. for Σ_W and Σ_B):
 *
 *   μ_c = mean of the rows of class c,   μ_G = (1/C) Σ_c μ_c  (mean of class means),
 *   Σ_W = (1/N) Σ_i (f_i − μ_{y_i})(f_i − μ_{y_i})ᵀ,   Σ_B = (1/C) Σ_c (μ_c − μ_G)(μ_c − μ_G)ᵀ.
 *
 * Numerics: the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms for computing the
 * sample variance", Am. Stat. 1983): pass 1 sums rows per class for μ_c; pass 2 accumulates the
 * centred outer products r rᵀ (r = f_i − μ_c, upper triangle only) together with s_c = Σ r, then
 * subtracts s_c s_cᵀ/n_c and moves μ_c by s_c/n_c. This stays accurate when the means are large
 * against the spread (the one-pass FᵀF − nμμᵀ form loses every digit there), makes no N×d copy, and
 * costs N·d(d+1)/2 multiply-adds (rows processed in pairs to halve the traffic on Σ_W).
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import { checkLabels, checkMatrix } from "./validate.js";

export interface ClassStats {
  /** Number of nodes N. */
  n: number;
  /** Feature width d. */
  d: number;
  /** Number of classes C. */
  classes: number;
  /** n_c, length C. */
  counts: Int32Array;
  /** Class means μ_c, C×d row-major. */
  means: Float64Array;
  /** μ_G = mean of the class means, length d. */
  globalMean: Float64Array;
  /** Σ_W, d×d row-major (symmetric). */
  sigmaW: Float64Array;
  /** Σ_B, d×d row-major (symmetric, rank ≤ C−1). */
  sigmaB: Float64Array;
  trSigmaW: number;
  trSigmaB: number;
}

/**
 * Class means, Σ_W, Σ_B and their traces for features F (N×d) with labels y ∈ {0..C−1}^N.
 * Every class must have at least one node (GncError naming the empty class otherwise).
 */
export function classStatistics(F: Matrix, labels: Int32Array, classes: number): ClassStats {
  checkMatrix(F, "features");
  const counts = checkLabels(labels, F.rows, classes);
  for (let c = 0; c < classes; c++) {
    if (counts[c] === 0) {
      throw new GncError(`gnc/collapse: class ${c} has no nodes (labels must use every class 0..${classes - 1})`);
    }
  }
  const N = F.rows, d = F.cols, C = classes, X = F.data;

  // Pass 1: class sums → provisional means.
  const means = new Float64Array(C * d);
  for (let i = 0; i < N; i++) {
    const base = i * d, mb = labels[i] * d;
    for (let a = 0; a < d; a++) means[mb + a] += X[base + a];
  }
  for (let c = 0; c < C; c++) {
    const inv = 1 / counts[c];
    for (let a = 0; a < d; a++) means[c * d + a] *= inv;
  }

  // Pass 2: centred outer products (upper triangle) and residual sums s_c.
  const S = new Float64Array(d * d);
  const s = new Float64Array(C * d);
  const r = new Float64Array(d), r2 = new Float64Array(d);
  let i = 0;
  for (; i + 1 < N; i += 2) {
    const b1 = i * d, m1 = labels[i] * d, b2 = b1 + d, m2 = labels[i + 1] * d;
    for (let a = 0; a < d; a++) {
      const x1 = X[b1 + a] - means[m1 + a];
      const x2 = X[b2 + a] - means[m2 + a];
      r[a] = x1; r2[a] = x2;
      s[m1 + a] += x1; s[m2 + a] += x2;
    }
    for (let a = 0; a < d; a++) {
      const ra = r[a], qa = r2[a], row = a * d;
      for (let b = a; b < d; b++) S[row + b] += ra * r[b] + qa * r2[b];
    }
  }
  if (i < N) {
    const b1 = i * d, m1 = labels[i] * d;
    for (let a = 0; a < d; a++) { const x = X[b1 + a] - means[m1 + a]; r[a] = x; s[m1 + a] += x; }
    for (let a = 0; a < d; a++) {
      const ra = r[a], row = a * d;
      for (let b = a; b < d; b++) S[row + b] += ra * r[b];
    }
  }
  return statsFromScatter(S, s, means, counts, N, d, C);
}

/**
 * The last step of a two-pass class-statistics computation, shared by classStatistics and the
 * generated kernels of train/fast-stats: from the upper triangle S of Σ_i r_i r_iᵀ (residuals
 * r_i = f_i − μ̃_{y_i} about provisional means μ̃, C×d), the residual sums s_c and the class counts,
 * correct to the exact means and Σ_W (Σ_{i∈c}(f−μ̂)(f−μ̂)ᵀ = Σ r rᵀ − s_c s_cᵀ/n_c, μ̂ = μ̃ + s_c/n_c),
 * then form μ_G, Σ_B and the traces. `means` and `S` are updated in place.
 */
export function statsFromScatter(
  S: Float64Array, s: Float64Array, means: Float64Array, counts: Int32Array, N: number, d: number, C: number,
): ClassStats {
  for (let c = 0; c < C; c++) {
    const inv = 1 / counts[c], sb = c * d;
    for (let a = 0; a < d; a++) {
      const sa = s[sb + a] * inv, row = a * d;
      for (let b = a; b < d; b++) S[row + b] -= sa * s[sb + b];
      means[sb + a] += sa;
    }
  }
  const sigmaW = new Float64Array(d * d);
  const invN = 1 / N;
  let trSigmaW = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = S[a * d + b] * invN;
      sigmaW[a * d + b] = v;
      sigmaW[b * d + a] = v;
    }
    trSigmaW += sigmaW[a * d + a];
  }

  const globalMean = new Float64Array(d);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) globalMean[a] += means[c * d + a];
  for (let a = 0; a < d; a++) globalMean[a] /= C;
  const sigmaB = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < d; a++) z[a] = means[c * d + a] - globalMean[a];
    for (let a = 0; a < d; a++) {
      const za = z[a] / C, row = a * d;
      for (let b = a; b < d; b++) sigmaB[row + b] += za * z[b];
    }
  }
  let trSigmaB = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) sigmaB[b * d + a] = sigmaB[a * d + b];
    trSigmaB += sigmaB[a * d + a];
  }
  return { n: N, d, classes: C, counts, means, globalMean, sigmaW, sigmaB, trSigmaW, trSigmaB };
}

/** The class means centred by μ_G, C×d row-major (the matrix M̃ of Papyan et al. 2020). */
export function centredMeans(stats: ClassStats): Float64Array {
  const { classes: C, d, means, globalMean } = stats;
  const M = new Float64Array(C * d);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) M[c * d + a] = means[c * d + a] - globalMean[a];
  return M;
}
