/**
 * Acceptance: the gradient of the whole network (L = 3, d = 4, C = 2, MSE on one-hot targets, BN,
 * with and without W1) against central differences of a float64 model written plainly here from
 * REFERENCE.md §2 — independent of the code under test except for reading the variables by name.
 * Tolerances: forward 1e-5 relative (float32 vs float64), gradients 2e-3 relative per variable.
 * Also the paper's C = 4 shape (d_in = d = 16, C = 4, L = 2) on the fused op with its wasm SIMD
 * kernels (16×16 hidden, 16×4 final) on and off (setSimdEnabled(false): the scalar JS kernels).
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/tensor/backend.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { createNetwork } from "../../src/models/network.js";
import { setSimdEnabled } from "../../src/tensor/simd.js";
import { Rng } from "../../src/util/rng.js";
import { denseOperator, randomArray, randomGraph, relErr } from "../tensor/helpers.js";

const N = 12, EPS = 1e-5;
/** The network shape under test (set per case; the float64 model reads it). */
let DIN = 3, D = 4, C = 2, L = 3;

type P = Record<string, Float64Array>;

/** out (N×dout) = Â F W2 + F W1, all float64, from the definition. */
function conv(M: number[][], F: Float64Array, din: number, dout: number, W2: Float64Array, W1: Float64Array | undefined): Float64Array {
  const AF = new Float64Array(N * din);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let c = 0; c < din; c++) AF[i * din + c] += M[i][j] * F[j * din + c];
  const out = new Float64Array(N * dout);
  for (let i = 0; i < N; i++) for (let k = 0; k < dout; k++) {
    let s = 0;
    for (let c = 0; c < din; c++) s += AF[i * din + c] * W2[c * dout + k] + (W1 ? F[i * din + c] * W1[c * dout + k] : 0);
    out[i * dout + k] = s;
  }
  return out;
}

function forward64(M: number[][], x: Float64Array, p: P): Float64Array {
  let F = x, din = DIN;
  for (let k = 0; k <= L; k++) {
    const W2 = k === 0 ? p["proj.W2"] : p["hidden.W2"].subarray((k - 1) * D * D, k * D * D);
    const W1 = !p["proj.W1"] ? undefined : k === 0 ? p["proj.W1"] : p["hidden.W1"].subarray((k - 1) * D * D, k * D * D);
    const R = conv(M, F, din, D, W2, W1).map((v) => Math.max(v, 0));
    const B = new Float64Array(N * D);
    for (let c = 0; c < D; c++) {
      let mu = 0, v = 0;
      for (let i = 0; i < N; i++) mu += R[i * D + c] / N;
      for (let i = 0; i < N; i++) v += (R[i * D + c] - mu) ** 2 / N;
      for (let i = 0; i < N; i++) B[i * D + c] = p["bn.gamma"][k * D + c] * (R[i * D + c] - mu) / Math.sqrt(v + EPS) + p["bn.beta"][k * D + c];
    }
    F = B; din = D;
  }
  return conv(M, F, D, C, p["final.W2"], p["final.W1"]);
}

function mse64(out: Float64Array, labels: number[]): number {
  let s = 0;
  for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) s += (out[i * C + c] - (labels[i] === c ? 1 : 0)) ** 2;
  return s / (N * C);
}

/** Gradient of MSE on one-hot targets vs float64 central differences, and the forward vs float64. */
function checkNetwork(seed: number, useW1: boolean, fused: boolean): void {
  const rng = Rng.seeded(seed);
  const csr = randomGraph(N, 0.35, rng);
  const g = prepareGraph(csr), M = denseOperator(csr, "mean");
  const net = createNetwork({ inDim: DIN, hidden: D, classes: C, depth: L, layer: "graphconv", aggregation: "mean", useW1, bias: false, batchNorm: true, activation: "relu" }, rng);
  // Non-trivial γ, β so their gradients are exercised away from the init point.
  for (const v of net.variables) {
    if (v.name.endsWith("bn.gamma")) v.assign(tf.tensor(Array.from({ length: v.size }, () => 0.6 + rng.uniform()), v.shape));
    if (v.name.endsWith("bn.beta")) v.assign(tf.tensor(Array.from({ length: v.size }, () => rng.uniform() - 0.5), v.shape));
  }
  const xv = randomArray(N * DIN, rng, 1.5);
  const labels = Array.from({ length: N }, (_, i) => (i * 7) % C);
  const x = tf.tensor2d(xv, [N, DIN]);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), C);
  const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, net.forward(x, g, { fused }).out) as tf.Scalar, net.variables);

  const keyOf = (v: tf.Variable) => v.name.split(".").slice(-2).join(".");
  const p: P = {};
  for (const v of net.variables) p[keyOf(v)] = Float64Array.from(v.dataSync());
  const x64 = Float64Array.from(xv);
  const out64 = forward64(M, x64, p);
  expect(relErr(net.forward(x, g, { fused }).out.dataSync(), out64)).toBeLessThan(1e-5);
  expect(Math.abs(value.dataSync()[0] - mse64(out64, labels))).toBeLessThan(1e-6);

  const h = 1e-6;
  for (const v of net.variables) {
    const key = keyOf(v), th = p[key], fd = new Float64Array(th.length);
    for (let t = 0; t < th.length; t++) {
      const keep = th[t];
      th[t] = keep + h; const lp = mse64(forward64(M, x64, p), labels);
      th[t] = keep - h; const lm = mse64(forward64(M, x64, p), labels);
      th[t] = keep;
      fd[t] = (lp - lm) / (2 * h);
    }
    expect(relErr(grads[v.name].dataSync(), fd), key).toBeLessThan(2e-3);
  }
  tf.dispose([x, y, value]); tf.dispose(grads);
  net.dispose(); g.dispose();
}

for (const backend of ["wasm", "cpu"] as const) {
  describe(`whole-network gradient vs float64 finite differences (${backend})`, () => {
    beforeAll(async () => { await initBackend(backend); [DIN, D, C, L] = [3, 4, 2, 3]; });
    for (const useW1 of [true, false]) {
      for (const fused of [true, false]) {
        it(`useW1=${useW1}, ${fused ? "fused op" : "composed ops"}`, () => checkNetwork(useW1 ? 3 : 4, useW1, fused));
      }
    }
  });
}

describe("paper C = 4 shape (d_in = d = 16, C = 4, L = 2): fused op, SIMD on and off, vs float64 finite differences (wasm)", () => {
  beforeAll(async () => { await initBackend("wasm"); [DIN, D, C, L] = [16, 16, 4, 2]; });
  afterAll(() => { [DIN, D, C, L] = [3, 4, 2, 3]; });
  for (const useW1 of [true, false]) {
    for (const simd of [true, false]) {
      it(`useW1=${useW1}, SIMD ${simd ? "on" : "off"}`, () => {
        const was = setSimdEnabled(simd);
        try { checkNetwork(useW1 ? 5 : 6, useW1, true); } finally { setSimdEnabled(was); }
      });
    }
  }
});
