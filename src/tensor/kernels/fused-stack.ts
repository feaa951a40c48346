/**
 * Forward and backward of the whole layer stack on Float32Arrays (REFERENCE.md §2) — the kernels
 * behind the fused network op (fused-op.ts). DESIGN.md: per-op tfjs dispatch costs more than the
 * arithmetic at the paper's sizes (N = 1000, d = 8), so each layer (aggregation + both matmuls +
 * ReLU + BatchNorm) runs here in one pass per stage, and the tfjs tape sees a single op.
 *
 * Conv layer k (input F: N×din, weights stored din×dout):  Z = Â (F W2) + F W1 + b.
 * (Â(FW2) = (ÂF)W2; multiplying first propagates dout columns, never more than din here.)
 * Backward with G = dL/dZ:  S = Âᵀ G,  dW2 = Fᵀ S,  dW1 = Fᵀ G,  db = 1ᵀ G,  dF = S W2ᵀ + G W1ᵀ.
 * BatchNorm (batch statistics, biased variance): X̂ = (R − μ)/√(σ² + ε),  B = γ X̂ + β;
 * backward:  dR = γ/√(σ²+ε) · (dB − mean(dB) − X̂ · mean(dB ⊙ X̂)), then ReLU masks by R > 0.
 * Statistics and weight-gradient sums accumulate in float64 (JS numbers).
 * Convs whose shape has wasm SIMD kernels (tensor/simd.ts: 8×8, 16×16, 16×4 — the paper's C = 2
 * and C = 4 widths) run there when available; every other shape, and the GCN operator, on the
 * unrolled JS kernels (dense.ts, block.ts).
 */
import { propagateInto } from "../aggregate-cpu.js";
import type { OperatorScaling, PreparedGraph } from "../graph-tensors.js";
import { denseKernels } from "./dense.js";
import { blockKernels } from "./block.js";
import { convSimdBackward, convSimdForward } from "../simd.js";

export { BN_EPS } from "./block.js";

/**
 * A free list of Float32Arrays by length, so that a training loop reuses the per-layer buffers
 * from step to step instead of allocating ~100 N×d arrays per step (GC was ~6% of the step).
 * Arrays handed out are NOT zeroed. Only arrays the kernels allocated go back to the pool.
 */
export class Workspace {
  private free = new Map<number, Float32Array[]>();
  acquire(len: number): Float32Array {
    const list = this.free.get(len);
    return list && list.length > 0 ? list.pop()! : new Float32Array(len);
  }
  release(a: Float32Array): void {
    let list = this.free.get(a.length);
    if (!list) { list = []; this.free.set(a.length, list); }
    if (list.length < 256) list.push(a);
  }
  clear(): void { this.free.clear(); }
}

/** One convolution's parameters as flat row-major views (W: din×dout). */
export interface ConvParams {
  W2: Float32Array;
  W1: Float32Array | null;
  b: Float32Array | null;
  din: number;
  dout: number;
}

