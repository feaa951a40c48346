/**
 * Neighbour-mean features ÂF with Â = D⁻¹A (REFERENCE.md §2–3: the "HÂ" feature kind; Kothapalli
 * et al. 2023). Row i of the result is the mean of the rows of i's neighbours; an isolated node gets
 * a zero row (never NaN). F N×d → N×d, float64. O(m·d).
 */
import { GncError } from "../util/errors.js";
import type { CsrGraph } from "../graphs/csr.js";
import type { Matrix } from "./types.js";
import { checkMatrix } from "./validate.js";

export function aggregateMean(F: Matrix, graph: CsrGraph): Matrix {
  checkMatrix(F, "features");
  if (graph.n !== F.rows) throw new GncError(`gnc/collapse: graph has ${graph.n} nodes but the features have ${F.rows} rows`);
  if (graph.rowPtr.length !== graph.n + 1) throw new GncError("gnc/collapse: graph rowPtr must have N + 1 entries");
  const N = F.rows, d = F.cols, X = F.data, { rowPtr, cols } = graph;
  const out = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    const s = rowPtr[i], e = rowPtr[i + 1];
    if (e === s) continue;
    const ob = i * d;
    for (let p = s; p < e; p++) {
      const jb = cols[p] * d;
      for (let a = 0; a < d; a++) out[ob + a] += X[jb + a];
    }
    const inv = 1 / (e - s);
    for (let a = 0; a < d; a++) out[ob + a] *= inv;
  }
  return { data: out, rows: N, cols: d };
}
