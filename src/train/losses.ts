/**
 * Permutation-invariant training losses on the N×C network output (REFERENCE.md §2).
 *
 * Every loss here is a sum over nodes of a per-node term that depends on the node's target class, so
 * for a label permutation σ the total is Σ_c cost[c][σ(c)] with the C×C matrix
 *   cost[c][k] = Σ_{i : y_i = c} ℓ(out_i, k),
 * i.e. minimising over all C! permutations is an assignment problem on cost (enumerated for C ≤ 6,
 * Hungarian beyond — assignment.ts). The gradient flows through the minimising σ only (the min is
 * piecewise smooth; this is what autograd on the reference's `min(losses)` does too).
 *
 *   mse   ℓ(o, k) = ‖o − e_k‖²,                       normalised by 1/(N·C) (torch MSELoss "mean")
 *   ce    ℓ(o, k) = −log softmax(o)_k,                 normalised by 1/N
 *   ls-ce ℓ(o, k) = −(1−ε) log p_k − (ε/C) Σ_j log p_j   (label smoothing, Szegedy et al. 2016;
 *                                                        compared for collapse by Zhou et al. 2022)
 *   focal ℓ(o, k) = −(1 − p_k)^γ log p_k               (Lin et al. 2017)
 *
 * Choosing σ needs the C×C cost on the host. permutationInvariantLoss reads L (N×C) and sums in
 * float64 (wasm/cpu: the tensors are in host memory anyway). permutationInvariantLossOnDevice, for
 * GPU backends, reduces on the device — cost = Eᵀ L and the confusion counts Eᵀ onehot(argmax out)
 * with E = onehot(y) — and downloads one 2C×C block, which also gives the overlap (train/overlap.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { minCostAssignment } from "./assignment.js";
import { GncError } from "../util/errors.js";

export type LossKind = "mse" | "ce" | "ls-ce" | "focal";

export interface LossSpec {
  kind: LossKind;
  /** ε of ls-ce. */
  labelSmoothing?: number;
  /** γ of focal. */
  focalGamma?: number;
}

/**
 * L (N×C): L[i][k] = ℓ(out_i, k), the loss node i would incur with target class k.
 * Call inside a tidy / gradient scope.
 */
export function perTargetLoss(out: tf.Tensor2D, spec: LossSpec): tf.Tensor2D {
  const C = out.shape[1];
  switch (spec.kind) {
    case "mse": {
      // ‖o − e_k‖² = ‖o‖² − 2 o_k + 1
      const sq = tf.sum(tf.square(out), 1, true);
      return tf.add(tf.sub(sq, tf.mul(out, 2)), 1) as tf.Tensor2D;
    }
    case "ce":
      return tf.neg(tf.logSoftmax(out)) as tf.Tensor2D;
    case "ls-ce": {
      const eps = spec.labelSmoothing ?? 0.1;
      const ls = tf.logSoftmax(out);
      const mean = tf.sum(ls, 1, true);
      return tf.neg(tf.add(tf.mul(ls, 1 - eps), tf.mul(mean, eps / C))) as tf.Tensor2D;
    }
    case "focal": {
      const gamma = spec.focalGamma ?? 2;
      const ls = tf.logSoftmax(out);
      const p = tf.exp(ls);
      const w = gamma === 0 ? tf.onesLike(p) : tf.pow(tf.sub(1, p), gamma);
      return tf.neg(tf.mul(w, ls)) as tf.Tensor2D;
    }
    default:
      throw new GncError(`gnc/train/losses: unknown loss "${(spec as LossSpec).kind}"`);
  }
}

/** The loss normalisation: MSE averages over N·C entries, the others over N nodes. */
export function lossNorm(kind: LossKind, n: number, C: number): number {
  return kind === "mse" ? n * C : n;
}

/** C×C cost[c][k] = Σ_{y_i = c} L[i][k] in float64, from L's values (row-major N×C). */
export function classCost(L: ArrayLike<number>, labels: Int32Array, C: number): Float64Array {
  const cost = new Float64Array(C * C);
  for (let i = 0; i < labels.length; i++) {
    const row = labels[i] * C;
    for (let k = 0; k < C; k++) cost[row + k] += L[i * C + k];
  }
  return cost;
}

