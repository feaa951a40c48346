import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/tensor/backend.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { createNetwork } from "../../src/models/network.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { resolveConfig } from "../../src/runs/schema/gnn.js";
import { outputTransform } from "../../src/train/normalized.js";
import { Rng } from "../../src/util/rng.js";

describe("feature normalisation (Yaras et al. 2022)", () => {
  it("out = τ(Â Ĥ Ŵ2 + Ĥ Ŵ1) matches a float64 reference, and gradients reach the hidden layers", async () => {
    await initBackend("wasm");
    const rng = Rng.seeded(2);
    const { graph, labels } = sampleSbm({ n: 40, classes: 3, pIn: 0.3, pOut: 0.05 }, rng);
    const cfg = resolveConfig({ flags: { graph: { n: 40, classes: 3 }, model: { depth: 2, hidden: 5 }, train: { normalizeFeatures: true, temperature: 3 } } });
    const net = createNetwork({ inDim: 4, hidden: 5, classes: 3, depth: 2, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" }, rng);
    const x = tf.tensor2d(Array.from({ length: 40 * 4 }, () => rng.normal()), [40, 4]);
    const g = prepareGraph(graph);
    const tr = outputTransform(cfg, net)!;
    const fr = net.forward(x, g);
    const out = tr(fr.penultimate, fr.out, g).arraySync() as number[][];
    const H = fr.penultimate.arraySync() as number[][];
    const w = net.convWeights(3);
    const col = (W: Float32Array, c: number) => Array.from({ length: 5 }, (_, j) => W[j * 3 + c]);
    const unit = (v: number[]) => { const s = Math.hypot(...v); return v.map((a) => a / s); };
    const Hn = H.map(unit);
    for (let i = 0; i < 40; i++) {
      const nb: number[] = [];
      for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) nb.push(graph.cols[p]);
      const agg = Array.from({ length: 5 }, (_, j) => (nb.length ? nb.reduce((s, k) => s + Hn[k][j], 0) / nb.length : 0));
      for (let c = 0; c < 3; c++) {
        const w2 = unit(col(w.W2, c)), w1 = unit(col(w.W1!, c));
        const ref = 3 * (agg.reduce((s, a, j) => s + a * w2[j], 0) + Hn[i].reduce((s, a, j) => s + a * w1[j], 0));
        expect(Math.abs(out[i][c] - ref)).toBeLessThan(1e-5);
      }
    }
    // Gradients: the hidden stack receives a non-zero gradient through the penultimate features.
    const { grads } = tf.variableGrads(() => {
      const f = net.forward(x, g);
      return tf.sum(tf.square(tr(f.penultimate, f.out, g))) as tf.Scalar;
    }, net.variables);
    const hidden = net.variables.find((v) => v.name.endsWith(".hidden.W2"))!;
    expect(tf.max(tf.abs(grads[hidden.name])).dataSync()[0]).toBeGreaterThan(0);
    void labels;
  });
});
