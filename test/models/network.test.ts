import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/tensor/backend.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { createNetwork, paramLayout } from "../../src/models/network.js";
import type { NetworkConfig } from "../../src/models/types.js";
import { Rng } from "../../src/util/rng.js";
import { setSimdEnabled, simdSupports } from "../../src/tensor/simd.js";
import { randomArray, randomGraph, relErr } from "../tensor/helpers.js";
import { testBackends } from "../tensor/backends.js";
import { resolveImpl } from "../../src/models/network.js";

const base: NetworkConfig = {
  inDim: 3, hidden: 4, classes: 2, depth: 3, layer: "graphconv", aggregation: "mean",
  useW1: true, bias: false, batchNorm: true, activation: "relu",
};

const variants: [string, Partial<NetworkConfig>][] = [
  ["graphconv mean W1 BN relu", {}],
  ["graphconv mean no W1", { useW1: false }],
  ["graphconv sum + bias", { aggregation: "sum", bias: true }],
  ["graphconv sym, no BN", { aggregation: "sym", batchNorm: false }],
  ["graphconv mean, no activation", { activation: "none" }],
  ["gcn + bias", { layer: "gcn", bias: true }],
  ["depth 0, d=8, C=3", { depth: 0, hidden: 8, classes: 3 }],
  // d_in = d = 8 runs the wasm SIMD layers in the fused path
  ["d=8 mean W1 (SIMD)", { inDim: 8, hidden: 8, depth: 2 }],
  ["d=8 sym no W1 + bias (SIMD)", { inDim: 8, hidden: 8, depth: 2, aggregation: "sym", useW1: false, bias: true }],
  // d_in = d = 16, C = 4 (the paper's C = 4 width) runs 16×16 and 16×4 SIMD layers
  ["d=16 C=4 mean W1 (SIMD)", { inDim: 16, hidden: 16, classes: 4, depth: 2 }],
  ["d=16 C=4 sum no W1 + bias (SIMD)", { inDim: 16, hidden: 16, classes: 4, depth: 2, aggregation: "sum", useW1: false, bias: true }],
  ["d_in=3 d=16 C=2 (SIMD hidden only)", { inDim: 3, hidden: 16, classes: 2, depth: 2 }],
];

/** Random values in every variable so γ, β and biases matter too. */
function randomizeVariables(vars: tf.Variable[], rng: Rng): void {
  for (const v of vars) {
    const isGamma = v.name.includes("bn.gamma");
    v.assign(tf.tensor(Array.from({ length: v.size }, () => (isGamma ? 0.5 + rng.uniform() : 2 * rng.uniform() - 1)), v.shape));
  }
}

for (const backend of testBackends()) {
  describe(`network on ${backend}: fused op == composed tfjs ops`, () => {
    beforeAll(async () => { await initBackend(backend); });
    for (const [name, over] of variants) {
      it(name, () => {
        const cfg = { ...base, ...over }, rng = Rng.seeded(42), n = 14;
        const g = prepareGraph(randomGraph(n, 0.3, rng, [n - 1]));
        const net = createNetwork(cfg, rng);
        randomizeVariables(net.variables, rng);
        const x = tf.tensor2d(randomArray(n * cfg.inDim, rng), [n, cfg.inDim]);
        const wOut = tf.tensor2d(randomArray(n * cfg.classes, rng), [n, cfg.classes]);
        const wPen = tf.tensor2d(randomArray(n * cfg.hidden, rng), [n, cfg.hidden]);
        const run = (fused: boolean) => {
          const loss = (xx: tf.Tensor2D) => {
            const r = net.forward(xx, g, { fused });
            return tf.add(tf.sum(tf.mul(r.out, wOut)), tf.sum(tf.mul(r.penultimate, wPen))) as tf.Scalar;
          };
          const r = net.forward(x, g, { fused, capture: true });
          const vg = tf.variableGrads(() => loss(x), net.variables);
          const gx = tf.grad((xx: tf.Tensor) => loss(xx as tf.Tensor2D))(x);
          return {
            out: r.out.dataSync(), pen: r.penultimate.dataSync(),
            blocks: r.blocks!.map((b) => [b.conv.dataSync(), b.relu.dataSync(), b.bn.dataSync()]),
            grads: net.variables.map((v) => vg.grads[v.name].dataSync()), gx: gx.dataSync(),
          };
        };
        const a = run(true), b = run(false);
        expect(a.out.length).toBe(n * cfg.classes);
        expect(relErr(a.out, b.out)).toBeLessThan(1e-5);
        expect(relErr(a.pen, b.pen)).toBeLessThan(1e-5);
        expect(a.blocks.length).toBe(cfg.depth);
        a.blocks.forEach((bl, l) => bl.forEach((t, j) => expect(relErr(t, b.blocks[l][j])).toBeLessThan(1e-5)));
        a.grads.forEach((gr, i) => expect(relErr(gr, b.grads[i]), net.variables[i].name).toBeLessThan(1e-4));
        expect(relErr(a.gx, b.gx)).toBeLessThan(1e-4);
        net.dispose(); g.dispose();
      });
    }
  });
}

