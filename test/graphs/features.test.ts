/**
 * Tests of the input feature strategies (src/graphs/features.ts): shapes, the degree column
 * (checked against degrees counted independently from the edge list), the law of the random
 * columns (mean and variance within 5 standard errors), reproducibility and bad input.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { FEATURE_STRATEGIES, makeFeatures, type FeatureStrategy } from "../../src/graphs/features.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { csrToEdges } from "../../src/graphs/csr.js";
import { GncError } from "../../src/util/errors.js";

const { graph } = sampleSbm({ n: 2000, classes: 2, pIn: 0.01, pOut: 0.002 }, Rng.seeded(1));
const deg = new Float64Array(graph.n);
{
  const { src, dst } = csrToEdges(graph);
  for (let k = 0; k < src.length; k++) { deg[src[k]]++; deg[dst[k]]++; }
}

/** Mean and variance of columns from..d−1 of the matrix. */
function colMoments(data: Float32Array | Float64Array, n: number, d: number, from: number): { mean: number; variance: number; count: number } {
  let s = 0, s2 = 0, cnt = 0;
  for (let i = 0; i < n; i++) for (let j = from; j < d; j++) { const x = data[i * d + j]; s += x; s2 += x * x; cnt++; }
  const mean = s / cnt;
  return { mean, variance: s2 / cnt - mean * mean, count: cnt };
}

describe("makeFeatures", () => {
  it("empty is N×0", () => {
    const X = makeFeatures("empty", graph, 8, Rng.seeded(0));
    expect([X.rows, X.cols, X.data.length]).toEqual([2000, 0, 0]);
  });

  it("degree is N×1 holding the degree (dim ignored)", () => {
    const X = makeFeatures("degree", graph, 8, Rng.seeded(0));
    expect([X.rows, X.cols]).toEqual([2000, 1]);
    expect(Array.from(X.data)).toEqual(Array.from(deg));
  });

  const law: Record<string, { mean: number; variance: number; m4: number }> = {
    uniform: { mean: 0.5, variance: 1 / 12, m4: 1 / 80 },
    normal: { mean: 0, variance: 1, m4: 3 },
  };
  const cases: [FeatureStrategy, boolean, "uniform" | "normal"][] = [
    ["random", false, "uniform"],
    ["random_normal", false, "normal"],
    ["degree_random", true, "uniform"],
    ["degree_random_normal", true, "normal"],
  ];
  for (const [s, withDeg, dist] of cases) {
    it(`${s}: N×dim, ${withDeg ? "column 0 the degree, " : ""}other columns ${dist} (5 SE)`, () => {
      const d = 6;
      const X = makeFeatures(s, graph, d, Rng.seeded(3));
      expect(X.data).toBeInstanceOf(Float32Array);
      expect([X.rows, X.cols, X.data.length]).toEqual([2000, d, 2000 * d]);
      if (withDeg) for (let i = 0; i < 2000; i++) expect(X.data[i * d]).toBe(deg[i]);
      const { mean, variance, count } = colMoments(X.data, 2000, d, withDeg ? 1 : 0);
      const L = law[dist];
      expect(Math.abs(mean - L.mean)).toBeLessThanOrEqual(5 * Math.sqrt(L.variance / count));
      expect(Math.abs(variance - L.variance)).toBeLessThanOrEqual(5 * Math.sqrt((L.m4 - L.variance ** 2) / count));
      if (dist === "uniform") expect(X.data.every((x, k) => (withDeg && k % d === 0) || (x >= 0 && x <= 1))).toBe(true);
      // Same seed → identical features.
      expect(Array.from(makeFeatures(s, graph, d, Rng.seeded(3)).data)).toEqual(Array.from(X.data));
    });
  }

  it("degree_random with dim = 1 is just the degree", () => {
    const X = makeFeatures("degree_random_normal", graph, 1, Rng.seeded(0));
    expect(Array.from(X.data)).toEqual(Array.from(deg));
  });

  it("bad strategy or dimension is a GncError", () => {
    expect(() => makeFeatures("nope" as FeatureStrategy, graph, 4, Rng.seeded(0))).toThrow(GncError);
    expect(() => makeFeatures("random", graph, 0, Rng.seeded(0))).toThrow(/dimension ≥ 1/);
    expect(() => makeFeatures("random_normal", graph, 2.5, Rng.seeded(0))).toThrow(GncError);
    expect(FEATURE_STRATEGIES.length).toBe(6);
  });
});
