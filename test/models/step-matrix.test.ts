/**
 * The full training step (src/train/step.ts: forward, permutation-invariant loss, gradients, SGD)
 * with impl "fused" vs impl "ops", on every backend of the test matrix (test/tensor/backends.ts):
 * same seed, same graphs, five steps; the losses, overlaps and every parameter afterwards must agree
 * to float32 tolerance. Also the optimiser on the device vs on the host inside the step.
 */
import { expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { createNetwork } from "../../src/models/network.js";
import type { NetworkConfig } from "../../src/models/types.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { SgdMomentum } from "../../src/train/optimizer.js";
import { trainStep } from "../../src/train/step.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { Rng } from "../../src/util/rng.js";
import { describeOnBackends } from "../tensor/backends.js";
import { relErr } from "../tensor/helpers.js";

const CFG: NetworkConfig = { inDim: 8, hidden: 8, classes: 3, depth: 3, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" };

function train(cfg: NetworkConfig, onDevice: boolean | undefined, steps = 5) {
  const rng = Rng.seeded(17), n = 90;
  const net = createNetwork(cfg, rng);
  const opt = new SgdMomentum(net.variables, { lr: 0.05, momentum: 0.9, weightDecay: 5e-4, onDevice });
  const losses: number[] = [], overlaps: number[] = [];
  for (let s = 0; s < steps; s++) {
    const { graph, labels } = sampleSbm({ n, classes: cfg.classes, pIn: 0.12, pOut: 0.02 }, rng);
    const g = prepareGraph(graph), x = tf.tensor2d(Float32Array.from({ length: n * cfg.inDim }, () => rng.normal()), [n, cfg.inDim]);
    const r = trainStep(net, opt, x, g, labels, { kind: "mse" });
    losses.push(r.loss); overlaps.push(r.overlap);
    x.dispose(); g.dispose();
  }
  const params = net.variables.map((v) => v.dataSync().slice());
  const impl = net.impl;
  opt.dispose(); net.dispose();
  return { losses, overlaps, params, impl };
}

describeOnBackends("trainStep fused vs ops", () => {
  for (const over of [{}, { useW1: false }, { layer: "gcn" as const }, { aggregation: "sym" as const, bias: true }]) {
    it(`${JSON.stringify(over)}: five steps give the same losses, overlaps and parameters`, () => {
      const cfg = { ...CFG, ...over };
      const a = train({ ...cfg, impl: "fused" }, undefined), b = train({ ...cfg, impl: "ops" }, undefined);
      expect(a.impl).toBe("fused");
      expect(b.impl).toBe("ops");
      expect(relErr(b.losses, a.losses)).toBeLessThan(1e-4);
      expect(b.overlaps).toEqual(a.overlaps);
      a.params.forEach((p, k) => expect(relErr(b.params[k], p)).toBeLessThan(1e-4));
      // The step really trains: the parameters moved.
      const init = train({ ...cfg, impl: "fused" }, undefined, 0);
      expect(a.params.some((p, k) => relErr(p, init.params[k]) > 1e-3)).toBe(true);
    });
  }
  it("the optimiser on the device gives the same parameters as on the host", () => {
    const a = train({ ...CFG, impl: "ops" }, false), b = train({ ...CFG, impl: "ops" }, true);
    a.params.forEach((p, k) => expect(relErr(b.params[k], p)).toBeLessThan(1e-6));
  });
});
