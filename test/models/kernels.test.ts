import { describe, it, expect } from "vitest";
import { denseKernels, generic } from "../../src/tensor/kernels/dense.js";
import { blockKernels, genericBlock, BN_EPS } from "../../src/tensor/kernels/block.js";
import { Rng } from "../../src/util/rng.js";
import { randomArray, randomGraph, relErr } from "../tensor/helpers.js";
import { stackBackward, stackForward, type StackParams } from "../../src/tensor/kernels/fused-stack.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { setSimdEnabled, simdSupports } from "../../src/tensor/simd.js";

/** float64 references written from the definitions. */
function mm64(F: Float32Array, W: Float32Array, n: number, din: number, dout: number): Float64Array {
  const o = new Float64Array(n * dout);
  for (let i = 0; i < n; i++) for (let k = 0; k < dout; k++) for (let j = 0; j < din; j++) o[i * dout + k] += F[i * din + j] * W[j * dout + k];
  return o;
}

describe("dense kernels (generated, unrolled) vs generic loops vs float64", () => {
  for (const [din, dout] of [[8, 8], [3, 8], [8, 2], [16, 16], [5, 7], [20, 20]]) {
    it(`${din}×${dout}`, () => {
      const rng = Rng.seeded(din * 100 + dout), n = 37;
      const F = randomArray(n * din, rng), W = randomArray(din * dout, rng), S = randomArray(n * dout, rng);
      for (const k of [denseKernels(din, dout), generic(din, dout)]) {
        const out = new Float32Array(n * dout);
        k.mm(F, W, out, n);
        expect(relErr(out, mm64(F, W, n, din, dout))).toBeLessThan(1e-6);
        k.mmAdd(F, W, out, n);
        expect(relErr(out, mm64(F, W, n, din, dout).map((v) => 2 * v))).toBeLessThan(1e-6);
        // Fᵀ S
        const acc = new Float64Array(din * dout);
        k.atbAdd(F, S, acc, n);
        const ref = new Float64Array(din * dout);
        for (let i = 0; i < n; i++) for (let j = 0; j < din; j++) for (let q = 0; q < dout; q++) ref[j * dout + q] += F[i * din + j] * S[i * dout + q];
        expect(relErr(acc, ref)).toBeLessThan(1e-6);
        // S Wᵀ added to a non-zero start
        const o2 = randomArray(n * din, Rng.seeded(3)), start = Float64Array.from(o2);
        k.abtAdd(S, W, o2, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < din; j++) for (let q = 0; q < dout; q++) start[i * din + j] += S[i * dout + q] * W[j * dout + q];
        expect(relErr(o2, start)).toBeLessThan(1e-6);
      }
    });
  }
});

