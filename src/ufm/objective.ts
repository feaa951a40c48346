/**
 * The graph unconstrained features model (gUFM) objective and its hand-derived gradients
 * (REFERENCE.md §4; Kothapalli, Tirer, Bruna, NeurIPS 2023, §4 "gUFM"), float64 on CSR graphs.
 *
 * Free features H_k (N_k×d) for graphs k = 0..K−1, shared classifiers W1, W2 (d×C), targets Y_k = E_k
 * (one-hot labels, N_k×C):
 *
 *   loss_k = (1/2N_k)‖H_k W1 + Â_k H_k W2 − Y_k‖²_F + (λ_W1/2)‖W1‖² + (λ_W2/2)‖W2‖² + (λ_H/2)‖H_k‖²
 *   F      = (1/K) Σ_k loss_k                       (the full objective the gradient flow follows)
 *
 * With Z = H W1 + Â H W2 and G = (Z − Y)/N:
 *   ∇W1 = HᵀG + λ_W1 W1,   ∇W2 = (ÂH)ᵀG + λ_W2 W2,   ∇H = G W1ᵀ + Âᵀ G W2ᵀ + λ_H H.
 * Evaluated in the cheap association: ÂHW2 = Â(HW2), (ÂH)ᵀG = Hᵀ(ÂᵀG), ÂᵀGW2ᵀ = (ÂᵀG)W2ᵀ, so both
 * sparse products act on N×C matrices (C ≪ d): O(m·C + N·d·C) per graph instead of O(m·d).
 *
 * Aggregation Â = D_l A D_r (A symmetric 0/1): "mean" D⁻¹A (default; l = 1/deg, r = 1), "sum" A,
 * "sym" D^-½AD^-½. Âᵀ = D_r A D_l, which for mean aggregation is A D⁻¹ ≠ Â. Isolated nodes get
 * zero scaling (a zero row of ÂH, never NaN). With useW1 off, W1 ≡ 0: it is neither used nor
 * updated and its gradient block is 0 (so an integrator leaves it at 0).
 *
 * State layout (one Float64Array, what the integrators and checkpoints see):
 *   [H_0 (N_0×d) | H_1 | … | H_{K−1} | W1 (d×C) | W2 (d×C)], all row-major.
 */
import type { CsrGraph } from "../graphs/csr.js";
import { GncError } from "../util/errors.js";

export type Aggregation = "mean" | "sum" | "sym";
export const AGGREGATIONS: readonly Aggregation[] = ["mean", "sum", "sym"];

export interface UfmGraph {
  graph: CsrGraph;
  /** Int32Array(N), classes 0..C−1. */
  labels: Int32Array;
}

export interface UfmSpec {
  /** Feature width d. */
  dim: number;
  /** Number of classes C. */
  classes: number;
  useW1: boolean;
  lambdaW1: number;
  lambdaW2: number;
  lambdaH: number;
  aggregation: Aggregation;
}

/** Â = D_l A D_r as its two diagonal scalings (see banner). */
export interface AggOperator {
  graph: CsrGraph;
  left: Float64Array;
  right: Float64Array;
}

export function aggOperator(graph: CsrGraph, aggregation: Aggregation): AggOperator {
  const n = graph.n, rp = graph.rowPtr;
  const left = new Float64Array(n), right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const deg = rp[i + 1] - rp[i];
    if (deg === 0) continue;
    if (aggregation === "mean") { left[i] = 1 / deg; right[i] = 1; }
    else if (aggregation === "sum") { left[i] = 1; right[i] = 1; }
    else { const s = 1 / Math.sqrt(deg); left[i] = s; right[i] = s; }
  }
  return { graph, left, right };
}

/**
 * out_i = a_i Σ_{j∈N(i)} b_j X_j for X N×w (row-major). Â X is (a, b) = (left, right); Âᵀ X is
 * (right, left). out is overwritten.
 */
