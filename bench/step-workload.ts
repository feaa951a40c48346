/**
 * The standard workload of bench/step.bench.ts (REFERENCE.md §7): gnc's own SBM sampler and the
 * training loop's own step (src/train/step.ts: permutation-invariant MSE, SGD with momentum and
 * weight decay on every parameter), so the benchmark times what `gnc train` runs.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../src/util/rng.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import type { CsrGraph } from "../src/graphs/csr.js";
import type { GraphTensors, Network } from "../src/models/types.js";
import { SgdMomentum } from "../src/train/optimizer.js";
import { trainStep } from "../src/train/step.js";

/** SBM(N, C, p, q), balanced classes, random node order. */
export function sbm(n: number, C: number, p: number, q: number, rng: Rng): { graph: CsrGraph; labels: Int32Array } {
  return sampleSbm({ n, classes: C, pIn: p, pOut: q }, rng);
}

/** The loop's step with the paper's optimiser settings. */
export function makeStep(net: Network, lr = 0.004, wd = 5e-4, fused = true) {
  const opt = new SgdMomentum(net.variables, { lr, momentum: 0.9, weightDecay: wd });
  // The unfused reference path is the same network run as composed tfjs ops.
  const model: Network = fused ? net : Object.assign(Object.create(net), { forward: (x: tf.Tensor2D, g: GraphTensors) => net.forward(x, g, { fused: false }) });
  const step = (x: tf.Tensor2D, g: GraphTensors, labels: Int32Array): number => trainStep(model, opt, x, g, labels, { kind: "mse" }).loss;
  return { step, dispose: () => {} };
}
