import { describe, it, expect } from "vitest";
import { conv8Backward, conv8Forward, convSimdBackward, convSimdForward, setSimdEnabled, simdAvailable, simdSupports } from "../../src/tensor/simd.js";
import { prepareGraph, type OperatorScaling, type PreparedGraph, type PropagationMode } from "../../src/tensor/graph-tensors.js";
import { propagateInto } from "../../src/tensor/aggregate.js";
import { denseKernels } from "../../src/tensor/kernels/dense.js";
import { Rng } from "../../src/util/rng.js";
import { applyDense, denseOperator, randomArray, randomGraph, relErr } from "./helpers.js";
import { csrFromEdges } from "../../src/graphs/csr.js";

/** float64 reference of Z = Â F W2 + F W1 and its backward (F: N×din, W: din×dout), from the definitions. */
function reference(M: number[][], F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null, n: number, din = 8, dout = 8) {
  const mm = (X: ArrayLike<number>, W: Float32Array) => { // X W, X: N×din
    const o = new Float64Array(n * dout);
    for (let i = 0; i < n; i++) for (let k = 0; k < dout; k++) for (let j = 0; j < din; j++) o[i * dout + k] += X[i * din + j] * W[j * dout + k];
    return o;
  };
  const mmT = (X: ArrayLike<number>, W: Float32Array) => { // X Wᵀ, X: N×dout
    const o = new Float64Array(n * din);
    for (let i = 0; i < n; i++) for (let j = 0; j < din; j++) for (let k = 0; k < dout; k++) o[i * din + j] += X[i * dout + k] * W[j * dout + k];
    return o;
  };
  const atb = (X: ArrayLike<number>, Y: ArrayLike<number>) => {
    const o = new Float64Array(din * dout);
    for (let i = 0; i < n; i++) for (let j = 0; j < din; j++) for (let k = 0; k < dout; k++) o[j * dout + k] += X[i * din + j] * Y[i * dout + k];
    return o;
  };
  const Z = applyDense(M, mm(F, W2), dout);
  if (W1) mm(F, W1).forEach((v, t) => (Z[t] += v));
  const S = applyDense(M, G, dout, true);
  const dF = mmT(S, W2);
  if (W1) mmT(G, W1).forEach((v, t) => (dF[t] += v));
  return { Z, dW2: atb(F, S), dW1: W1 ? atb(F, G) : null, dF };
}

/** The scalar JS path of the fused kernels for the same layer (what GNC_SIMD=0 runs). */
function scalarPath(g: PreparedGraph, sc: OperatorScaling, F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null, n: number, din: number, dout: number) {
  const dk = denseKernels(din, dout), tmp = new Float32Array(n * dout);
  const P = new Float32Array(n * dout), Z = new Float32Array(n * dout);
  dk.mm(F, W2, P, n);
  propagateInto(g, sc, false, P, dout, Z, tmp);
  if (W1) dk.mmAdd(F, W1, Z, n);
  const S = new Float32Array(n * dout), dW2 = new Float64Array(din * dout), dW1 = new Float64Array(din * dout), dF = new Float32Array(n * din);
  propagateInto(g, sc, true, G, dout, S, tmp);
  dk.atbAdd(F, S, dW2, n);
  if (W1) dk.atbAdd(F, G, dW1, n);
  dk.abtAdd(S, W2, dF, n);
  if (W1) dk.abtAdd(G, W1, dF, n);
  return { Z, dW2, dW1: W1 ? dW1 : null, dF };
}

