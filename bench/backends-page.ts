/**
 * Browser page for bench/backends.bench.ts: times the training step (src/train/step.ts) of the
 * standard workload on the page's webgl backend (impl auto → ops: aggregation as the GPU program,
 * optimiser on the device). Exposed as window.gncBench.steps(n, steps, warm) → ms per step.
 */
import * as tf from "@tensorflow/tfjs";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { createNetwork } from "../src/models/network.js";
import { SgdMomentum } from "../src/train/optimizer.js";
import { trainStep } from "../src/train/step.js";
import { sampleSbm } from "../src/graphs/sbm.js";
import { Rng } from "../src/util/rng.js";

async function steps(n: number, count: number, warm: number): Promise<{ times: number[]; backend: string; impl: string }> {
  await tf.setBackend("webgl");
  await tf.ready();
  const rng = Rng.seeded(9), d = 8, scale = 1000 / n;
  const net = createNetwork({ inDim: d, hidden: d, classes: 2, depth: 32, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" }, rng);
  const opt = new SgdMomentum(net.variables, { lr: 0.004, momentum: 0.9, weightDecay: 5e-4 });
  const times: number[] = [];
  for (let s = 0; s < count + warm; s++) {
    const { graph, labels } = sampleSbm({ n, classes: 2, pIn: 0.025 * scale, pOut: 0.0017 * scale }, rng);
    const g = prepareGraph(graph), x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
    const t0 = performance.now();
    trainStep(net, opt, x, g, labels, { kind: "mse" });
    if (s >= warm) times.push(performance.now() - t0);
    x.dispose(); g.dispose();
  }
  const r = { times, backend: tf.getBackend(), impl: net.impl };
  opt.dispose(); net.dispose();
  return r;
}

(globalThis as unknown as { gncBench: unknown }).gncBench = { steps };
(globalThis as unknown as { gncBenchReady: boolean }).gncBenchReady = true;