/** One-hot targets of σ(y): N×C Float32, T[i][σ(y_i)] = 1. */
export function permutedOneHot(labels: Int32Array, perm: Int32Array, C: number): Float32Array {
  const t = new Float32Array(labels.length * C);
  for (let i = 0; i < labels.length; i++) t[i * C + perm[labels[i]]] = 1;
  return t;
}

/**
 * The permutation-invariant loss (a scalar tensor, differentiable in `out`) and the minimising
 * permutation σ (σ[c] = output column that class c is matched to). Reads L's values synchronously to
 * pick σ, which is cheap (N×C) next to the network.
 */
export function permutationInvariantLoss(
  out: tf.Tensor2D,
  labels: Int32Array,
  spec: LossSpec,
): { loss: tf.Scalar; perm: Int32Array; value: number } {
  const [n, C] = out.shape;
  if (labels.length !== n) throw new GncError(`gnc/train/losses: ${labels.length} labels for ${n} output rows`);
  const L = perTargetLoss(out, spec);
  const cost = classCost(L.dataSync(), labels, C);
  const best = minCostAssignment(cost, C);
  const norm = lossNorm(spec.kind, n, C);
  const T = tf.tensor2d(permutedOneHot(labels, best.perm, C), [n, C]);
  const loss = tf.div(tf.sum(tf.mul(L, T)), norm) as tf.Scalar;
  return { loss, perm: best.perm, value: best.cost / norm };
}

/**
 * The same loss for GPU backends: σ from one 2C×C download (cost sums in float32 on the device),
 * plus the output's overlap from the confusion counts in that download. `loss` stays on the device.
 */
export function permutationInvariantLossOnDevice(
  out: tf.Tensor2D,
  labels: Int32Array,
  spec: LossSpec,
): { loss: tf.Scalar; perm: Int32Array; value: number; overlap: number } {
  const [n, C] = out.shape;
  if (labels.length !== n) throw new GncError(`gnc/train/losses: ${labels.length} labels for ${n} output rows`);
  const L = perTargetLoss(out, spec);
  const E = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), C).toFloat()) as tf.Tensor2D;
  const block = tf.tidy(() => {
    const cost = tf.matMul(E, L, true, false);
    const pred = tf.oneHot(tf.argMax(out, 1), C).toFloat() as tf.Tensor2D;
    return tf.concat([cost, tf.matMul(E, pred, true, false)], 0);
  });
  const both = block.dataSync();
  block.dispose();
  const cost = Float64Array.from(both.subarray(0, C * C));
  const best = minCostAssignment(cost, C);
  const norm = lossNorm(spec.kind, n, C);
  const T = tf.tidy(() => tf.gather(E, tf.tensor1d(inversePerm(best.perm), "int32"), 1));
  const loss = tf.div(tf.sum(tf.mul(L, T)), norm) as tf.Scalar;
  E.dispose();
  return { loss, perm: best.perm, value: best.cost / norm, overlap: overlapFromConfusion(both.subarray(C * C), C, n).overlap };
}

/** inv[σ(c)] = c: the column of onehot(y) that becomes output column k. */
function inversePerm(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  for (let c = 0; c < perm.length; c++) inv[perm[c]] = c;
  return inv;
}

/**
 * Overlap (train/overlap.ts) from C×C confusion counts conf[c][k] = #{i : y_i = c, argmax out_i = k}:
 * acc = max_σ (1/N) Σ_c conf[c][σ(c)], overlap = (acc − 1/C)/(1 − 1/C).
 */
export function overlapFromConfusion(conf: ArrayLike<number>, C: number, n: number): { accuracy: number; overlap: number } {
  const neg = new Float64Array(C * C);
  for (let k = 0; k < C * C; k++) neg[k] = -conf[k];
  const best = minCostAssignment(neg, C);
  const accuracy = n === 0 ? 0 : -best.cost / n;
  return { accuracy, overlap: (accuracy - 1 / C) / (1 - 1 / C) };
}
