/**
 * train/step.ts frees everything it makes: after a warm-up step, further steps leave the tfjs tensor
 * count unchanged, for impl fused and ops and the optimiser on the host and on the device, on every
 * backend of the test matrix (a leak of one tensor per step — the loss scalar tf.variableGrads
 * returns — went unnoticed before; on a GPU backend each leaked tensor holds a texture).
 */
import { expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { createNetwork } from "../../src/models/network.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { SgdMomentum } from "../../src/train/optimizer.js";
import { trainStep } from "../../src/train/step.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { Rng } from "../../src/util/rng.js";
import { describeOnBackends } from "../tensor/backends.js";

describeOnBackends("trainStep tensor count", () => {
  for (const impl of ["fused", "ops"] as const) {
    for (const onDevice of [false, true]) {
      it(`impl ${impl}, optimiser ${onDevice ? "on the device" : "on the host"}: no tensor left per step`, () => {
        const rng = Rng.seeded(4), n = 60, d = 8;
        const net = createNetwork({ inDim: d, hidden: d, classes: 2, depth: 3, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu", impl }, rng);
        const opt = new SgdMomentum(net.variables, { lr: 0.01, momentum: 0.9, weightDecay: 5e-4, onDevice });
        const counts: number[] = [];
        for (let s = 0; s < 4; s++) {
          const { graph, labels } = sampleSbm({ n, classes: 2, pIn: 0.2, pOut: 0.02 }, rng);
          const g = prepareGraph(graph), x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);
          const r = trainStep(net, opt, x, g, labels, { kind: "mse" });
          expect(Number.isFinite(r.loss)).toBe(true);
          x.dispose(); g.dispose();
          counts.push(tf.memory().numTensors);
        }
        opt.dispose(); net.dispose();
        expect(counts.slice(1)).toEqual([counts[0], counts[0], counts[0]]);
      });
    }
  }
});
