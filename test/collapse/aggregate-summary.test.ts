import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { csrFromEdges } from "../../src/graphs/csr.js";
import { aggregateMean } from "../../src/collapse/aggregate.js";
import { summarize, LOG10_FLOOR } from "../../src/collapse/summary.js";
import { collapseMetrics } from "../../src/collapse/index.js";
import { maxRelErr, randomLabels, randomMatrix, relErr } from "./reference.js";

describe("aggregateMean", () => {
  it("equals D⁻¹A·F with a dense adjacency; isolated nodes get zero rows", () => {
    const rng = Rng.seeded(40);
    const n = 30, d = 4;
    const src: number[] = [], dst: number[] = [];
    for (let i = 0; i < n - 3; i++) for (let j = i + 1; j < n - 3; j++) if (rng.uniform() < 0.15) { src.push(i); dst.push(j); }
    const { graph } = csrFromEdges(n, src, dst); // nodes n−3..n−1 isolated
    const F = randomMatrix(rng, n, d);
    const A = Array.from({ length: n }, () => new Array(n).fill(0));
    for (let k = 0; k < src.length; k++) { A[src[k]][dst[k]] = 1; A[dst[k]][src[k]] = 1; }
    const ref = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const deg = A[i].reduce((a, b) => a + b, 0);
      for (let a = 0; a < d; a++) for (let j = 0; j < n; j++) ref[i * d + a] += deg ? (A[i][j] * F.data[j * d + a]) / deg : 0;
    }
    const out = aggregateMean(F, graph);
    expect(maxRelErr(out.data, ref)).toBeLessThan(1e-14);
    for (let a = 0; a < d; a++) expect(out.data[(n - 1) * d + a]).toBe(0);
    // collapseMetrics(…, {graph}).aggregated = collapseMetrics(ÂF).
    const y = randomLabels(rng, n, 3);
    const m = collapseMetrics(F, y, 3, { graph });
    expect(m.aggregated).toEqual(collapseMetrics(out, y, 3));
  });

  it("rejects a graph of another size", () => {
    const { graph } = csrFromEdges(3, [0], [1]);
    expect(() => aggregateMean(randomMatrix(Rng.seeded(1), 4, 2), graph)).toThrow(/3 nodes but the features have 4 rows/);
  });
});

describe("summarize", () => {
  it("gives mean/std and mean/std of log10 (population std)", () => {
    const xs = [1e-3, 2e-2, 0.5, 3];
    const l = xs.map(Math.log10);
    const m = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(m(a.map((v) => (v - m(a)) ** 2)));
    const s = summarize(xs);
    expect(relErr(s.mean, m(xs))).toBeLessThan(1e-15);
    expect(relErr(s.std, sd(xs))).toBeLessThan(1e-14);
    expect(relErr(s.meanLog10, m(l))).toBeLessThan(1e-14);
    expect(relErr(s.stdLog10, sd(l))).toBeLessThan(1e-14);
    expect(s.count).toBe(4);
  });

  it("clamps values ≤ 1e-300 for the logs and excludes non-finite values", () => {
    const s = summarize([0, 1, Infinity, NaN, -1e-20]);
    expect(s.count).toBe(3);
    expect(s.nonFinite).toBe(2);
    expect(s.clamped).toBe(2);
    expect(s.meanLog10).toBeCloseTo((2 * Math.log10(LOG10_FLOOR) + 0) / 3, 12);
    expect(Number.isFinite(s.stdLog10)).toBe(true);
    expect(summarize([NaN]).mean).toBeNaN();
  });
});
