/**
 * Fast per-layer statistics for collapse tracking (REFERENCE.md §3): class means, Σ_W, Σ_B of a
 * captured feature matrix F (N×d) and of its neighbour means ÂF (Â = D⁻¹A, isolated nodes → zero
 * rows). Same quantities and the same corrected two-pass algorithm as collapse/stats.ts
 * classStatistics (Chan, Golub & LeVeque 1983), and the same ÂF as collapse/aggregate.ts
 * aggregateMean — the tests compare them on random inputs.
 *
 * Why a second implementation: tracking runs 3 kinds × 2 variants × L layers × K_test graphs per
 * evaluation (≈ 19 000 matrices for the paper's run), and with gnc's fused training step at a few ms
 * the generic loops made tracking ~15 % of a run. Here the inner loops are generated once per width d
 * (new Function, as ndarray/cwise do) with d unrolled: the residual r and the d(d+1)/2 entries of
 * Σ r rᵀ live in local variables instead of typed-array slots, and one pass over the CSR edges
 * aggregates all three kinds of a block. Widths above MAX_UNROLL fall back to the generic functions.
 */
import type { CsrGraph } from "../graphs/csr.js";
import { aggregateMean, classStatistics, type ClassStats, type Matrix } from "../collapse/index.js";
import { statsFromScatter } from "../collapse/stats.js";
import { GncError } from "../util/errors.js";

/** Largest width with generated kernels (d(d+1)/2 local accumulators). */
export const MAX_UNROLL = 24;

type SumKernel = (X: ArrayLike<number>, labels: Int32Array, sums: Float64Array, N: number) => void;
type ScatterKernel = (X: ArrayLike<number>, labels: Int32Array, means: Float64Array, s: Float64Array, S: Float64Array, N: number) => void;
type Agg3Kernel = (rowPtr: Int32Array, cols: Int32Array, n: number, X0: Float32Array, X1: Float32Array, X2: Float32Array, o0: Float64Array, o1: Float64Array, o2: Float64Array) => void;

const sumCache = new Map<number, SumKernel>();
const scatterCache = new Map<number, ScatterKernel>();

/** Class sums Σ_{i∈c} f_i into sums (C×d, zeroed by the caller); d unrolled. */
function sumKernel(d: number): SumKernel {
  let k = sumCache.get(d);
  if (k) return k;
  const L = [`for (let i = 0; i < N; i++) {`, `  const base = i * ${d}, mb = labels[i] * ${d};`];
  L.push("  " + Array.from({ length: d }, (_, a) => `sums[mb + ${a}] += X[base + ${a}];`).join(" "));
  L.push(`}`);
  k = new Function("X", "labels", "sums", "N", L.join("\n")) as SumKernel;
  sumCache.set(d, k);
  return k;
}
const aggCache = new Map<number, Agg3Kernel>();

/** Σ_i r_i r_iᵀ (upper triangle into S) and s_c = Σ_{i∈c} r_i, with r_i = f_i − μ_{y_i}; d unrolled. */
function scatterKernel(d: number): ScatterKernel {
  let k = scatterCache.get(d);
  if (k) return k;
  const L: string[] = [];
  const acc: string[] = [];
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) acc.push(`s${a}_${b}`);
  L.push(`let ${acc.map((v) => v + " = 0").join(", ")};`);
  L.push(`for (let i = 0; i < N; i++) {`, `  const base = i * ${d}, mb = labels[i] * ${d};`);
  for (let a = 0; a < d; a++) L.push(`  const r${a} = X[base + ${a}] - means[mb + ${a}]; s[mb + ${a}] += r${a};`);
  for (let a = 0; a < d; a++) L.push("  " + Array.from({ length: d - a }, (_, t) => `s${a}_${a + t} += r${a} * r${a + t};`).join(" "));
  L.push(`}`);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) L.push(`S[${a * d + b}] = s${a}_${b};`);
  k = new Function("X", "labels", "means", "s", "S", "N", L.join("\n")) as ScatterKernel;
  scatterCache.set(d, k);
  return k;
}

/** o_k = Â X_k for three N×d matrices in one pass over the edges; d unrolled. */
function agg3Kernel(d: number): Agg3Kernel {
  let k = aggCache.get(d);
  if (k) return k;
  const L: string[] = [];
  L.push(`for (let i = 0; i < n; i++) {`, `  const s = rowPtr[i], e = rowPtr[i + 1], ob = i * ${d};`);
  const v = (m: number, a: number) => `a${m}_${a}`;
  L.push(`  let ${[0, 1, 2].flatMap((m) => Array.from({ length: d }, (_, a) => `${v(m, a)} = 0`)).join(", ")};`);
  L.push(`  for (let p = s; p < e; p++) {`, `    const jb = cols[p] * ${d};`);
  for (let m = 0; m < 3; m++) L.push("    " + Array.from({ length: d }, (_, a) => `${v(m, a)} += X${m}[jb + ${a}];`).join(" "));
  L.push(`  }`, `  const inv = e > s ? 1 / (e - s) : 0;`);
  for (let m = 0; m < 3; m++) L.push("  " + Array.from({ length: d }, (_, a) => `o${m}[ob + ${a}] = ${v(m, a)} * inv;`).join(" "));
  L.push(`}`);
  k = new Function("rowPtr", "cols", "n", "X0", "X1", "X2", "o0", "o1", "o2", L.join("\n")) as Agg3Kernel;
  aggCache.set(d, k);
  return k;
}

/** Class statistics with the generated scatter kernel (inputs trusted: labels in range, all classes present). */
export function fastClassStats(X: Float32Array | Float64Array, labels: Int32Array, counts: Int32Array, N: number, d: number, C: number): ClassStats {
  if (d > MAX_UNROLL) return classStatistics({ data: X, rows: N, cols: d }, labels, C);
  const means = new Float64Array(C * d);
  sumKernel(d)(X, labels, means, N);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) means[c * d + a] /= counts[c];
  const S = new Float64Array(d * d), s = new Float64Array(C * d);
  scatterKernel(d)(X, labels, means, s, S, N);
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
      agg3Kernel(d)(graph.rowPtr, graph.cols, graph.n, X0, X1, X2, out[0], out[1], out[2]);
    }
    return out;
  }

  /** Statistics of an aggregated matrix returned by aggregate3. */
  ofAggregated(A: Float64Array): ClassStats {
    return fastClassStats(A, this.labels, this.counts, this.graph.n, this.d, this.classes);
  }
}
