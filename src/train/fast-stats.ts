/**
 * Fast per-layer statistics for collapse tracking (REFERENCE.md §3): class means, Σ_W, Σ_B of a
 * captured feature matrix F (N×d) and of its neighbour means ÂF (Â = D⁻¹A, isolated nodes → zero
 * rows). Same quantities and the same corrected two-pass algorithm as collapse/stats.ts
 * classStatistics (Chan, Golub & LeVeque 1983), and the same ÂF as collapse/aggregate.ts
 * aggregateMean — the tests compare them on random inputs.
 *
 * Why a second implementation: tracking runs 3 kinds × 2 variants × L layers × K_test graphs per
 * evaluation (≈ 19 000 matrices for the paper's run), and with gnc's fused training step at a few ms
 * the generic loops made tracking ~15 % of a run. Here the inner loops are unrolled per width d,
 * generated at build time (tensor/kernels/codegen.ts statsSource → generated.ts, for STATS_WIDTHS):
 * the residual r and the d(d+1)/2 entries of Σ r rᵀ live in local variables instead of typed-array
 * slots, and one pass over the CSR edges aggregates all three kinds of a block. Other widths up to
 * MAX_UNROLL run loops with the same float operations in the same order (bit-identical, tested);
 * wider ones fall back to the generic functions of collapse/.
 */
import type { CsrGraph } from "../graphs/csr.js";
import { aggregateMean, classStatistics, type ClassStats, type Matrix } from "../collapse/index.js";
import { statsFromScatter } from "../collapse/stats.js";
import { GncError } from "../util/errors.js";
import { GENERATED_STATS } from "../tensor/kernels/generated.js";

/** Largest width with generated kernels (d(d+1)/2 local accumulators). */
export const MAX_UNROLL = 24;

type SumKernel = (X: ArrayLike<number>, labels: Int32Array, sums: Float64Array, N: number) => void;
type ScatterKernel = (X: ArrayLike<number>, labels: Int32Array, means: Float64Array, s: Float64Array, S: Float64Array, N: number) => void;
type Agg3Kernel = (rowPtr: Int32Array, cols: Int32Array, n: number, X0: Float32Array, X1: Float32Array, X2: Float32Array, o0: Float64Array, o1: Float64Array, o2: Float64Array) => void;

interface StatsKernels { sum: SumKernel; scatter: ScatterKernel; agg3: Agg3Kernel }
const loopCache = new Map<number, StatsKernels>();

/** The kernels for width d ≤ MAX_UNROLL: generated when listed, else their loop equivalents. */
function statsKernels(d: number): StatsKernels {
  const gen = (GENERATED_STATS as Record<number, StatsKernels>)[d];
  if (gen) return gen;
  let k = loopCache.get(d);
  if (!k) { k = unrolledEquivalentStats(d); loopCache.set(d, k); }
  return k;
}

/** codegen.ts statsSource's arithmetic as loops over d (float64 scratch for its locals): bit-identical. */
export function unrolledEquivalentStats(d: number): StatsKernels {
  return {
    sum(X, labels, sums, N) {
      for (let i = 0; i < N; i++) {
        const base = i * d, mb = labels[i] * d;
        for (let a = 0; a < d; a++) sums[mb + a] += X[base + a];
      }
    },
    scatter(X, labels, means, s, S, N) {
      const acc = new Float64Array(d * d), r = new Float64Array(d);
      for (let i = 0; i < N; i++) {
        const base = i * d, mb = labels[i] * d;
        for (let a = 0; a < d; a++) { r[a] = X[base + a] - means[mb + a]; s[mb + a] += r[a]; }
        for (let a = 0; a < d; a++) for (let b = a; b < d; b++) acc[a * d + b] += r[a] * r[b];
      }
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) S[a * d + b] = acc[a * d + b];
    },
    agg3(rowPtr, cols, n, X0, X1, X2, o0, o1, o2) {
      const Xs = [X0, X1, X2], os = [o0, o1, o2], acc = new Float64Array(3 * d);
      for (let i = 0; i < n; i++) {
        const s = rowPtr[i], e = rowPtr[i + 1], ob = i * d;
        acc.fill(0);
        for (let p = s; p < e; p++) {
          const jb = cols[p] * d;
          for (let m = 0; m < 3; m++) for (let a = 0; a < d; a++) acc[m * d + a] += Xs[m][jb + a];
        }
        const inv = e > s ? 1 / (e - s) : 0;
        for (let m = 0; m < 3; m++) for (let a = 0; a < d; a++) os[m][ob + a] = acc[m * d + a] * inv;
      }
    },
  };
}

/** Class statistics with the generated scatter kernel (inputs trusted: labels in range, all classes present). */
export function fastClassStats(X: Float32Array | Float64Array, labels: Int32Array, counts: Int32Array, N: number, d: number, C: number): ClassStats {
  if (d > MAX_UNROLL) return classStatistics({ data: X, rows: N, cols: d }, labels, C);
  const means = new Float64Array(C * d);
  statsKernels(d).sum(X, labels, means, N);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) means[c * d + a] /= counts[c];
  const S = new Float64Array(d * d), s = new Float64Array(C * d);
  statsKernels(d).scatter(X, labels, means, s, S, N);
  return statsFromScatter(S, s, means, counts.slice(), N, d, C);
}

/** Per-graph helper: statistics of a block's three kinds, as F ("H") and ÂF ("HA"). */
export class BlockStats {
  private readonly counts: Int32Array;
  private readonly out: [Float64Array, Float64Array, Float64Array];

  constructor(readonly graph: CsrGraph, readonly labels: Int32Array, readonly classes: number, readonly d: number) {
    this.counts = new Int32Array(classes);
    if (labels.length !== graph.n) throw new GncError(`gnc/train/tracking: ${labels.length} labels for ${graph.n} nodes`);
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i];
      if (!(c >= 0 && c < classes)) throw new GncError(`gnc/train/tracking: node ${i} has label ${c}, outside 0..${classes - 1}`);
      this.counts[c]++;
    }
    for (let c = 0; c < classes; c++) {
      if (this.counts[c] === 0) throw new GncError(`gnc/train/tracking: class ${c} has no nodes in a test graph (use a larger N or a less skewed prior)`);
    }
    const size = graph.n * d;
    this.out = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  }

  /** Statistics of F (N×d). */
  direct(F: Float32Array): ClassStats {
    return fastClassStats(F, this.labels, this.counts, this.graph.n, this.d, this.classes);
  }

  /** ÂX_k for three N×d matrices (buffers reused: overwritten by the next call). */
  aggregate3(X0: Float32Array, X1: Float32Array, X2: Float32Array): [Float64Array, Float64Array, Float64Array] {
    const { graph, d, out } = this;
    if (d > MAX_UNROLL) {
      [X0, X1, X2].forEach((X, k) => out[k].set(aggregateMean({ data: X, rows: graph.n, cols: d } as Matrix, graph).data));
    } else {
      statsKernels(d).agg3(graph.rowPtr, graph.cols, graph.n, X0, X1, X2, out[0], out[1], out[2]);
    }
    return out;
  }

  /** Statistics of an aggregated matrix returned by aggregate3. */
  ofAggregated(A: Float64Array): ClassStats {
    return fastClassStats(A, this.labels, this.counts, this.graph.n, this.d, this.classes);
  }
}
