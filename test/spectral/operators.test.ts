import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { betheR, components, degreeInfo, makeOperator, orientedApply } from "../../src/spectral/operators.js";
import { denseOperator, matvecDense, randomGraph, randomVector } from "./dense.js";

describe("spectral operators", () => {
  it("match the dense formulas on random vectors (including isolated nodes)", () => {
    const rng = Rng.seeded(11);
    for (const [n, p] of [[30, 0.2], [50, 0.05], [40, 0.12]] as const) {
      const g = randomGraph(rng, n, p);
      expect(degreeInfo(g).isolated + 0, "the sparse graph has isolated nodes").toBeGreaterThanOrEqual(n === 50 ? 1 : 0);
      for (const name of ["bh", "nl", "adj"] as const) {
        for (const rule of name === "bh" ? (["sqrt-mean", "degree-moment", 2.5] as const) : (["sqrt-mean"] as const)) {
          const op = makeOperator(name, g, { r: rule });
          const D = denseOperator(name, g, op.r ?? 0);
          for (let t = 0; t < 3; t++) {
            const x = randomVector(rng, n), y = new Float64Array(n);
            op.apply(x, y);
            const ref = matvecDense(D, x);
            for (let i = 0; i < n; i++) expect(Math.abs(y[i] - ref[i])).toBeLessThan(1e-12 * (1 + Math.abs(ref[i])));
            expect(y.every(Number.isFinite)).toBe(true);
          }
          let fro = 0;
          for (const row of D) for (const v of row) fro += v * v;
          expect(op.frobenius).toBeCloseTo(Math.sqrt(fro), 10);
        }
      }
    }
  });

  it("r rules follow the degree moments", () => {
    const g = csrFromEdges(4, [0, 0, 0, 1], [1, 2, 3, 2]).graph; // degrees 3, 2, 2, 1
    expect(betheR(g, "sqrt-mean")).toBeCloseTo(Math.sqrt(2), 14);
    expect(betheR(g, "degree-moment")).toBeCloseTo(Math.sqrt(18 / 4 / 2 - 1), 14);
    expect(makeOperator("bh", g, { r: 3 }).r).toBe(3);
  });

  it("the closed-form trivial vector is the eigenvector of σM's smallest eigenvalue", () => {
    const g = randomGraph(Rng.seeded(3), 40, 0.2);
    for (const name of ["nl", "adj"] as const) {
      const op = makeOperator(name, g);
      const v = op.trivial!, y = new Float64Array(g.n);
      orientedApply(op)(v, y);
      const lam = name === "nl" ? 0 : -1;
      for (let i = 0; i < g.n; i++) expect(Math.abs(y[i] - lam * v[i])).toBeLessThan(1e-14);
    }
  });

  it("counts components", () => {
    const g = csrFromEdges(6, [0, 1, 3], [1, 2, 4]).graph;
    expect(components(g)).toEqual({ count: 3, largest: 3 });
  });

  it("rejects what is undefined: no edges, bad r", () => {
    const empty = csrFromEdges(5, [], []).graph;
    expect(() => makeOperator("bh", empty)).toThrow(/no edges/);
    expect(() => makeOperator("nl", empty)).toThrow(/no edges/);
    const g = csrFromEdges(3, [0, 1], [1, 2]).graph;
    expect(() => makeOperator("bh", g, { r: -1 })).toThrow(/positive/);
    const reg = csrFromEdges(3, [0, 1, 2], [1, 2, 0]).graph; // <d²>/<d> − 1 = 1 fine; a matching gives 0
    expect(betheR(reg, "degree-moment")).toBe(1);
    const matching = csrFromEdges(4, [0, 2], [1, 3]).graph;
    expect(() => betheR(matching, "degree-moment")).toThrow(/undefined/);
  });
});