describe("network contract", () => {
  beforeAll(async () => { await initBackend("wasm"); });
  it("L = 32 means 34 convolutions; variables in a fixed, documented order", () => {
    const cfg = { ...base, depth: 32, inDim: 8, hidden: 8 };
    expect(paramLayout(cfg).map((s) => `${s.name}[${s.shape}]`)).toEqual([
      "proj.W2[8,8]", "proj.W1[8,8]", "hidden.W2[32,8,8]", "hidden.W1[32,8,8]", "final.W2[8,2]", "final.W1[8,2]", "bn.gamma[33,8]", "bn.beta[33,8]",
    ]);
    const net = createNetwork(cfg, Rng.seeded(1));
    expect(() => net.convWeights(33)).not.toThrow();
    expect(() => net.convWeights(34)).toThrow(/conv index must be 0..33/);
    net.dispose();
  });
  it("init: same seed → same weights; uniform within ±1/√fan_in; γ = 1, β = 0", () => {
    const a = createNetwork(base, Rng.seeded(7)), b = createNetwork(base, Rng.seeded(7)), c = createNetwork(base, Rng.seeded(8));
    for (let k = 0; k <= base.depth + 1; k++) {
      const wa = a.convWeights(k), wb = b.convWeights(k);
      expect(Array.from(wa.W2)).toEqual(Array.from(wb.W2));
      expect(Array.from(wa.W1!)).toEqual(Array.from(wb.W1!));
      expect(wa.W2.length).toBe(wa.inDim * wa.outDim);
      const bound = 1 / Math.sqrt(wa.inDim);
      expect(Math.max(...Array.from(wa.W2, Math.abs))).toBeLessThanOrEqual(bound);
    }
    expect(Array.from(a.convWeights(1).W2)).not.toEqual(Array.from(c.convWeights(1).W2));
    const gamma = a.variables.find((v) => v.name.endsWith("bn.gamma"))!.dataSync();
    const beta = a.variables.find((v) => v.name.endsWith("bn.beta"))!.dataSync();
    expect(gamma.every((v) => v === 1) && beta.every((v) => v === 0)).toBe(true);
    // convWeights(k) is a copy, d_in×d_out, and matches the hidden slice of the stacked variable
    const hidden = a.variables.find((v) => v.name.endsWith("hidden.W2"))!.dataSync();
    expect(Array.from(a.convWeights(2).W2)).toEqual(Array.from(hidden.slice(16, 32)));
    a.convWeights(2).W2[0] = 99;
    expect(a.convWeights(2).W2[0]).not.toBe(99);
    for (const n of [a, b, c]) n.dispose();
  });
  it("rejects bad configs and inputs with GncErrors", () => {
    expect(() => createNetwork({ ...base, depth: -1 }, Rng.seeded(1))).toThrow(/depth must be an integer/);
    expect(() => createNetwork({ ...base, aggregation: "max" as never }, Rng.seeded(1))).toThrow(/aggregation must be/);
    const net = createNetwork(base, Rng.seeded(1));
    const g = prepareGraph(randomGraph(5, 0.5, Rng.seeded(2)));
    expect(() => net.forward(tf.zeros([5, 4]), g)).toThrow(/input features must be N×d_in = 5×3/);
    net.dispose(); g.dispose();
  });
  for (const [d, C, useW1] of [[8, 2, true], [16, 4, true], [16, 4, false], [16, 2, true]] as const) it(`d = ${d}, C = ${C}, W1 = ${useW1}: the wasm SIMD layers and the scalar JS kernels give the same outputs and gradients`, () => {
    const cfg = { ...base, inDim: d, hidden: d, classes: C, depth: 4, useW1 }, rng = Rng.seeded(8 + d), n = 40;
    const g = prepareGraph(randomGraph(n, 0.15, rng));
    const net = createNetwork(cfg, rng);
    const x = tf.tensor2d(randomArray(n * d, rng), [n, d]);
    expect(simdSupports(d, d)).toBe(true); // the SIMD run below really takes the SIMD path
    const run = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(net.forward(x, g).out)) as tf.Scalar, net.variables);
      return [value.dataSync(), ...net.variables.map((v) => grads[v.name].dataSync())];
    };
    const a = run();
    const was = setSimdEnabled(false);
    const b = run();
    setSimdEnabled(was);
    a.forEach((t, i) => expect(relErr(t, b[i])).toBeLessThan(1e-5));
    net.dispose(); g.dispose();
  });
  it("no tensors leak from a training-style step, with or without capture", () => {
    const net = createNetwork(base, Rng.seeded(1));
    const g = prepareGraph(randomGraph(9, 0.4, Rng.seeded(2)));
    const x = tf.tensor2d(randomArray(27, Rng.seeded(3)), [9, 3]);
    const before = tf.memory().numTensors;
    for (const capture of [false, true]) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(net.forward(x, g, { capture }).out) as tf.Scalar, net.variables);
        expect(Object.keys(grads).length).toBe(net.variables.length);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    net.dispose(); g.dispose();
  });
});

