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

describe("SGD on the device (tfjs ops) vs on the host (typed arrays)", () => {
  for (const backend of ["cpu", "wasm"]) {
    it(`${backend}: same bits after 6 steps, buffers round-trip, no tensor leak`, async () => {
      await initBackend(backend);
      const rng = Rng.seeded(9);
      const shapes = [[5, 3], [7], [2, 2, 2]];
      const init = shapes.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()));
      const mk = () => shapes.map((s, i) => tf.variable(tf.tensor(init[i], s)));
      const hv = mk(), dv = mk();
      const opts = { lr: 0.004, momentum: 0.9, weightDecay: 5e-4 };
      const host = new SgdMomentum(hv, { ...opts, onDevice: false });
      const dev = new SgdMomentum(dv, { ...opts, onDevice: true });
      expect(host.onDevice).toBe(false);
      expect(dev.onDevice).toBe(true);
      const before = tf.memory().numTensors;
      for (let step = 0; step < 6; step++) {
        // Variable 1 gets no gradient at step 2: weight decay alone must still apply.
        const grads = shapes.map((s, i) => (step === 2 && i === 1 ? null : tf.tensor(Float32Array.from({ length: init[i].length }, () => 10 * rng.normal()), s)));
        host.step(grads);
        dev.step(grads);
        tf.dispose(grads.filter((g): g is tf.Tensor => g !== null));
      }
      expect(tf.memory().numTensors).toBe(before);
      hv.forEach((v, k) => expect(Array.from(dv[k].dataSync())).toEqual(Array.from(v.dataSync())));
      host.buffers.forEach((b, k) => expect(Array.from(dev.buffers[k])).toEqual(Array.from(b)));
      // A checkpoint restored into a device optimiser continues identically.
      const again = new SgdMomentum(dv, { ...opts, onDevice: true });
      again.setBuffers(host.buffers);
      again.buffers.forEach((b, k) => expect(Array.from(b)).toEqual(Array.from(host.buffers[k])));
      expect(() => again.setBuffers([new Float32Array(1)])).toThrow(/gnc\/train\/optimizer: checkpoint has 1 momentum buffers/);
      dev.dispose(); again.dispose();
      tf.dispose([...hv, ...dv]);
    });
  }
});