export function scaledSpmm(g: CsrGraph, a: Float64Array, b: Float64Array, X: Float64Array, w: number, out: Float64Array): void {
  const n = g.n, rp = g.rowPtr, cols = g.cols;
  if (w === 2) {
    for (let i = 0; i < n; i++) {
      let s0 = 0, s1 = 0;
      for (let p = rp[i], e = rp[i + 1]; p < e; p++) {
        const j = cols[p], bj = b[j], jb = 2 * j;
        s0 += bj * X[jb]; s1 += bj * X[jb + 1];
      }
      const ai = a[i];
      out[2 * i] = ai * s0; out[2 * i + 1] = ai * s1;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const ob = i * w;
    for (let c = 0; c < w; c++) out[ob + c] = 0;
    for (let p = rp[i], e = rp[i + 1]; p < e; p++) {
      const j = cols[p], bj = b[j], jb = j * w;
      for (let c = 0; c < w; c++) out[ob + c] += bj * X[jb + c];
    }
    const ai = a[i];
    for (let c = 0; c < w; c++) out[ob + c] *= ai;
  }
}

/** Gradient blocks of one graph's loss (views or standalone arrays). */
export interface GraphGrad {
  /** ∇H_k, N_k×d. */
  H: Float64Array;
  /** ∇W1, d×C (zeros when useW1 is off). */
  W1: Float64Array;
  /** ∇W2, d×C. */
  W2: Float64Array;
}

export class UfmObjective {
  readonly K: number;
  readonly d: number;
  readonly C: number;
  /** Offset of H_k in the state vector; hOffset[K] is the offset of W1. */
  readonly hOffset: Int32Array;
  readonly w1Offset: number;
  readonly w2Offset: number;
  /** Length of the state vector. */
  readonly size: number;
  readonly ops: AggOperator[];
  private readonly P1: Float64Array;
  private readonly P2: Float64Array;
  private readonly Q: Float64Array;
  private readonly S: Float64Array;
  private readonly gW1: Float64Array;
  private readonly gW2: Float64Array;

  constructor(readonly graphs: readonly UfmGraph[], readonly spec: UfmSpec) {
    const { dim: d, classes: C } = spec;
    if (!(Number.isInteger(d) && d >= 1)) throw new GncError(`gnc/ufm: feature width must be an integer ≥ 1, got ${d}`);
    if (!(Number.isInteger(C) && C >= 2)) throw new GncError(`gnc/ufm: need at least 2 classes, got ${C}`);
    if (graphs.length === 0) throw new GncError("gnc/ufm: need at least one graph");
    for (const [name, v] of [["lambdaW1", spec.lambdaW1], ["lambdaW2", spec.lambdaW2], ["lambdaH", spec.lambdaH]] as const) {
      if (!(Number.isFinite(v) && v >= 0)) throw new GncError(`gnc/ufm: ${name} must be a finite number ≥ 0, got ${v}`);
    }
    this.K = graphs.length; this.d = d; this.C = C;
    this.hOffset = new Int32Array(this.K + 1);
    let maxN = 0;
    graphs.forEach((g, k) => {
      const n = g.graph.n;
      if (g.labels.length !== n) throw new GncError(`gnc/ufm: graph ${k} has ${n} nodes but ${g.labels.length} labels`);
      const counts = new Int32Array(C);
      for (let i = 0; i < n; i++) {
        const y = g.labels[i];
        if (!(y >= 0 && y < C)) throw new GncError(`gnc/ufm: graph ${k}: node ${i} has label ${y}, outside 0..${C - 1}`);
        counts[y]++;
      }
      const empty = counts.findIndex((x) => x === 0);
      if (empty >= 0) throw new GncError(`gnc/ufm: graph ${k}: class ${empty} has no nodes (every class 0..${C - 1} needs at least one)`);
      this.hOffset[k + 1] = this.hOffset[k] + n * d;
      maxN = Math.max(maxN, n);
    });
    this.w1Offset = this.hOffset[this.K];
    this.w2Offset = this.w1Offset + d * C;
    this.size = this.w2Offset + d * C;
    this.ops = graphs.map((g) => aggOperator(g.graph, spec.aggregation));
    this.P1 = new Float64Array(maxN * C);
    this.P2 = new Float64Array(maxN * C);
    this.Q = new Float64Array(maxN * C);
    this.S = new Float64Array(maxN * C);
    this.gW1 = new Float64Array(d * C);
    this.gW2 = new Float64Array(d * C);
  }

  /** Views of H_k, W1, W2 in a state vector. */
  H(state: Float64Array, k: number): Float64Array { return state.subarray(this.hOffset[k], this.hOffset[k + 1]); }
  W1(state: Float64Array): Float64Array { return state.subarray(this.w1Offset, this.w2Offset); }
  W2(state: Float64Array): Float64Array { return state.subarray(this.w2Offset, this.size); }

  /**
   * Forward pass of graph k: P1 = H W1, Q = Â(H W2), G = (P1 + Q − Y)/N stored in P1, S = ÂᵀG.
   * Returns loss_k.
   */
  private forward(k: number, state: Float64Array, wantGrad: boolean): number {
    const { d, C, spec } = this;
    const { labels, graph } = this.graphs[k];
    const n = graph.n, op = this.ops[k];
    const H = state, h0 = this.hOffset[k];
    const W1 = state.subarray(this.w1Offset, this.w2Offset), W2 = state.subarray(this.w2Offset, this.size);
    const P1 = this.P1, P2 = this.P2, Q = this.Q;
    const useW1 = spec.useW1;
    let hh = 0;
    if (C === 2) {
      // The paper's C = 2: both products in registers (W1 ≡ 0 when useW1 is off, so P1 = 0).
      for (let i = 0; i < n; i++) {
        const hb = h0 + i * d;
        let p0 = 0, p1 = 0, q0 = 0, q1 = 0;
        for (let a = 0; a < d; a++) {
          const h = H[hb + a], wb = 2 * a;
          hh += h * h;
          p0 += h * W1[wb]; p1 += h * W1[wb + 1];
          q0 += h * W2[wb]; q1 += h * W2[wb + 1];
        }
        if (!useW1) { p0 = 0; p1 = 0; }
        P1[2 * i] = p0; P1[2 * i + 1] = p1; P2[2 * i] = q0; P2[2 * i + 1] = q1;
      }
    } else for (let i = 0; i < n; i++) {
      const hb = h0 + i * d, pb = i * C;
      for (let c = 0; c < C; c++) { P1[pb + c] = 0; P2[pb + c] = 0; }
      for (let a = 0; a < d; a++) {
        const h = H[hb + a], wb = a * C;
        hh += h * h;
        if (useW1) for (let c = 0; c < C; c++) { P1[pb + c] += h * W1[wb + c]; P2[pb + c] += h * W2[wb + c]; }
        else for (let c = 0; c < C; c++) P2[pb + c] += h * W2[wb + c];
      }
    }
    scaledSpmm(graph, op.left, op.right, P2, C, Q);
    let rr = 0;
    const invN = 1 / n;
    for (let i = 0; i < n; i++) {
      const pb = i * C, y = labels[i];
      for (let c = 0; c < C; c++) {
        const r = P1[pb + c] + Q[pb + c] - (c === y ? 1 : 0);
        rr += r * r;
        P1[pb + c] = r * invN; // G
      }
    }
    if (wantGrad) scaledSpmm(graph, op.right, op.left, P1, C, this.S);
    let w1 = 0, w2 = 0;
    for (let t = 0; t < d * C; t++) { w1 += W1[t] * W1[t]; w2 += W2[t] * W2[t]; }
    return 0.5 * rr * invN + 0.5 * (spec.lambdaW1 * w1 + spec.lambdaW2 * w2 + spec.lambdaH * hh);
  }

  /** loss_k at the given state. */
  lossGraph(k: number, state: Float64Array): number {
    return this.forward(k, state, false);
  }

  /**
   * loss_k and its gradient: ∇H_k into out.H (N_k×d), ∇W1, ∇W2 into out.W1, out.W2 (overwritten).
   */
  gradGraph(k: number, state: Float64Array, out: GraphGrad): number {
    const loss = this.forward(k, state, true);
    const { d, C, spec } = this;
    const n = this.graphs[k].graph.n, h0 = this.hOffset[k];
    const W1 = state.subarray(this.w1Offset, this.w2Offset), W2 = state.subarray(this.w2Offset, this.size);
    const G = this.P1, S = this.S, gW1 = out.W1, gW2 = out.W2, gH = out.H;
    const lH = spec.lambdaH, useW1 = spec.useW1;
    gW1.fill(0); gW2.fill(0);
    for (let i = 0; i < n; i++) {
      const hb = h0 + i * d, ob = i * d, pb = i * C;
      for (let a = 0; a < d; a++) {
        const h = state[hb + a], wb = a * C;
        let g = lH * h;
        for (let c = 0; c < C; c++) {
          const gc = G[pb + c], sc = S[pb + c];
          if (useW1) { gW1[wb + c] += h * gc; g += gc * W1[wb + c]; }
          gW2[wb + c] += h * sc;
          g += sc * W2[wb + c];
        }
        gH[ob + a] = g;
      }
    }
    for (let t = 0; t < d * C; t++) {
      gW1[t] = useW1 ? gW1[t] + spec.lambdaW1 * W1[t] : 0;
      gW2[t] += spec.lambdaW2 * W2[t];
    }
    return loss;
  }

  /**
   * One gradient-descent step on graph k (REFERENCE §4: H_k, W1, W2 all updated from the same
   * point), in place, fused: no N×d temporary. Returns loss_k before the step; when that loss is
   * not finite the state is left untouched.
   */
  gdStep(k: number, state: Float64Array, lr: number): number {
    const loss = this.forward(k, state, true);
    if (!Number.isFinite(loss)) return loss;
    const { d, C, spec } = this;
    const n = this.graphs[k].graph.n, h0 = this.hOffset[k];
    const W1 = state.subarray(this.w1Offset, this.w2Offset), W2 = state.subarray(this.w2Offset, this.size);
    const G = this.P1, S = this.S, gW1 = this.gW1, gW2 = this.gW2;
    const shrinkH = 1 - lr * spec.lambdaH;
    gW1.fill(0); gW2.fill(0);
    if (C === 2 && spec.useW1) {
      for (let i = 0; i < n; i++) {
        const hb = h0 + i * d, pb = 2 * i;
        const g0 = G[pb], g1 = G[pb + 1], s0 = S[pb], s1 = S[pb + 1];
        for (let a = 0; a < d; a++) {
          const h = state[hb + a], wb = 2 * a;
          gW1[wb] += h * g0; gW1[wb + 1] += h * g1;
          gW2[wb] += h * s0; gW2[wb + 1] += h * s1;
          state[hb + a] = shrinkH * h - lr * (g0 * W1[wb] + g1 * W1[wb + 1] + s0 * W2[wb] + s1 * W2[wb + 1]);
        }
      }
    } else {
      const useW1 = spec.useW1;
      for (let i = 0; i < n; i++) {
        const hb = h0 + i * d, pb = i * C;
        for (let a = 0; a < d; a++) {
          const h = state[hb + a], wb = a * C;
          let g = 0;
          for (let c = 0; c < C; c++) {
            const gc = G[pb + c], sc = S[pb + c];
            if (useW1) { gW1[wb + c] += h * gc; g += gc * W1[wb + c]; }
            gW2[wb + c] += h * sc;
            g += sc * W2[wb + c];
          }
          state[hb + a] = shrinkH * h - lr * g;
        }
      }
    }
    for (let t = 0; t < d * C; t++) {
      if (spec.useW1) W1[t] -= lr * (gW1[t] + spec.lambdaW1 * W1[t]);
      W2[t] -= lr * (gW2[t] + spec.lambdaW2 * W2[t]);
    }
    return loss;
  }

  /** F = (1/K) Σ_k loss_k and ∇F into grad (same layout as the state, overwritten). */
  fullGrad(state: Float64Array, grad: Float64Array): number {
    const { K, d, C } = this;
    const gW1 = grad.subarray(this.w1Offset, this.w2Offset), gW2 = grad.subarray(this.w2Offset, this.size);
    const tW1 = new Float64Array(d * C), tW2 = new Float64Array(d * C);
    gW1.fill(0); gW2.fill(0);
    const invK = 1 / K;
    let F = 0;
    for (let k = 0; k < K; k++) {
      const gH = grad.subarray(this.hOffset[k], this.hOffset[k + 1]);
      F += this.gradGraph(k, state, { H: gH, W1: tW1, W2: tW2 });
      for (let t = 0; t < gH.length; t++) gH[t] *= invK;
      for (let t = 0; t < d * C; t++) { gW1[t] += tW1[t] * invK; gW2[t] += tW2[t] * invK; }
    }
    return F * invK;
  }

  /** F = (1/K) Σ_k loss_k. */
  fullLoss(state: Float64Array): number {
    let F = 0;
    for (let k = 0; k < this.K; k++) F += this.forward(k, state, false);
    return F / this.K;
  }

  /** Z_k = H_k W1 + Â_k H_k W2 (N_k×C), a fresh array. */
  outputs(k: number, state: Float64Array): Float64Array {
    const { d, C } = this;
    const n = this.graphs[k].graph.n, h0 = this.hOffset[k];
    const W1 = this.W1(state), W2 = this.W2(state);
    const Z = new Float64Array(n * C), P2 = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const h = state[h0 + i * d + a];
        for (let c = 0; c < C; c++) { Z[i * C + c] += h * W1[a * C + c]; P2[i * C + c] += h * W2[a * C + c]; }
      }
    }
    const Q = this.aggregate(k, P2, C);
    for (let t = 0; t < n * C; t++) Z[t] += Q[t];
    return Z;
  }

  /** Â_k X for X N_k×w (a fresh array). */
  aggregate(k: number, X: Float64Array, w: number): Float64Array {
    const op = this.ops[k], out = new Float64Array(op.graph.n * w);
    scaledSpmm(op.graph, op.left, op.right, X, w, out);
    return out;
  }
}
