import { describe, it, expect } from "vitest";
import { conv8Backward, conv8Forward, simdAvailable } from "../../src/tensor/simd.js";
import { prepareGraph, type PropagationMode } from "../../src/tensor/graph-tensors.js";
import { Rng } from "../../src/util/rng.js";
import { applyDense, denseOperator, randomArray, randomGraph, relErr } from "./helpers.js";
import { csrFromEdges } from "../../src/graphs/csr.js";

/** float64 reference of Z = Â F W2 + F W1 and its backward, from the definitions. */
function reference(M: number[][], F: Float32Array, G: Float32Array, W2: Float32Array, W1: Float32Array | null, n: number) {
  const mm = (X: ArrayLike<number>, W: Float32Array, tr = false) => {
    const o = new Float64Array(n * 8);
    for (let i = 0; i < n; i++) for (let k = 0; k < 8; k++) for (let j = 0; j < 8; j++) o[i * 8 + k] += X[i * 8 + j] * (tr ? W[k * 8 + j] : W[j * 8 + k]);
    return o;
  };
  const atb = (X: ArrayLike<number>, Y: ArrayLike<number>) => {
    const o = new Float64Array(64);
    for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) o[j * 8 + k] += X[i * 8 + j] * Y[i * 8 + k];
    return o;
  };
  const Z = applyDense(M, mm(F, W2), 8);
  if (W1) mm(F, W1).forEach((v, t) => (Z[t] += v));
  const S = applyDense(M, G, 8, true);
  const dF = mm(S, W2, true);
  if (W1) mm(G, W1, true).forEach((v, t) => (dF[t] += v));
  return { Z, dW2: atb(F, S), dW1: W1 ? atb(F, G) : null, dF };
}

describe("wasm SIMD width-8 GraphConv", () => {
  it("loads on this Node", () => expect(simdAvailable()).toBe(true));
  for (const mode of ["mean", "sum", "sym"] as PropagationMode[]) {
    for (const useW1 of [true, false]) {
      it(`${mode}, W1=${useW1}: forward and backward match float64 (two graphs in turn)`, () => {
        const rng = Rng.seeded(mode.length * 10 + (useW1 ? 1 : 0));
        for (const n of [9, 23, 9]) {
          const csr = randomGraph(n, 0.3, rng, [n - 1]);
          const g = prepareGraph(csr), sc = g.scaling(mode), M = denseOperator(csr, mode);
          const F = randomArray(n * 8, rng), G = randomArray(n * 8, rng), W2 = randomArray(64, rng), W1 = useW1 ? randomArray(64, rng) : null;
          const ref = reference(M, F, G, W2, W1, n);
          const Z = new Float32Array(n * 8), dF = new Float32Array(n * 8), dW2 = new Float64Array(64).fill(1), dW1 = new Float64Array(64).fill(1);
          expect(conv8Forward(g, sc, F, W2, W1, Z)).toBe(true);
          expect(relErr(Z, ref.Z)).toBeLessThan(1e-6);
          expect(conv8Backward(g, sc, F, G, W2, W1, dW2, useW1 ? dW1 : null, dF)).toBe(true);
          expect(relErr(dF, ref.dF)).toBeLessThan(1e-6);
          expect(relErr(dW2.map((v) => v - 1), ref.dW2)).toBeLessThan(1e-6); // accumulates into what was there
          if (ref.dW1) expect(relErr(dW1.map((v) => v - 1), ref.dW1)).toBeLessThan(1e-6);
        }
      });
    }
  }
  it("gcn (self term) declines so the JS kernels run", () => {
    const g = prepareGraph(randomGraph(5, 0.5, Rng.seeded(1)));
    expect(conv8Forward(g, g.scaling("gcn"), new Float32Array(40), new Float32Array(64), null, new Float32Array(40))).toBe(false);
  });
  it("N above the f32 chunk size: weight gradients still match float64 (ring graph, N = 9000)", () => {
    const n = 9000, rng = Rng.seeded(9);
    const src = Array.from({ length: n }, (_, i) => i), dst = src.map((i) => (i + 1) % n);
    const g = prepareGraph(csrFromEdges(n, src, dst).graph), sc = g.scaling("mean");
    const F = randomArray(n * 8, rng), G = randomArray(n * 8, rng), W2 = randomArray(64, rng);
    const dW2 = new Float64Array(64), dF = new Float32Array(n * 8);
    conv8Backward(g, sc, F, G, W2, null, dW2, null, dF);
    // S_i = (G_{i-1} + G_{i+1}) / 2 on a ring
    const ref = new Float64Array(64);
    for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) {
      const s = (G[((i + n - 1) % n) * 8 + k] + G[((i + 1) % n) * 8 + k]) / 2;
      ref[j * 8 + k] += F[i * 8 + j] * s;
    }
    expect(relErr(dW2, ref)).toBeLessThan(1e-5);
  });
});
