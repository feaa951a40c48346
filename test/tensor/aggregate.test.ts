import { describe, it, expect } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { prepareGraph, PROPAGATION_MODES } from "../../src/tensor/graph-tensors.js";
import { aggregate, propagateInto } from "../../src/tensor/aggregate.js";
import { Rng } from "../../src/util/rng.js";
import { applyDense, denseOperator, randomArray, randomGraph, relErr } from "./helpers.js";
import { describeOnBackends } from "./backends.js";
import { aggregationPath } from "../../src/tensor/kernels/aggregate.js";

describe("propagateInto (Float32 kernel) vs dense float64 operator", () => {
  for (const mode of PROPAGATION_MODES) {
    for (const d of [3, 8]) {
      it(`${mode}, d=${d}, Â and Âᵀ, isolated nodes get zeros`, () => {
        const rng = Rng.seeded(11 + d);
        const csr = randomGraph(17, 0.25, rng, [0, 16]);
        const g = prepareGraph(csr);
        const M = denseOperator(csr, mode);
        const x = randomArray(17 * d, rng);
        const out = new Float32Array(17 * d), tmp = new Float32Array(17 * d);
        for (const tr of [false, true]) {
          propagateInto(g, g.scaling(mode), tr, x, d, out, tmp);
          expect(relErr(out, applyDense(M, x, d, tr))).toBeLessThan(1e-6);
          expect(out.every(Number.isFinite)).toBe(true);
        }
        if (mode !== "gcn") for (let k = 0; k < d; k++) expect(out[k]).toBe(0); // node 0 isolated
      });
    }
  }
});

describeOnBackends("aggregate op", (backend) => {
  it("uses the registered kernel on cpu/wasm, composed ops on tensorflow", () => {
    expect(aggregationPath()).toBe(backend === "tensorflow" ? "composed" : "kernel");
  });
  for (const path of ["kernel", "composed"] as const) {
    if (path === "kernel" && backend === "tensorflow") continue; // no registered kernel there
    for (const mode of PROPAGATION_MODES) {
      it(`${path}, ${mode}: forward = dense tfjs matMul, gradient = Âᵀ dy and matches finite differences`, () => {
        const rng = Rng.seeded(5);
        const n = 13, d = 4;
        // Last node isolated: exercises the zero padding after sparseSegmentSum.
        const csr = randomGraph(n, 0.3, rng, [n - 1]);
        const g = prepareGraph(csr);
        const M = denseOperator(csr, mode);
        const xv = randomArray(n * d, rng), wv = randomArray(n * d, rng);
        const x = tf.tensor2d(xv, [n, d]), w = tf.tensor2d(wv, [n, d]);
        const Mt = tf.tensor2d(M.flat(), [n, n]);
        const y = aggregate(x, g, mode, path);
        expect(y.shape).toEqual([n, d]);
        expect(relErr(y.dataSync(), tf.matMul(Mt, x).dataSync())).toBeLessThan(1e-6);
        // d/dx Σ (Âx ⊙ w) = Âᵀ w
        const grad = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(aggregate(xx as tf.Tensor2D, g, mode, path), w)))(x);
        expect(relErr(grad.dataSync(), applyDense(M, wv, d, true))).toBeLessThan(1e-6);
        // Central differences on the float64 definition, a few coordinates.
        const f64 = (xs: Float64Array) => applyDense(M, xs, d).reduce((a, v, t) => a + v * wv[t], 0);
        const gv = grad.dataSync();
        for (const t of [0, 5, 17, n * d - 1]) {
          const xp = Float64Array.from(xv), xm = Float64Array.from(xv);
          xp[t] += 1e-6; xm[t] -= 1e-6;
          expect(Math.abs(gv[t] - (f64(xp) - f64(xm)) / 2e-6)).toBeLessThan(1e-4);
        }
        tf.dispose([x, w, Mt, y, grad]);
        g.dispose();
      });
    }
  }
    it("a graph without edges aggregates to zeros (sum) and to x/1 for gcn", () => {
      const g = prepareGraph({ n: 3, rowPtr: new Int32Array(4), cols: new Int32Array(0) });
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      for (const path of backend === "tensorflow" ? (["composed"] as const) : (["kernel", "composed"] as const)) {
        expect(Array.from(aggregate(x, g, "sum", path).dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
        expect(Array.from(aggregate(x, g, "gcn", path).dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      }
      g.dispose();
    });
    it("rejects mismatched shapes and disposed graphs with a GncError", () => {
      const g = prepareGraph(randomGraph(4, 0.5, Rng.seeded(1)));
      expect(() => aggregate(tf.zeros([5, 2]), g, "mean")).toThrow(/gnc\/tensor\/aggregate: features must be N×d/);
      g.dispose();
      expect(() => aggregate(tf.zeros([4, 2]), g, "mean")).toThrow(/after dispose/);
    });
});
