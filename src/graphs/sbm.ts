/**
 * Stochastic block model SBM(N, C, π, P) sampled in O(N + m) (REFERENCE.md §1).
 *
 * Class sizes are deterministic (n_c = floor(N·π_c), the last class takes the remainder). Every
 * unordered pair {i, j} is an edge independently with probability P[c_i][c_j]. Instead of N²/2 coin
 * flips, each block pair is walked by geometric skipping (Batagelj & Brandes, "Efficient generation
 * of large random networks", Phys. Rev. E 71, 036113, 2005): the gap to the next edge in the linear
 * order of candidate pairs is Geometric(p), so the cost is O(pairs·0 + edges + rows). Within a block
 * the candidates are the pairs i < j; between two blocks, the full n_a × n_b rectangle.
 *
 * Reference quirk (`pairSampling: "or"`): the public code draws both ordered pairs and ORs them, so
 * its true edge probability is 1 − (1 − p)² = 2p − p². We sample each unordered pair once with that
 * probability, which is equal in law.
 */
import { Rng } from "../util/rng.js";
import { GncError } from "../util/errors.js";
import { checkPrior, checkProbability } from "../util/validate.js";
import { csrFromEdges, type CsrGraph } from "./csr.js";

export interface SbmOptions {
  /** Number of nodes N. */
  n: number;
  /** Number of classes C ≥ 2. */
  classes: number;
  /** Within-class edge probability p (diagonal of P). */
  pIn?: number;
  /** Between-class edge probability q (off-diagonal of P). */
  pOut?: number;
  /** Full symmetric C×C probability matrix; overrides pIn / pOut. */
  probs?: number[][];
  /** Class prior π (length C, non-negative, sums to 1); default uniform. */
  prior?: number[];
  /** "single" (default): each unordered pair once with prob P. "or": reference quirk, 2P − P². */
  pairSampling?: "single" | "or";
  /** Randomly permute the node order after sampling (default true). */
  permute?: boolean;
  /** Called about every million edges with (edges so far, expected total): progress for big graphs. */
  onProgress?: (edges: number, expected: number) => void;
}

export interface SbmSample {
  graph: CsrGraph;
  /** Class of each node, Int32Array(N) with values in 0..C−1. */
  labels: Int32Array;
}

const MOD = "graphs/sbm";

function fail(what: string): never {
  throw new GncError(`gnc/${MOD}: ${what}`);
}

/**
 * Class sizes n_c = floor(N·π_c) for c < C−1; the last class takes the remainder (REFERENCE §1,
 * matching the reference code). Int32Array(C).
 */
export function classSizes(n: number, prior: number[]): Int32Array {
  if (!Number.isInteger(n) || n < 0) fail(`N must be a non-negative integer, got ${n}`);
  validatePrior(prior, prior.length);
  const C = prior.length;
  const sizes = new Int32Array(C);
  let used = 0;
  for (let c = 0; c < C - 1; c++) {
    sizes[c] = Math.floor(n * prior[c]);
    used += sizes[c];
  }
  if (used > n) fail(`prior ${prior.join(",")} gives more than N = ${n} nodes to the first classes`);
  sizes[C - 1] = n - used;
  return sizes;
}

/** Prior must have length C, non-negative finite entries summing to 1 (tolerance 1e-9). */
export function validatePrior(prior: number[], C: number): void {
  checkPrior(prior, C, "prior", MOD);
}

function checkProb(p: unknown, what: string): number {
  return checkProbability(p, what, MOD);
}

/** Validate the options and resolve them to C, sizes and the C×C matrix P (row-major Float64Array). */
export function resolveSbmOptions(opts: SbmOptions): { C: number; sizes: Int32Array; P: Float64Array } {
  const { n, classes: C } = opts;
  if (!Number.isInteger(C) || C < 2) fail(`classes must be an integer ≥ 2, got ${C}`);
  if (!Number.isInteger(n) || n < C) fail(`N must be an integer ≥ classes (${C}), got ${n}`);
  if (n > 2 ** 31 - 1) fail(`N = ${n} is too large (node ids are 32-bit)`);
  const prior = opts.prior ?? Array.from({ length: C }, () => 1 / C);
  validatePrior(prior, C);
  const P = new Float64Array(C * C);
  if (opts.probs !== undefined) {
    const M = opts.probs;
    if (!Array.isArray(M) || M.length !== C || M.some((r) => !Array.isArray(r) || r.length !== C)) {
      fail(`probs must be a ${C}×${C} matrix`);
    }
    for (let a = 0; a < C; a++) {
      for (let b = 0; b < C; b++) {
        P[a * C + b] = checkProb(M[a][b], `probs[${a}][${b}]`);
        if (M[a][b] !== M[b][a]) fail(`probs must be symmetric: probs[${a}][${b}] = ${M[a][b]} but probs[${b}][${a}] = ${M[b][a]}`);
      }
    }
  } else {
    if (opts.pIn === undefined || opts.pOut === undefined) fail("give pIn and pOut, or probs");
    const p = checkProb(opts.pIn, "pIn");
    const q = checkProb(opts.pOut, "pOut");
    for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) P[a * C + b] = a === b ? p : q;
  }
  const mode = opts.pairSampling ?? "single";
  if (mode !== "single" && mode !== "or") fail(`pairSampling must be "single" or "or", got ${mode}`);
  if (mode === "or") {
    // 1 − (1 − p)², computed without cancellation for tiny p.
    for (let k = 0; k < P.length; k++) P[k] = -Math.expm1(2 * Math.log1p(-P[k]));
  }
  return { C, sizes: classSizes(n, prior), P };
}

