import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/tensor/backend.js";
import { SgdMomentum } from "../../src/train/optimizer.js";
import { Rng } from "../../src/util/rng.js";

describe("SGD with momentum and weight decay", () => {
  it("follows torch.optim.SGD: g = ∇ + wd·θ, b = μb + g, θ −= lr·b (float64 reference, 5 steps)", async () => {
    await initBackend("wasm");
    const rng = Rng.seeded(4);
    const shapes = [[3, 2], [4]];
    const init = shapes.map((s) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()));
    const vars = shapes.map((s, i) => tf.variable(tf.tensor(init[i], s)));
    const opt = new SgdMomentum(vars, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    const theta = init.map((a) => a.slice());
    const buf = init.map((a) => a.map(() => 0));
    for (let step = 0; step < 5; step++) {
      const grads = init.map((a) => a.map(() => rng.normal()));
      opt.step(grads.map((g, i) => tf.tensor(g, shapes[i])));
      for (let k = 0; k < theta.length; k++) {
        for (let j = 0; j < theta[k].length; j++) {
          const g = grads[k][j] + 0.01 * theta[k][j];
          buf[k][j] = step === 0 ? g : 0.9 * buf[k][j] + g; // torch: buffer = g at the first step
          theta[k][j] -= 0.1 * buf[k][j];
        }
      }
    }
    vars.forEach((v, k) => {
      const got = v.dataSync();
      for (let j = 0; j < got.length; j++) expect(Math.abs(got[j] - theta[k][j])).toBeLessThan(1e-5);
    });
  });
});
