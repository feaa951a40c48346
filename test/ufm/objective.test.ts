import { describe, expect, it } from "vitest";
import { AGGREGATIONS, UfmObjective, type UfmSpec } from "../../src/ufm/objective.js";
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { denseAgg, randomState, referenceLoss, smallGraphs } from "./reference.js";

const base = { lambdaW1: 5e-3, lambdaW2: 7e-3, lambdaH: 3e-3 };

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let t = 0; t < a.length; t++) { num += (a[t] - b[t]) ** 2; den += b[t] ** 2; }
  return Math.sqrt(num / den);
}

describe("gUFM objective", () => {
  for (const aggregation of AGGREGATIONS) {
    for (const useW1 of [true, false]) {
      for (const C of [2, 3]) {
        it(`gradients match central finite differences (${aggregation}, useW1 ${useW1}, C = ${C})`, () => {
          const spec: UfmSpec = { dim: 4, classes: C, useW1, aggregation, ...base };
          // A graph with an isolated node (13) next to random SBM samples.
          const graphs = smallGraphs(2, 12, C, 11 + C);
          const iso = csrFromEdges(14, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).graph;
          graphs.push({ graph: iso, labels: Int32Array.from({ length: 14 }, (_, i) => i % C) });
          const obj = new UfmObjective(graphs, spec);
          const rng = Rng.seeded(5);
          const x = randomState(obj.size, rng);
          if (!useW1) obj.W1(x).fill(0);
          for (let k = 0; k < graphs.length; k++) {
            const gH = new Float64Array(graphs[k].graph.n * spec.dim), gW1 = new Float64Array(spec.dim * C), gW2 = new Float64Array(spec.dim * C);
            const loss = obj.gradGraph(k, x, { H: gH, W1: gW1, W2: gW2 });
            const ref = () => referenceLoss(graphs[k], spec, obj.H(x, k), obj.W1(x), obj.W2(x));
            expect(Math.abs(loss - ref()) / ref()).toBeLessThan(1e-13);
            const fd = (off: number, len: number) => {
              const out = new Float64Array(len), h = 1e-5;
              for (let t = 0; t < len; t++) {
                const v = x[off + t];
                x[off + t] = v + h; const lp = ref();
                x[off + t] = v - h; const lm = ref();
                x[off + t] = v;
                out[t] = (lp - lm) / (2 * h);
              }
              return out;
            };
            expect(relErr(gH, fd(obj.hOffset[k], gH.length))).toBeLessThan(1e-6);
            expect(relErr(gW2, fd(obj.w2Offset, gW2.length))).toBeLessThan(1e-6);
            if (useW1) expect(relErr(gW1, fd(obj.w1Offset, gW1.length))).toBeLessThan(1e-6);
            else expect(gW1.every((v) => v === 0)).toBe(true);
          }
        });
      }
    }
  }

  it("the full gradient is the average of the per-graph gradients and matches finite differences of F", () => {
    const spec: UfmSpec = { dim: 3, classes: 2, useW1: true, aggregation: "mean", ...base };
    const graphs = smallGraphs(3, 10, 2, 3);
    const obj = new UfmObjective(graphs, spec);
    const x = randomState(obj.size, Rng.seeded(9));
    const g = new Float64Array(obj.size);
    const F = obj.fullGrad(x, g);
    const refF = () => graphs.reduce((s, gr, k) => s + referenceLoss(gr, spec, obj.H(x, k), obj.W1(x), obj.W2(x)), 0) / graphs.length;
    expect(Math.abs(F - refF()) / refF()).toBeLessThan(1e-13);
    expect(Math.abs(obj.fullLoss(x) - F) / F).toBeLessThan(1e-14);
    const fd = new Float64Array(obj.size);
    for (let t = 0; t < obj.size; t++) {
      const v = x[t], h = 1e-5;
      x[t] = v + h; const lp = refF();
      x[t] = v - h; const lm = refF();
      x[t] = v;
      fd[t] = (lp - lm) / (2 * h);
    }
    expect(relErr(g, fd)).toBeLessThan(1e-6);
  });

  for (const [C, useW1] of [[2, true], [2, false], [4, true]] as const) {
    it(`the fused gdStep equals θ − η∇loss_k from one point (C = ${C}, useW1 ${useW1})`, () => {
      const spec: UfmSpec = { dim: 5, classes: C, useW1, aggregation: "mean", ...base };
      const graphs = smallGraphs(2, 16, C, 21);
      const obj = new UfmObjective(graphs, spec);
      const x = randomState(obj.size, Rng.seeded(2));
      if (!useW1) obj.W1(x).fill(0);
      const lr = 0.3;
      for (let k = 0; k < 2; k++) {
        const expected = x.slice();
        const gH = new Float64Array(16 * 5), gW1 = new Float64Array(5 * C), gW2 = new Float64Array(5 * C);
        const l0 = obj.gradGraph(k, x, { H: gH, W1: gW1, W2: gW2 });
        for (let t = 0; t < gH.length; t++) expected[obj.hOffset[k] + t] -= lr * gH[t];
        for (let t = 0; t < gW1.length; t++) { expected[obj.w1Offset + t] -= lr * gW1[t]; expected[obj.w2Offset + t] -= lr * gW2[t]; }
        const l1 = obj.gdStep(k, x, lr);
        expect(l1).toBe(l0);
        for (let t = 0; t < x.length; t++) expect(Math.abs(x[t] - expected[t])).toBeLessThan(1e-14 * (1 + Math.abs(expected[t])));
        if (!useW1) expect(obj.W1(x).every((v) => v === 0)).toBe(true);
      }
    });
  }

  it("outputs are H W1 + Â H W2 (dense reference)", () => {
    const spec: UfmSpec = { dim: 3, classes: 2, useW1: true, aggregation: "sym", ...base };
    const graphs = smallGraphs(1, 9, 2, 8);
    const obj = new UfmObjective(graphs, spec);
    const x = randomState(obj.size, Rng.seeded(3));
    const Z = obj.outputs(0, x);
    const A = denseAgg(graphs[0].graph, "sym"), H = obj.H(x, 0), W1 = obj.W1(x), W2 = obj.W2(x);
    for (let i = 0; i < 9; i++) {
      for (let c = 0; c < 2; c++) {
        let z = 0;
        for (let a = 0; a < 3; a++) {
          let ah = 0;
          for (let j = 0; j < 9; j++) ah += A[i][j] * H[j * 3 + a];
          z += H[i * 3 + a] * W1[a * 2 + c] + ah * W2[a * 2 + c];
        }
        expect(Math.abs(Z[i * 2 + c] - z)).toBeLessThan(1e-13);
      }
    }
  });

  it("rejects an empty class, a label out of range and negative regularisation with one line", () => {
    const spec: UfmSpec = { dim: 3, classes: 2, useW1: true, aggregation: "mean", ...base };
    const g = smallGraphs(1, 8, 2, 1)[0];
    expect(() => new UfmObjective([{ graph: g.graph, labels: new Int32Array(8) }], spec)).toThrow(/gnc\/ufm: graph 0: class 1 has no nodes/);
    expect(() => new UfmObjective([{ graph: g.graph, labels: new Int32Array(8).fill(2) }], spec)).toThrow(/label 2, outside 0..1/);
    expect(() => new UfmObjective([g], { ...spec, lambdaH: -1 })).toThrow(/lambdaH must be/);
    expect(() => new UfmObjective([], spec)).toThrow(/at least one graph/);
  });
});