/** Growable pair of Int32Array edge endpoints (doubling; no per-edge allocation). */
export class EdgeBuffer {
  src: Int32Array;
  dst: Int32Array;
  length = 0;
  /** Called with the edge count every 2^20 pushes (progress for big graphs). */
  onMillion?: (edges: number) => void;
  constructor(capacity: number) {
    const cap = Math.max(16, Math.ceil(capacity));
    this.src = new Int32Array(cap);
    this.dst = new Int32Array(cap);
  }
  push(a: number, b: number): void {
    if (this.length === this.src.length) this.grow();
    this.src[this.length] = a;
    this.dst[this.length] = b;
    this.length++;
    if ((this.length & 0xfffff) === 0 && this.onMillion) this.onMillion(this.length);
  }
  private grow(): void {
    const cap = this.src.length * 2;
    const s = new Int32Array(cap), d = new Int32Array(cap);
    s.set(this.src);
    d.set(this.dst);
    this.src = s;
    this.dst = d;
  }
  /** Views on the filled part. */
  view(): { src: Int32Array; dst: Int32Array } {
    return { src: this.src.subarray(0, this.length), dst: this.dst.subarray(0, this.length) };
  }
}

/**
 * Edges of one within-block G(n, p) on nodes off..off+n−1 (pairs i < j), Batagelj–Brandes.
 * Linear index over pairs (v, w) with w < v, row by row; the walk keeps (v, w) incrementally.
 */
function sampleWithinBlock(buf: EdgeBuffer, off: number, n: number, p: number, rng: Rng): void {
  if (p <= 0 || n < 2) return;
  if (p >= 1) {
    for (let v = 1; v < n; v++) for (let w = 0; w < v; w++) buf.push(off + w, off + v);
    return;
  }
  const lq = Math.log1p(-p);
  let v = 1;
  let w = -1;
  for (;;) {
    w += 1 + Math.floor(Math.log(rng.uniformPositive()) / lq);
    while (w >= v && v < n) {
      w -= v;
      v++;
    }
    if (v >= n) return;
    buf.push(off + w, off + v);
  }
}

/**
 * Edges of the bipartite block between nodes offA..offA+na−1 and offB..offB+nb−1, each of the
 * na·nb pairs independently with probability p (linear index k → row k / nb, column k mod nb).
 */
function sampleBetweenBlocks(buf: EdgeBuffer, offA: number, na: number, offB: number, nb: number, p: number, rng: Rng): void {
  if (p <= 0 || na === 0 || nb === 0) return;
  if (p >= 1) {
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) buf.push(offA + i, offB + j);
    return;
  }
  const lq = Math.log1p(-p);
  let row = 0;
  let col = -1;
  for (;;) {
    col += 1 + Math.floor(Math.log(rng.uniformPositive()) / lq);
    if (col >= nb) {
      // Skips can be huge (p tiny): jump whole rows by division, not a loop.
      row += Math.floor(col / nb);
      col %= nb;
      if (row >= na) return;
    }
    buf.push(offA + row, offB + col);
  }
}

/**
 * Sample one SBM graph. Nodes are laid out block by block, then (by default) relabelled by a
 * uniformly random permutation so that the node order carries no class information.
 * Returns the CSR graph (N nodes, symmetric, no self-loops) and labels Int32Array(N).
 * Cost O(N + m) time and memory; never forms an N×N matrix.
 */
export function sampleSbm(opts: SbmOptions, rng: Rng): SbmSample {
  const { C, sizes, P } = resolveSbmOptions(opts);
  const n = opts.n;
  const offs = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) offs[c + 1] = offs[c] + sizes[c];

  // Expected edge count plus slack, so the buffer rarely has to grow.
  let expected = 0;
  for (let a = 0; a < C; a++) {
    expected += (P[a * C + a] * sizes[a] * (sizes[a] - 1)) / 2;
    for (let b = a + 1; b < C; b++) expected += P[a * C + b] * sizes[a] * sizes[b];
  }
  const buf = new EdgeBuffer(expected + 6 * Math.sqrt(expected) + 16);
  const onProgress = opts.onProgress;
  if (onProgress) buf.onMillion = (edges) => onProgress(edges, expected);
  for (let a = 0; a < C; a++) {
    sampleWithinBlock(buf, offs[a], sizes[a], P[a * C + a], rng);
    for (let b = a + 1; b < C; b++) sampleBetweenBlocks(buf, offs[a], sizes[a], offs[b], sizes[b], P[a * C + b], rng);
  }
  return finishSample(n, C, offs, buf, opts.permute ?? true, rng);
}

/**
 * Shared tail of the samplers: labels in block layout, optional random relabelling of the nodes
 * (applied to the edge arrays directly, before the CSR build), then the CSR.
 */
export function finishSample(n: number, C: number, offs: Int32Array, buf: EdgeBuffer, permute: boolean, rng: Rng): SbmSample {
  const labels = new Int32Array(n);
  const { src, dst } = buf.view();
  if (permute) {
    const perm = rng.permutation(n);
    for (let c = 0; c < C; c++) for (let i = offs[c]; i < offs[c + 1]; i++) labels[perm[i]] = c;
    for (let k = 0; k < src.length; k++) {
      src[k] = perm[src[k]];
      dst[k] = perm[dst[k]];
    }
  } else {
    for (let c = 0; c < C; c++) labels.fill(c, offs[c], offs[c + 1]);
  }
  const { graph } = csrFromEdges(n, src, dst);
  return { graph, labels };
}
