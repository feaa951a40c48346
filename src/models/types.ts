/**
 * The contract between models/ (the network on tfjs tensors) and train/ (the SGD loop, the
 * collapse tracking). REFERENCE.md §2: projection layer (d_in→d), L hidden blocks
 * conv → ReLU → BatchNorm, final layer (d→C).
 */
import type * as tf from "@tensorflow/tfjs";
import type { CsrGraph } from "../graphs/csr.js";
import type { AGGREGATIONS, IMPLS, LAYERS, ModelConfig } from "./schema.js";

export type LayerKind = (typeof LAYERS)[number];
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * The network's config: the schema's model block (models/schema.ts — layer, aggregation, depth L,
 * hidden width d, useW1, bias, batchNorm, activation, impl) plus the widths the data fixes.
 * impl: "fused" = one custom op over gnc's typed-array/SIMD kernels (fast on wasm and cpu; reads
 * tensors back to the host), "ops" = composed tfjs ops whose graph aggregation is a kernel per
 * backend (tensor/kernels/; stays on the device on GPU backends); undefined or "auto": fused on
 * wasm/cpu, ops on every other backend. L = 32 means 34 convolutions in all.
 */
export type NetworkConfig = ModelConfig & {
  /** Input width d_in. */
  inDim: number;
  /** Number of classes C (output width). */
  classes: number;
};

export type NetworkImpl = (typeof IMPLS)[number];

/** A graph prepared for the tensor backend (index tensors, degree scalings), built once per graph. */
export interface GraphTensors {
  readonly n: number;
  readonly csr: CsrGraph;
  dispose(): void;
}

/** Features captured inside one hidden block l (1..L) during a forward pass, N×d each. */
export interface BlockCapture {
  conv: tf.Tensor2D;
  relu: tf.Tensor2D;
  bn: tf.Tensor2D;
  /**
   * The same values as row-major host arrays when the forward pass computed them on the host (the
   * fused impl): readers that want numbers use these, and the tensors above are then only created
   * (uploaded) on first access.
   */
  host?: { conv: Float32Array; relu: Float32Array; bn: Float32Array };
}

/** Weights of one convolution, stored d_in×d_out (row features: out = Â F W2 + F W1). */
export interface ConvWeights {
  W1: Float32Array | null;
  W2: Float32Array;
  inDim: number;
  outDim: number;
}

export interface ForwardResult {
  /** N×C network output. */
  out: tf.Tensor2D;
  /** Penultimate features (input of the final layer), N×d. */
  penultimate: tf.Tensor2D;
  /** One entry per hidden block, present when capture was requested. */
  blocks?: BlockCapture[];
}

export interface ForwardOptions {
  capture?: boolean;
  /** Override the network's impl for this call: true = fused, false = ops. */
  fused?: boolean;
}

export interface Network {
  readonly config: NetworkConfig;
  /** The resolved implementation ("auto" resolved by the backend active at createNetwork). */
  readonly impl: "fused" | "ops";
  /** Trainable variables in a fixed order (checkpoints rely on it). */
  readonly variables: tf.Variable[];
  /**
   * x: N×inDim. capture: also return per-hidden-block features. fused (default: impl === "fused"):
   * run the whole stack as one custom op on Float32 kernels; false: composed tfjs ops.
   */
  forward(x: tf.Tensor2D, g: GraphTensors, opts?: ForwardOptions): ForwardResult;
  /** Weights of convolution k: 0 = projection, 1..L = hidden blocks, L + 1 = final layer. */
  convWeights(k: number): ConvWeights;
  dispose(): void;
}
