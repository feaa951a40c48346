/**
 * Slow, obvious float64 references for the gUFM tests: dense Â (N×N) built entry by entry from the
 * definition of each aggregation, loss_k by the formula of REFERENCE §4, and small random problems.
 */
import type { CsrGraph } from "../../src/graphs/csr.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import type { Aggregation, UfmGraph, UfmSpec } from "../../src/ufm/objective.js";
import { Rng } from "../../src/util/rng.js";

/** Dense Â as number[][]: mean D⁻¹A, sum A, sym D^-½AD^-½ (isolated rows/cols zero). */
export function denseAgg(g: CsrGraph, agg: Aggregation): number[][] {
  const n = g.n;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) A[i][g.cols[p]] = 1;
  const deg = A.map((r) => r.reduce((s, x) => s + x, 0));
  return A.map((row, i) =>
    row.map((a, j) => {
      if (a === 0) return 0;
      if (agg === "mean") return 1 / deg[i];
      if (agg === "sum") return 1;
      return 1 / Math.sqrt(deg[i] * deg[j]);
    }),
  );
}

/** loss_k from the formula, with dense products (H N×d, W d×C row-major). */
export function referenceLoss(g: UfmGraph, spec: UfmSpec, H: ArrayLike<number>, W1: ArrayLike<number>, W2: ArrayLike<number>): number {
  const n = g.graph.n, { dim: d, classes: C } = spec;
  const Ah = denseAgg(g.graph, spec.aggregation);
  const AH = new Array<number>(n * d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Ah[i][j] !== 0) for (let a = 0; a < d; a++) AH[i * d + a] += Ah[i][j] * H[j * d + a];
  let fit = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let z = 0;
      for (let a = 0; a < d; a++) z += (spec.useW1 ? H[i * d + a] * W1[a * C + c] : 0) + AH[i * d + a] * W2[a * C + c];
      const r = z - (g.labels[i] === c ? 1 : 0);
      fit += r * r;
    }
  }
  const sq = (x: ArrayLike<number>) => { let s = 0; for (let t = 0; t < x.length; t++) s += x[t] * x[t]; return s; };
  return fit / (2 * n) + 0.5 * ((spec.useW1 ? spec.lambdaW1 * sq(W1) : 0) + spec.lambdaW2 * sq(W2) + spec.lambdaH * sq(H));
}

/** K small SBM graphs (every class present), N nodes each. */
export function smallGraphs(K: number, n: number, C: number, seed: number, pIn = 0.5, pOut = 0.2): UfmGraph[] {
  const rng = Rng.seeded(seed);
  return Array.from({ length: K }, () => {
    const s = sampleSbm({ n, classes: C, pIn, pOut }, rng);
    return { graph: s.graph, labels: s.labels };
  });
}

export function randomState(size: number, rng: Rng, scale = 1): Float64Array {
  const x = new Float64Array(size);
  for (let t = 0; t < size; t++) x[t] = scale * rng.normal();
  return x;
}
