/**
 * The layers of REFERENCE.md §2 as composed tfjs ops — the readable reference path of the network
 * (the fused path in tensor/kernels/fused-stack.ts must agree with it, values and gradients).
 *
 *  graphConv (Morris et al. 2019):  out = Â F W2 + F W1 (+ b),  Â one of mean / sum / sym.
 *  gcnConv (Kipf & Welling 2017):   out = D̃^-½(A+I)D̃^-½ F W (+ b).
 *  batchNorm: batch statistics over the N rows, biased variance, eps 1e-5 (always batch statistics,
 *             also at test time, as the reference does).
 * F is N×din, weights din×dout (row features), outputs N×dout.
 */
import * as tf from "@tensorflow/tfjs";
import { aggregate } from "../tensor/aggregate.js";
import type { PropagationMode } from "../tensor/graph-tensors.js";
import type { GraphTensors } from "./types.js";
import { BN_EPS } from "../tensor/kernels/block.js";

export interface GraphConvWeights {
  W2: tf.Tensor2D;
  W1?: tf.Tensor2D | null;
  b?: tf.Tensor1D | null;
}

/** GraphConv: Â (F W2) + F W1 (+ b). Multiplying before aggregating is the same operator, cheaper when dout ≤ din. */
export function graphConv(f: tf.Tensor2D, g: GraphTensors, w: GraphConvWeights, aggregation: PropagationMode = "mean"): tf.Tensor2D {
  return tf.tidy(() => {
    let z = aggregate(tf.matMul(f, w.W2), g, aggregation);
    if (w.W1) z = tf.add(z, tf.matMul(f, w.W1));
    if (w.b) z = tf.add(z, w.b);
    return z;
  });
}

/** GCN layer: D̃^-½(A+I)D̃^-½ F W (+ b). */
export function gcnConv(f: tf.Tensor2D, g: GraphTensors, W: tf.Tensor2D, b?: tf.Tensor1D | null): tf.Tensor2D {
  return graphConv(f, g, { W2: W, W1: null, b }, "gcn");
}

/** BatchNorm with batch statistics over rows: γ (x − μ)/√(σ² + ε) + β, σ² biased. x: N×d; γ, β: d. */
export function batchNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = BN_EPS): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  });
}
