/**
 * Browser page for bench/backends.bench.ts: times the training step (src/train/step.ts) of the
 * standard workload on the page's webgl backend (impl auto → ops: aggregation as the GPU program,
 * optimiser on the device). Exposed as window.gncBench: init(n), then step() → ms, one call per step.
 */
import * as tf from "@tensorflow/tfjs";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { createNetwork } from "../src/models/network.js";
import { SgdMomentum } from "../src/train/optimizer.js";
import { trainStep } from "../src/train/step.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import { Rng } from "../src/util/rng.js";

let state: { net: ReturnType<typeof createNetwork>; opt: SgdMomentum; rng: Rng; n: number } | null = null;

/** Build the network for SBM size n on webgl (disposes a previous one). */
async function init(n: number): Promise<{ backend: string; impl: string }> {
  await tf.setBackend("webgl");
  await tf.ready();
  if (state) { state.opt.dispose(); state.net.dispose(); }
  const rng = Rng.seeded(9), d = 8;
  const net = createNetwork({ inDim: d, hidden: d, classes: 2, depth: 32, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" }, rng);
  state = { net, opt: new SgdMomentum(net.variables, { lr: 0.004, momentum: 0.9, weightDecay: 5e-4 }), rng, n };
  return { backend: tf.getBackend(), impl: net.impl };
}

/** One timed step on a fresh graph (one call per step keeps each page.evaluate short). */
function step(): number {
  const { net, opt, rng, n } = state!, d = 8, scale = 1000 / n;
  const { graph, labels } = sampleSbm({ n, classes: 2, pIn: 0.025 * scale, pOut: 0.0017 * scale }, rng);
  const g = prepareGraph(graph), x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
  const t0 = performance.now();
  trainStep(net, opt, x, g, labels, { kind: "mse" });
  const ms = performance.now() - t0;
  x.dispose(); g.dispose();
  return ms;
}

(globalThis as unknown as { gncBench: unknown }).gncBench = { init, step };
(globalThis as unknown as { gncBenchReady: boolean }).gncBenchReady = true;