describe("wasm SIMD GraphConv (8×8, 16×16, 16×4)", () => {
  it("loads on this Node", () => expect(simdAvailable()).toBe(true));
  it("supports exactly the compiled shapes", () => {
    for (const [a, b] of [[8, 8], [16, 16], [16, 4]]) expect(simdSupports(a, b)).toBe(true);
    for (const [a, b] of [[8, 2], [16, 2], [4, 4], [12, 12], [8, 16]]) expect(simdSupports(a, b)).toBe(false);
  });
  for (const [din, dout] of [[8, 8], [16, 16], [16, 4]]) {
    for (const mode of ["mean", "sum", "sym"] as PropagationMode[]) {
      for (const useW1 of [true, false]) {
        it(`${din}×${dout} ${mode}, W1=${useW1}: forward and backward match float64 and the scalar path (two graphs in turn)`, () => {
          const rng = Rng.seeded(din * 1000 + dout * 100 + mode.length * 10 + (useW1 ? 1 : 0));
          for (const n of [9, 23, 9]) {
            const csr = randomGraph(n, 0.3, rng, [n - 1]);
            const g = prepareGraph(csr), sc = g.scaling(mode), M = denseOperator(csr, mode);
            const F = randomArray(n * din, rng), G = randomArray(n * dout, rng), W2 = randomArray(din * dout, rng), W1 = useW1 ? randomArray(din * dout, rng) : null;
            const ref = reference(M, F, G, W2, W1, n, din, dout);
            const Z = new Float32Array(n * dout), dF = new Float32Array(n * din), dW2 = new Float64Array(din * dout).fill(1), dW1 = new Float64Array(din * dout).fill(1);
            expect(convSimdForward(g, sc, F, W2, W1, Z, din, dout)).toBe(true);
            expect(relErr(Z, ref.Z)).toBeLessThan(1e-6);
            expect(convSimdBackward(g, sc, F, G, W2, W1, dW2, useW1 ? dW1 : null, dF, din, dout)).toBe(true);
            expect(relErr(dF, ref.dF)).toBeLessThan(1e-6);
            expect(relErr(dW2.map((v) => v - 1), ref.dW2)).toBeLessThan(1e-6); // accumulates into what was there
            if (ref.dW1) expect(relErr(dW1.map((v) => v - 1), ref.dW1)).toBeLessThan(1e-6);
            else expect(Array.from(dW1).every((v) => v === 1)).toBe(true);
            // the scalar kernels agree up to float32 rounding order
            const js = scalarPath(g, sc, F, G, W2, W1, n, din, dout);
            expect(relErr(Z, js.Z)).toBeLessThan(1e-6);
            expect(relErr(dF, js.dF)).toBeLessThan(1e-6);
            expect(relErr(dW2.map((v) => v - 1), js.dW2)).toBeLessThan(1e-6);
          }
        });
      }
    }
  }
  it("widths alternate on one graph (the layout grows and the graph stays right)", () => {
    const rng = Rng.seeded(77), n = 31, csr = randomGraph(n, 0.2, rng, [0]);
    const g = prepareGraph(csr), sc = g.scaling("mean"), M = denseOperator(csr, "mean");
    for (const [din, dout] of [[8, 8], [16, 16], [8, 8], [16, 4], [16, 16]]) {
      const F = randomArray(n * din, rng), W2 = randomArray(din * dout, rng), W1 = randomArray(din * dout, rng), Z = new Float32Array(n * dout);
      expect(convSimdForward(g, sc, F, W2, W1, Z, din, dout)).toBe(true);
      expect(relErr(Z, reference(M, F, new Float32Array(n * dout), W2, W1, n, din, dout).Z)).toBeLessThan(1e-6);
    }
  });
  it("setSimdEnabled(false) declines every shape; true restores", () => {
    const g = prepareGraph(randomGraph(6, 0.5, Rng.seeded(2))), sc = g.scaling("mean");
    const old = setSimdEnabled(false);
    try {
      expect(simdAvailable()).toBe(false);
      expect(convSimdForward(g, sc, new Float32Array(96), new Float32Array(256), null, new Float32Array(96), 16, 16)).toBe(false);
      expect(conv8Forward(g, sc, new Float32Array(48), new Float32Array(64), null, new Float32Array(48))).toBe(false);
    } finally {
      setSimdEnabled(old);
    }
    expect(convSimdForward(g, sc, new Float32Array(96), new Float32Array(256), null, new Float32Array(96), 16, 16)).toBe(true);
  });
  it("gcn (self term) declines so the JS kernels run", () => {
    const g = prepareGraph(randomGraph(5, 0.5, Rng.seeded(1)));
    expect(conv8Forward(g, g.scaling("gcn"), new Float32Array(40), new Float32Array(64), null, new Float32Array(40))).toBe(false);
  });
  for (const w of [8, 16]) {
    it(`width ${w}, N above the f32 chunk size: weight gradients still match float64 (ring graph, N = 9000)`, () => {
      const n = 9000, rng = Rng.seeded(9 + w);
      const src = Array.from({ length: n }, (_, i) => i), dst = src.map((i) => (i + 1) % n);
      const g = prepareGraph(csrFromEdges(n, src, dst).graph), sc = g.scaling("mean");
      const F = randomArray(n * w, rng), G = randomArray(n * w, rng), W2 = randomArray(w * w, rng);
      const dW2 = new Float64Array(w * w), dF = new Float32Array(n * w);
      expect(w === 8 ? conv8Backward(g, sc, F, G, W2, null, dW2, null, dF) : convSimdBackward(g, sc, F, G, W2, null, dW2, null, dF, w, w)).toBe(true);
      // S_i = (G_{i-1} + G_{i+1}) / 2 on a ring
      const ref = new Float64Array(w * w);
      for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) for (let k = 0; k < w; k++) {
        const s = (G[((i + n - 1) % n) * w + k] + G[((i + 1) % n) * w + k]) / 2;
        ref[j * w + k] += F[i * w + j] * s;
      }
      expect(relErr(dW2, ref)).toBeLessThan(1e-5);
    });
  }
});