describe("ReLU + BatchNorm kernels vs float64 definitions", () => {
  for (const d of [1, 4, 8, 70]) {
    for (const relu of [true, false]) {
      it(`d=${d}, relu=${relu}`, () => {
        const rng = Rng.seeded(d + (relu ? 1000 : 0)), n = 29;
        const Z = randomArray(n * d, rng, 2), gamma = randomArray(d, rng), beta = randomArray(d, rng), dB = randomArray(n * d, rng);
        // float64 reference
        const R = Array.from(Z, (v) => (relu ? Math.max(v, 0) : v));
        const mu = new Array(d).fill(0), vr = new Array(d).fill(0);
        for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mu[k] += R[i * d + k] / n;
        for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) vr[k] += (R[i * d + k] - mu[k]) ** 2 / n;
        const xh = R.map((v, t) => (v - mu[t % d]) / Math.sqrt(vr[t % d] + BN_EPS));
        const Bref = xh.map((v, t) => gamma[t % d] * v + beta[t % d]);
        const dBeta = new Array(d).fill(0), dGamma = new Array(d).fill(0), mG = new Array(d).fill(0), mGX = new Array(d).fill(0);
        for (let t = 0; t < n * d; t++) { const k = t % d; dBeta[k] += dB[t]; dGamma[k] += dB[t] * xh[t]; }
        for (let k = 0; k < d; k++) { mG[k] = dBeta[k] / n; mGX[k] = dGamma[k] / n; }
        const dZref = Array.from(dB, (g, t) => {
          const k = t % d;
          const dr = (gamma[k] / Math.sqrt(vr[k] + BN_EPS)) * (g - mG[k] - xh[t] * mGX[k]);
          return relu && !(Z[t] > 0) ? 0 : dr;
        });
        for (const k of [blockKernels(d, relu), genericBlock(d, relu)]) {
          const Rw = Float32Array.from(Z), B = new Float32Array(n * d), m = new Float64Array(d), iv = new Float64Array(d);
          k.forward(Rw, n, gamma, beta, m, iv, B);
          expect(relErr(Rw, R)).toBeLessThan(1e-7);
          expect(relErr(B, Bref)).toBeLessThan(1e-5);
          const g = Float32Array.from(dB), dg = new Float64Array(d), db = new Float64Array(d);
          k.backward(g, Rw, n, gamma, m, iv, dg, db);
          expect(relErr(db, dBeta)).toBeLessThan(1e-6);
          expect(relErr(dg, dGamma)).toBeLessThan(1e-5);
          expect(relErr(g, dZref)).toBeLessThan(1e-5);
        }
      });
    }
  }
});

describe("fused layer stack: wasm SIMD vs scalar JS kernels (setSimdEnabled)", () => {
  for (const [din, d, C] of [[8, 8, 2], [16, 16, 4], [3, 16, 4]]) {
    for (const useW1 of [true, false]) {
      it(`d_in=${din}, d=${d}, C=${C}, W1=${useW1}: outputs and every gradient agree`, () => {
        const rng = Rng.seeded(din * 31 + d + (useW1 ? 7 : 0)), n = 33, L = 3;
        const g = prepareGraph(randomGraph(n, 0.2, rng, [5])), sc = g.scaling("mean");
        const conv = (a: number, b: number) => ({ W2: randomArray(a * b, rng), W1: useW1 ? randomArray(a * b, rng) : null, b: null, din: a, dout: b });
        const p: StackParams = {
          convs: [conv(din, d), ...Array.from({ length: L }, () => conv(d, d)), conv(d, C)],
          bns: Array.from({ length: L + 1 }, () => ({ gamma: randomArray(d, rng, 1).map((v) => 1 + 0.5 * v), beta: randomArray(d, rng) })),
          relu: true,
        };
        const x = randomArray(n * din, rng), dOut = randomArray(n * C, rng), dPen = randomArray(n * d, rng);
        expect(simdSupports(d, d)).toBe(true);
        const run = () => {
          const c = stackForward(g, sc, p, x, true);
          const out = c.out.slice(), conv0 = c.conv!.map((z) => z.slice());
          return { out, conv0, gr: stackBackward(g, sc, p, c, dOut, dPen) };
        };
        const a = run();
        const was = setSimdEnabled(false);
        let b: ReturnType<typeof run>;
        try { b = run(); } finally { setSimdEnabled(was); }
        expect(relErr(a.out, b.out)).toBeLessThan(1e-5);
        a.conv0.forEach((z, k) => expect(relErr(z, b.conv0[k])).toBeLessThan(1e-5));
        a.gr.convs.forEach((c, k) => {
          expect(relErr(c.dW2, b.gr.convs[k].dW2)).toBeLessThan(1e-4);
          if (c.dW1) expect(relErr(c.dW1, b.gr.convs[k].dW1!)).toBeLessThan(1e-4);
        });
        a.gr.bns!.forEach((bn, k) => expect(relErr(bn.dGamma, b.gr.bns![k].dGamma)).toBeLessThan(1e-4));
        expect(relErr(a.gr.dx, b.gr.dx)).toBeLessThan(1e-4);
      });
    }
  }
});
