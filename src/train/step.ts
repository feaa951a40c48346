/**
 * One SGD step on one graph (REFERENCE.md §2): forward, permutation-invariant loss, gradients of
 * every variable, SGD with momentum and weight decay. Shared by the training loop and
 * bench/step.bench.ts, so the benchmark times exactly what `gnc train` runs.
 * On wasm/cpu the loss reads the N×C output on the host (float64 sums); on GPU backends the loss,
 * the permutation and the overlap come from one 2C×C download, and the optimiser updates on the
 * device (SgdMomentum onDevice), so parameters and activations never leave it.
 */
import * as tf from "@tensorflow/tfjs";
import type { GraphTensors, Network } from "../models/types.js";
import { permutationInvariantLoss, permutationInvariantLossOnDevice, type LossSpec } from "./losses.js";
import { overlap } from "./overlap.js";
import type { SgdMomentum } from "./optimizer.js";
import type { OutputTransform } from "./normalized.js";

/** Backends whose tensors live in host memory: reading them back is free. */
const HOST_BACKENDS = new Set(["wasm", "cpu"]);

export interface StepResult {
  /** Loss before the update (non-finite: the update was skipped). */
  loss: number;
  /** Overlap of the network's output on this graph before the update. */
  overlap: number;
}

/** x: N×d_in input features; labels: N classes. Skips the update when the loss is not finite. */
export function trainStep(
  network: Network,
  opt: SgdMomentum,
  x: tf.Tensor2D,
  g: GraphTensors,
  labels: Int32Array,
  spec: LossSpec,
  output?: OutputTransform,
): StepResult {
  let loss = NaN, ov = NaN;
  const host = HOST_BACKENDS.has(tf.getBackend());
  const { value, grads } = tf.variableGrads(() => {
    const fr = network.forward(x, g);
    const out = output ? output(fr.penultimate, fr.out, g) : fr.out;
    if (!host) {
      const r = permutationInvariantLossOnDevice(out, labels, spec);
      loss = r.value;
      ov = r.overlap;
      return r.loss;
    }
    const r = permutationInvariantLoss(out, labels, spec);
    loss = r.value;
    ov = overlap(out.dataSync(), labels, network.config.classes).overlap;
    return r.loss;
  }, network.variables);
  if (Number.isFinite(loss)) opt.step(network.variables.map((v) => grads[v.name]));
  tf.dispose(grads);
  value.dispose(); // the loss scalar (one tensor a step otherwise)
  return { loss, overlap: ov };
}
