/**
 * Feature normalisation (Yaras, Wang, Zhu, Balzano, Qu, "Neural collapse with normalized features: a
 * geometric analysis over the Riemannian manifold", NeurIPS 2022; REFERENCE.md §2): the penultimate
 * rows are scaled to unit norm, the classifier columns likewise, and the logits multiplied by a
 * temperature τ. For the GraphConv final layer (out = Â H W2 + H W1 + b) this reads
 *   out = τ · (Â Ĥ Ŵ2 + Ĥ Ŵ1) + b,   Ĥ_i = H_i/‖H_i‖,   Ŵ_{:,c} = W_{:,c}/‖W_{:,c}‖.
 * The network's own final layer output is then unused (its gradient is zero); the gradient reaches
 * the hidden layers through the penultimate features, which the fused network op exposes.
 * The collapse metrics keep measuring the raw penultimate features H.
 */
import * as tf from "@tensorflow/tfjs";
import { aggregate } from "../tensor/aggregate.js";
import type { GraphTensors, Network } from "../models/types.js";
import { GncError } from "../util/errors.js";
import type { RunConfig } from "../runs/schema/gnn.js";

const EPS = 1e-12;

export type OutputTransform = (penultimate: tf.Tensor2D, out: tf.Tensor2D, g: GraphTensors) => tf.Tensor2D;

function finalVariable(network: Network, suffix: string): tf.Variable | null {
  return network.variables.find((v) => v.name.endsWith(`.final.${suffix}`)) ?? null;
}

/** The output transform for cfg, or undefined when feature normalisation is off. */
export function outputTransform(cfg: RunConfig, network: Network): OutputTransform | undefined {
  if (!cfg.train.normalizeFeatures) return undefined;
  const W2 = finalVariable(network, "W2");
  const W1 = finalVariable(network, "W1");
  const b = finalVariable(network, "b");
  if (!W2) throw new GncError("gnc/train/normalized: the network exposes no final-layer variable (final.W2); feature normalisation needs it");
  const tau = cfg.train.temperature;
  const mode = cfg.model.aggregation;
  const unitCols = (W: tf.Tensor) => tf.div(W, tf.add(tf.norm(W, "euclidean", 0, true), EPS));
  return (pen, _out, g) => {
    const H = tf.div(pen, tf.add(tf.norm(pen, "euclidean", 1, true), EPS)) as tf.Tensor2D;
    let z = tf.matMul(aggregate(H, g, mode), unitCols(W2) as tf.Tensor2D);
    if (W1) z = tf.add(z, tf.matMul(H, unitCols(W1) as tf.Tensor2D));
    z = tf.mul(z, tau);
    if (b) z = tf.add(z, b);
    return z as tf.Tensor2D;
  };
}
