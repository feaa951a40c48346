/** Slow, obvious dense references for the spectral tests: operator matrices built entry by entry from the formulas. */
import { Matrix as MlMatrix, EigenvalueDecomposition } from "ml-matrix";
import { csrFromEdges, type CsrGraph } from "../../src/graphs/csr.js";
import { Rng } from "../../src/util/rng.js";
import type { OperatorName } from "../../src/spectral/operators.js";

/** Erdős–Rényi-ish random graph on n nodes with edge probability p (optionally plus isolated nodes). */
export function randomGraph(rng: Rng, n: number, p: number): CsrGraph {
  const s: number[] = [], d: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) { s.push(i); d.push(j); }
  return csrFromEdges(n, s, d).graph;
}

/** The dense N×N matrix of an operator, straight from REFERENCE §6 (r given for bh). */
export function denseOperator(name: OperatorName, g: CsrGraph, r = 0): number[][] {
  const n = g.n;
  const A = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) A[i][g.cols[p]] = 1;
  const deg = A.map((row) => row.reduce((a, b) => a + b, 0));
  const M = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const norm = deg[i] > 0 && deg[j] > 0 ? A[i][j] / Math.sqrt(deg[i] * deg[j]) : 0;
      if (name === "bh") M[i][j] = (i === j ? r * r - 1 + deg[i] : 0) - r * A[i][j];
      else if (name === "adj") M[i][j] = norm;
      else M[i][j] = (i === j ? 1 : 0) - norm;
    }
  }
  return M;
}

/** Eigenvalues (ascending) and unit eigenvectors (columns) of a dense symmetric matrix by ml-matrix. */
export function denseEigen(M: number[][]): { values: number[]; vectors: number[][] } {
  const e = new EigenvalueDecomposition(new MlMatrix(M), { assumeSymmetric: true });
  const vals = e.realEigenvalues;
  const V = e.eigenvectorMatrix;
  const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
  return { values: order.map((i) => vals[i]), vectors: order.map((i) => V.getColumn(i)) };
}

export function matvecDense(M: number[][], x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(M.length);
  for (let i = 0; i < M.length; i++) { let s = 0; for (let j = 0; j < M.length; j++) s += M[i][j] * x[j]; y[i] = s; }
  return y;
}

export function randomVector(rng: Rng, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  return x;
}

/** |cos| of the angle between two vectors. */
export function absCos(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return Math.abs(ab) / Math.sqrt(aa * bb);
}
