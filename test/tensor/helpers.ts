/** Shared fixtures for tensor/ and models/ tests: small random graphs and float64 dense operators. */
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges, type CsrGraph } from "../../src/graphs/csr.js";
import type { PropagationMode } from "../../src/tensor/graph-tensors.js";

/** Erdős–Rényi-ish graph on n nodes with edge probability p; the listed nodes are kept isolated. */
export function randomGraph(n: number, p: number, rng: Rng, isolated: number[] = []): CsrGraph {
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (isolated.includes(i) || isolated.includes(j)) continue;
      if (rng.uniform() < p) { src.push(i); dst.push(j); }
    }
  }
  return csrFromEdges(n, src, dst).graph;
}

/** The dense N×N operator Â (float64 rows) written from its definition, for small test graphs only. */
export function denseOperator(g: CsrGraph, mode: PropagationMode): number[][] {
  const n = g.n;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) A[i][g.cols[p]] = 1;
  const deg = A.map((r) => r.reduce((a, b) => a + b, 0));
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (mode === "sum") M[i][j] = A[i][j];
      else if (mode === "mean") M[i][j] = deg[i] > 0 ? A[i][j] / deg[i] : 0;
      else if (mode === "sym") M[i][j] = deg[i] > 0 && deg[j] > 0 ? A[i][j] / Math.sqrt(deg[i] * deg[j]) : 0;
      else M[i][j] = (A[i][j] + (i === j ? 1 : 0)) / Math.sqrt((deg[i] + 1) * (deg[j] + 1));
    }
  }
  return M;
}

/** Row-major float64 product of a dense n×n operator with an n×d row-major matrix. */
export function applyDense(M: number[][], x: ArrayLike<number>, d: number, transpose = false): Float64Array {
  const n = M.length, out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const m = transpose ? M[j][i] : M[i][j];
    if (m !== 0) for (let k = 0; k < d; k++) out[i * d + k] += m * x[j * d + k];
  }
  return out;
}

export function randomArray(len: number, rng: Rng, scale = 1): Float32Array {
  return Float32Array.from({ length: len }, () => scale * (2 * rng.uniform() - 1));
}

/** max |a − b| / (atol + max |b|) — a relative error that tolerates near-zero references. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, atol = 1e-12): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / (atol + den);
}
