/**
 * NC2, convergence of the class means (or classifier rows) to a fixed frame (REFERENCE.md §3).
 *
 *   nc2EtfError(X) = ‖XXᵀ/‖XXᵀ‖_F − (I − 11ᵀ/C)/√(C−1)‖_F    simplex ETF (Papyan et al. 2020;
 *                                                            form of Zhu et al. 2021 / the reference code)
 *   nc2OfError(X)  = ‖XXᵀ/‖XXᵀ‖_F − I/√C‖_F                   orthogonal frame (Tirer & Bruna 2022:
 *                                                            MSE without bias collapses to an OF)
 *   nc2Equinorm    = Std_c ‖μ_c − μ_G‖ / Avg_c ‖μ_c − μ_G‖     (Papyan et al. 2020, Fig. 4)
 *   nc2Equiangularity = Std_{c≠c'} cos∠(μ_c − μ_G, μ_c' − μ_G)  (Papyan et al. 2020, Fig. 5)
 *
 * Both targets have unit Frobenius norm, so the frame errors lie in [0, 2]. Stds are population
 * stds (ddof = 0). Equiangularity follows Papyan's "Std of cosines" (some later papers use
 * Avg |cos + 1/(C−1)| instead; that is not what is computed here).
 *
 * Degenerate cases: X = 0 (e.g. all class means equal) → the normalised Gram is taken as 0 and the
 * frame error is ‖target‖_F = 1. All centred norms 0 → equinorm 0. A zero-norm centred mean has
 * cosine 0 with every other mean. With C = 2 there is one pair, so equiangularity is 0 by definition.
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import { checkMatrix } from "./validate.js";
import { frobenius, gram } from "./linalg.js";

/** ‖XXᵀ/‖XXᵀ‖_F − T‖_F for the C×C target T = a·I + b·11ᵀ. */
function frameError(X: Matrix, diag: number, all: number, name: string): number {
  checkMatrix(X, name);
  const C = X.rows;
  if (C < 2) throw new GncError(`gnc/collapse: ${name} needs at least 2 rows (classes), got ${C}`);
  return frameErrorOfGram(gram(X.data, C, X.cols), C, diag, all);
}

/** The same on a given C×C matrix P (not necessarily symmetric): ‖P/‖P‖_F − (a·I + b·11ᵀ)‖_F. */
export function frameErrorOfGram(P: Float64Array, C: number, diag: number, all: number): number {
  const norm = frobenius(P);
  const inv = norm > 0 ? 1 / norm : 0;
  let s = 0;
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      const t = (i === j ? diag : 0) + all;
      const e = P[i * C + j] * inv - t;
      s += e * e;
    }
  }
  return Math.sqrt(s);
}

/** Target coefficients of the simplex ETF (I − 11ᵀ/C)/√(C−1). */
export function etfTarget(C: number): [number, number] {
  const k = 1 / Math.sqrt(C - 1);
  return [k, -k / C];
}

/** Target coefficients of the orthogonal frame I/√C. */
export function ofTarget(C: number): [number, number] {
  return [1 / Math.sqrt(C), 0];
}

/** ETF error of a C×k matrix X (centred class means, or the classifier as C×d). See file banner. */
export function nc2EtfError(X: Matrix): number {
  const [a, b] = etfTarget(X.rows);
  return frameError(X, a, b, "nc2EtfError input");
}

/** Orthogonal-frame error of a C×k matrix X (uncentred class means, or the classifier as C×d). */
export function nc2OfError(X: Matrix): number {
  return frameError(X, 1 / Math.sqrt(X.rows), 0, "nc2OfError input");
}

function centredNorms(means: Matrix, globalMean: Float64Array): { Z: Float64Array; norms: Float64Array } {
  checkMatrix(means, "class means");
  const C = means.rows, d = means.cols;
  if (globalMean.length !== d) throw new GncError(`gnc/collapse: global mean has length ${globalMean.length}, expected ${d}`);
  const Z = new Float64Array(C * d);
  const norms = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < d; a++) Z[c * d + a] = means.data[c * d + a] - globalMean[a];
    norms[c] = frobenius(Z.subarray(c * d, (c + 1) * d));
  }
  return { Z, norms };
}

function meanStd(xs: ArrayLike<number>): [number, number] {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) * (xs[i] - m);
  return [m, Math.sqrt(v / n)];
}

/** Std_c ‖μ_c − μ_G‖ / Avg_c ‖μ_c − μ_G‖ for means C×d (Papyan et al. 2020). 0 when all norms are 0. */
export function nc2Equinorm(means: Matrix, globalMean: Float64Array): number {
  const { norms } = centredNorms(means, globalMean);
  if (norms.length === 0) throw new GncError("gnc/collapse: nc2Equinorm needs at least one class");
  const [m, s] = meanStd(norms);
  return m > 0 ? s / m : (Number.isNaN(m) ? NaN : 0);
}

/** Std over pairs c < c' of cos∠(μ_c − μ_G, μ_c' − μ_G) (Papyan et al. 2020). Needs C ≥ 2. */
export function nc2Equiangularity(means: Matrix, globalMean: Float64Array): number {
  const { Z, norms } = centredNorms(means, globalMean);
  const C = means.rows, d = means.cols;
  if (C < 2) throw new GncError(`gnc/collapse: nc2Equiangularity needs at least 2 classes, got ${C}`);
  const cos: number[] = [];
  for (let c = 0; c < C; c++) {
    for (let e = c + 1; e < C; e++) {
      if (norms[c] === 0 || norms[e] === 0) { cos.push(0); continue; }
      let dot = 0;
      for (let a = 0; a < d; a++) dot += Z[c * d + a] * Z[e * d + a];
      cos.push(dot / (norms[c] * norms[e]));
    }
  }
  return meanStd(cos)[1];
}