export interface BnParams {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface StackParams {
  /** L + 2 convolutions: projection, L hidden, final. */
  convs: ConvParams[];
  /** L + 1 BatchNorms (after the projection and after each hidden conv), or null when BN is off. */
  bns: BnParams[] | null;
  relu: boolean;
}

/** What the forward pass keeps for the backward pass (and for capture). */
export interface StackCache {
  n: number;
  /** Input of conv k, k = 0..L+1 (inputs[0] = x; inputs[k+1] = block k output). */
  inputs: Float32Array[];
  /** Block k (k = 0..L) after ReLU, before BN. */
  relu: Float32Array[];
  mu: Float64Array[];
  invstd: Float64Array[];
  /** Block k conv outputs before ReLU, only when captured. */
  conv: Float32Array[] | null;
  /** Final output N×C. */
  out: Float32Array;
  /** Buffers taken from the workspace (returned by stackBackward). */
  owned: Float32Array[];
  released?: boolean;
}

export interface StackGrads {
  /** Per conv: dW2, dW1 (or null), db (or null), float64 accumulators, same layout as the params. */
  convs: { dW2: Float64Array; dW1: Float64Array | null; db: Float64Array | null }[];
  bns: { dGamma: Float64Array; dBeta: Float64Array }[] | null;
  /** dL/dx, N×din. */
  dx: Float32Array;
}

/** Z (N×dout) = Â (F W2) + F W1 + b. P and tmp are scratch of at least N·dout. */
function convForward(g: PreparedGraph, sc: OperatorScaling, F: Float32Array, cp: ConvParams, P: Float32Array, tmp: Float32Array, ws: Workspace): Float32Array {
  const n = g.n, dout = cp.dout, b = cp.b;
  const Z = ws.acquire(n * dout);
  if (!convSimdForward(g, sc, F, cp.W2, cp.W1, Z, cp.din, dout)) {
    const dk = denseKernels(cp.din, dout);
    const Pv = P.subarray(0, n * dout);
    dk.mm(F, cp.W2, Pv, n);
    propagateInto(g, sc, false, Pv, dout, Z, tmp);
    if (cp.W1) dk.mmAdd(F, cp.W1, Z, n);
  }
  if (b) for (let i = 0; i < n; i++) for (let k = 0, o = i * dout; k < dout; k++) Z[o + k] += b[k];
  return Z;
}

/** Accumulate conv k's weight gradients and return dF (N×din). G (N×dout) is dL/dZ; S is scratch. */
function convBackward(
  g: PreparedGraph, sc: OperatorScaling, F: Float32Array, cp: ConvParams, G: Float32Array,
  gr: StackGrads["convs"][number], S: Float32Array, tmp: Float32Array, ws: Workspace,
): Float32Array {
  const n = g.n, dout = cp.dout, db = gr.db;
  if (db) for (let i = 0; i < n; i++) for (let k = 0, o = i * dout; k < dout; k++) db[k] += G[o + k];
  const dF = ws.acquire(n * cp.din);
  if (convSimdBackward(g, sc, F, G, cp.W2, cp.W1, gr.dW2, gr.dW1, dF, cp.din, dout)) return dF;
  const dk = denseKernels(cp.din, dout);
  const Sv = S.subarray(0, n * dout);
  propagateInto(g, sc, true, G, dout, Sv, tmp);
  dk.atbAdd(F, Sv, gr.dW2, n);
  if (cp.W1 && gr.dW1) dk.atbAdd(F, G, gr.dW1, n);
  dF.fill(0);
  dk.abtAdd(Sv, cp.W2, dF, n);
  if (cp.W1) dk.abtAdd(G, cp.W1, dF, n);
  return dF;
}

/** In place: R ← ReLU(Z) (when relu), then returns B = BN(R) (a new array; R itself without BN). */
function blockForward(R: Float32Array, n: number, d: number, relu: boolean, bn: BnParams | null, mu: Float64Array, invstd: Float64Array, ws: Workspace): Float32Array {
  if (!bn) {
    if (relu) for (let t = 0, len = n * d; t < len; t++) if (!(R[t] > 0)) R[t] = 0;
    return R;
  }
  const B = ws.acquire(n * d);
  blockKernels(d, relu).forward(R, n, bn.gamma, bn.beta, mu, invstd, B);
  return B;
}

/** In place: dB ← dL/dZ of the block (BN backward, then the ReLU mask); accumulates dγ, dβ. */
function blockBackward(dB: Float32Array, R: Float32Array, n: number, d: number, relu: boolean, bn: BnParams | null, mu: Float64Array, invstd: Float64Array, gr: { dGamma: Float64Array; dBeta: Float64Array } | null): void {
  if (bn && gr) {
    blockKernels(d, relu).backward(dB, R, n, bn.gamma, mu, invstd, gr.dGamma, gr.dBeta);
  } else if (relu) {
    for (let t = 0, len = n * d; t < len; t++) if (!(R[t] > 0)) dB[t] = 0;
  }
}

/**
 * Forward through projection, L hidden blocks and the final conv. x is N×din (read only).
 * Buffers come from ws; stackBackward gives them back (a forward without backward leaves them
 * to the GC).
 */
export function stackForward(g: PreparedGraph, sc: OperatorScaling, p: StackParams, x: Float32Array, capture: boolean, ws: Workspace = new Workspace()): StackCache {
  const n = g.n, nb = p.convs.length - 1;
  let maxd = 1;
  for (const c of p.convs) maxd = Math.max(maxd, c.din, c.dout);
  const P = ws.acquire(n * maxd), tmp = ws.acquire(n * maxd);
  const cache: StackCache = { n, inputs: [x], relu: [], mu: [], invstd: [], conv: capture ? [] : null, out: new Float32Array(0), owned: [] };
  let F = x;
  for (let k = 0; k < nb; k++) {
    const cp = p.convs[k];
    const Z = convForward(g, sc, F, cp, P, tmp, ws);
    if (cache.conv) cache.conv.push(Z.slice());
    const mu = new Float64Array(cp.dout), invstd = new Float64Array(cp.dout);
    const B = blockForward(Z, n, cp.dout, p.relu, p.bns ? p.bns[k] : null, mu, invstd, ws);
    cache.relu.push(Z); cache.mu.push(mu); cache.invstd.push(invstd);
    cache.inputs.push(B);
    cache.owned.push(Z);
    if (B !== Z) cache.owned.push(B);
    F = B;
  }
  cache.out = convForward(g, sc, F, p.convs[nb], P, tmp, ws);
  cache.owned.push(cache.out);
  ws.release(P); ws.release(tmp);
  return cache;
}

/** Zeroed float64 gradient accumulators shaped like p. */
export function zeroGrads(p: StackParams, n: number, din: number): StackGrads {
  return {
    convs: p.convs.map((c) => ({
      dW2: new Float64Array(c.din * c.dout),
      dW1: c.W1 ? new Float64Array(c.din * c.dout) : null,
      db: c.b ? new Float64Array(c.dout) : null,
    })),
    bns: p.bns ? p.bns.map((b) => ({ dGamma: new Float64Array(b.gamma.length), dBeta: new Float64Array(b.beta.length) })) : null,
    dx: new Float32Array(n * din),
  };
}

/**
 * Backward through the stack. dOut: N×C gradient of the output; dPen: optional N×d gradient of
 * the penultimate features (input of the final conv). Returns the gradients (float64 sums) and
 * hands the cache's buffers back to ws (the cache must not be used afterwards).
 */
export function stackBackward(g: PreparedGraph, sc: OperatorScaling, p: StackParams, cache: StackCache, dOut: Float32Array, dPen: Float32Array | null, ws: Workspace = new Workspace()): StackGrads {
  if (cache.released) throw new Error("gnc/models/fused: backward called twice on one forward pass");
  const n = g.n, nb = p.convs.length - 1;
  let maxd = 1;
  for (const c of p.convs) maxd = Math.max(maxd, c.din, c.dout);
  const S = ws.acquire(n * maxd), tmp = ws.acquire(n * maxd);
  const grads = zeroGrads(p, n, p.convs[0].din);
  let dF = convBackward(g, sc, cache.inputs[nb], p.convs[nb], dOut, grads.convs[nb], S, tmp, ws);
  if (dPen) for (let t = 0; t < dF.length; t++) dF[t] += dPen[t];
  for (let k = nb - 1; k >= 0; k--) {
    const cp = p.convs[k];
    blockBackward(dF, cache.relu[k], n, cp.dout, p.relu, p.bns ? p.bns[k] : null, cache.mu[k], cache.invstd[k], grads.bns ? grads.bns[k] : null);
    const next = convBackward(g, sc, cache.inputs[k], cp, dF, grads.convs[k], S, tmp, ws);
    ws.release(dF);
    dF = next;
  }
  grads.dx = dF; // leaves the pool: the caller may wrap it in a tensor
  ws.release(S); ws.release(tmp);
  for (const a of cache.owned) ws.release(a);
  cache.owned = [];
  cache.released = true;
  return grads;
}