describe("network impl", () => {
  it("auto resolves to fused on wasm/cpu and ops on GPU backends; explicit choices pass through", async () => {
    expect(resolveImpl(undefined, "wasm")).toBe("fused");
    expect(resolveImpl("auto", "cpu")).toBe("fused");
    for (const b of ["webgl", "webgpu", "tensorflow"]) expect(resolveImpl("auto", b)).toBe("ops");
    expect(resolveImpl("ops", "wasm")).toBe("ops");
    expect(resolveImpl("fused", "webgl")).toBe("fused");
    await initBackend("cpu");
    const auto = createNetwork(base, Rng.seeded(1));
    expect(auto.impl).toBe("fused");
    const ops = createNetwork({ ...base, impl: "ops" }, Rng.seeded(1));
    expect(ops.impl).toBe("ops");
    // Same seed, same weights; the default forward follows impl and agrees with the fused one.
    const n = 10, rng = Rng.seeded(3);
    const g = prepareGraph(randomGraph(n, 0.4, rng));
    const x = tf.tensor2d(randomArray(n * base.inDim, rng), [n, base.inDim]);
    const a = auto.forward(x, g).out.dataSync(), b = ops.forward(x, g).out.dataSync();
    expect(relErr(b, a)).toBeLessThan(1e-4);
    expect(() => createNetwork({ ...base, impl: "gpu" as never }, Rng.seeded(1))).toThrow(/gnc\/models\/network: impl must be auto, fused or ops/);
    auto.dispose(); ops.dispose(); g.dispose();
  });
});

describe("convWeights", () => {
  it("reads each variable once until it is assigned again (then the new values)", async () => {
    await initBackend("cpu");
    const net = createNetwork({ ...base, depth: 3 }, Rng.seeded(2));
    const a = net.convWeights(2);
    expect(net.convWeights(2).W2).toEqual(a.W2);
    const v = net.variables[paramLayout(net.config).findIndex((s) => s.name === "hidden.W2")];
    v.assign(tf.mul(v, 2));
    const b = net.convWeights(2);
    expect(Array.from(b.W2)).toEqual(Array.from(a.W2, (x) => Math.fround(2 * x)));
    net.dispose();
  });
});
