/**
 * Slow, obvious float64 references for the collapse metrics tests: explicit loops, full d×d outer
 * products, and Σ_B⁺ from ml-matrix's SVD (a different algorithm from the library's projected
 * one-sided Jacobi). Also random-input generators. Not a test file itself.
 */
import { Matrix as MlMatrix, SVD } from "ml-matrix";
import { Rng } from "../../src/util/rng.js";
import type { Matrix } from "../../src/collapse/types.js";

export function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return { data, rows, cols };
}

/** Labels with every class present: the first C nodes get 0..C−1, the rest random. */
export function randomLabels(rng: Rng, n: number, C: number): Int32Array {
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = i < C ? i : rng.int(C);
  return rng.shuffle(y);
}

/** Features with class structure: row = class centre (random, scaled by sep) + N(0,1) noise. */
export function clusteredFeatures(rng: Rng, y: Int32Array, C: number, d: number, sep = 2): Matrix {
  const centres = randomMatrix(rng, C, d, sep);
  const F = randomMatrix(rng, y.length, d);
  for (let i = 0; i < y.length; i++) for (let a = 0; a < d; a++) F.data[i * d + a] += centres.data[y[i] * d + a];
  return F;
}

export const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300));

export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // Relative to the largest entry (entries near zero are compared absolutely at that scale).
  let scale = 0, err = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
  return scale === 0 ? err : err / scale;
}

export interface RefStats { means: number[][]; mu: number[]; SW: number[][]; SB: number[][]; trW: number; trB: number }

export function refStats(F: Matrix, y: Int32Array, C: number): RefStats {
  const N = F.rows, d = F.cols;
  const row = (i: number) => Array.from({ length: d }, (_, a) => F.data[i * d + a]);
  const means = Array.from({ length: C }, () => new Array(d).fill(0));
  const n = new Array(C).fill(0);
  for (let i = 0; i < N; i++) { n[y[i]]++; const r = row(i); for (let a = 0; a < d; a++) means[y[i]][a] += r[a]; }
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) means[c][a] /= n[c];
  const mu = new Array(d).fill(0);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) mu[a] += means[c][a] / C;
  const SW = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let i = 0; i < N; i++) {
    const z = row(i).map((v, a) => v - means[y[i]][a]);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SW[a][b] += (z[a] * z[b]) / N;
  }
  const SB = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let c = 0; c < C; c++) {
    const z = means[c].map((v, a) => v - mu[a]);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SB[a][b] += (z[a] * z[b]) / C;
  }
  let trW = 0, trB = 0;
  for (let a = 0; a < d; a++) { trW += SW[a][a]; trB += SB[a][a]; }
  return { means, mu, SW, SB, trW, trB };
}

/** Moore–Penrose pseudo-inverse from ml-matrix's SVD, singular values ≤ rcond·s_max dropped. */
export function refPinv(A: number[][], rcond = 1e-10): number[][] {
  const svd = new SVD(new MlMatrix(A), { autoTranspose: true });
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors, s = svd.diagonal;
  const smax = Math.max(...s);
  const n = A.length;
  const out = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let k = 0; k < s.length; k++) {
    if (!(s[k] > rcond * smax)) continue;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] += (V.get(i, k) * U.get(j, k)) / s[k];
  }
  return out;
}

export function refNc1(r: RefStats, C: number): number {
  const P = refPinv(r.SB);
  const d = r.SW.length;
  let tr = 0;
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) tr += r.SW[a][b] * P[b][a];
  return tr / C;
}

/** ‖XXᵀ/‖XXᵀ‖ − T‖ with T given explicitly (rows of X as arrays). */
export function refFrameError(X: number[][], target: (i: number, j: number) => number): number {
  const C = X.length;
  const G = X.map((xi) => X.map((xj) => xi.reduce((s, v, t) => s + v * xj[t], 0)));
  const nrm = Math.sqrt(G.flat().reduce((s, v) => s + v * v, 0));
  let e = 0;
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) e += (G[i][j] / nrm - target(i, j)) ** 2;
  return Math.sqrt(e);
}

export const etf = (C: number) => (i: number, j: number) => ((i === j ? 1 : 0) - 1 / C) / Math.sqrt(C - 1);
export const of = (C: number) => (i: number, j: number) => (i === j ? 1 / Math.sqrt(C) : 0);

export function toRows(M: Matrix): number[][] {
  return Array.from({ length: M.rows }, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
}

export function fromRows(rows: number[][]): Matrix {
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0].length };
}

/** A random d×d orthogonal matrix (QR of a Gaussian matrix via Gram–Schmidt). */
export function randomOrthogonal(rng: Rng, d: number): number[][] {
  const Q: number[][] = [];
  while (Q.length < d) {
    let v = Array.from({ length: d }, () => rng.normal());
    for (const q of Q) { const p = q.reduce((s, x, i) => s + x * v[i], 0); v = v.map((x, i) => x - p * q[i]); }
    const n = Math.hypot(...v);
    if (n > 1e-8) Q.push(v.map((x) => x / n));
  }
  return Q;
}
