import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { GncError } from "../../src/util/errors.js";
import { classStatistics } from "../../src/collapse/stats.js";
import { nc1Pinv, nc1TraceRatio } from "../../src/collapse/nc1.js";
import type { Matrix } from "../../src/collapse/types.js";
import { clusteredFeatures, maxRelErr, randomLabels, randomMatrix, randomOrthogonal, refNc1, refStats, relErr } from "./reference.js";

const TOL = 1e-10;

describe("classStatistics", () => {
  it("matches the explicit two-pass reference on random inputs", () => {
    const rng = Rng.seeded(11);
    for (const [N, d, C] of [[40, 3, 2], [100, 7, 4], [57, 2, 5], [200, 12, 3], [31, 1, 3]]) {
      const y = randomLabels(rng, N, C);
      const F = clusteredFeatures(rng, y, C, d);
      const s = classStatistics(F, y, C);
      const r = refStats(F, y, C);
      expect(maxRelErr(s.means, r.means.flat())).toBeLessThan(TOL);
      expect(maxRelErr(s.globalMean, r.mu)).toBeLessThan(TOL);
      expect(maxRelErr(s.sigmaW, r.SW.flat())).toBeLessThan(TOL);
      expect(maxRelErr(s.sigmaB, r.SB.flat())).toBeLessThan(TOL);
      expect(relErr(s.trSigmaW, r.trW)).toBeLessThan(TOL);
      expect(relErr(s.trSigmaB, r.trB)).toBeLessThan(TOL);
      expect(Array.from(s.counts).reduce((a, b) => a + b, 0)).toBe(N);
    }
  });

  it("accepts Float32Array features and computes in float64", () => {
    const rng = Rng.seeded(3);
    const y = randomLabels(rng, 50, 3);
    const F = clusteredFeatures(rng, y, 3, 4);
    const F32: Matrix = { data: Float32Array.from(F.data), rows: 50, cols: 4 };
    const F64: Matrix = { data: Float64Array.from(F32.data), rows: 50, cols: 4 };
    expect(classStatistics(F32, y, 3).sigmaW).toEqual(classStatistics(F64, y, 3).sigmaW);
  });

  it("stays accurate when the means are huge against the spread (corrected two-pass)", () => {
    const rng = Rng.seeded(5);
    const y = randomLabels(rng, 300, 3);
    const F = clusteredFeatures(rng, y, 3, 4);
    const shifted: Matrix = { data: F.data.map((v) => v + 1e8), rows: F.rows, cols: F.cols };
    const a = classStatistics(F, y, 3), b = classStatistics(shifted, y, 3);
    // Shifting the data rounds it at 1e8·eps ≈ 1.5e-8; the statistics must not lose more than that.
    expect(maxRelErr(a.sigmaW, b.sigmaW)).toBeLessThan(1e-6);
    expect(maxRelErr(a.sigmaB, b.sigmaB)).toBeLessThan(1e-6);
    expect(relErr(nc1Pinv(a), nc1Pinv(b))).toBeLessThan(1e-6);
  });

  it("rejects an empty class, out-of-range labels and shape mismatches with GncErrors", () => {
    const F = randomMatrix(Rng.seeded(1), 6, 2);
    expect(() => classStatistics(F, Int32Array.from([0, 0, 1, 1, 3, 3]), 4)).toThrow(/class 2 has no nodes/);
    expect(() => classStatistics(F, Int32Array.from([0, 0, 1, 1, 5, 1]), 3)).toThrow(/node 4 has label 5/);
    expect(() => classStatistics(F, Int32Array.from([0, 1, 0]), 2)).toThrow(GncError);
    expect(() => classStatistics({ data: new Float64Array(5), rows: 3, cols: 2 }, new Int32Array(3), 1)).toThrow(/holds 5 values/);
  });
});

describe("nc1Pinv / nc1TraceRatio", () => {
  it("match Tr(Σ_W pinv(Σ_B))/C with an SVD pseudo-inverse on random inputs (d below, at and above C−1)", () => {
    const rng = Rng.seeded(21);
    for (const [N, d, C] of [[60, 2, 5], [80, 3, 4], [90, 8, 4], [120, 16, 2], [50, 5, 3], [300, 32, 10]]) {
      const y = randomLabels(rng, N, C);
      const F = clusteredFeatures(rng, y, C, d, 1.5);
      const s = classStatistics(F, y, C);
      const r = refStats(F, y, C);
      expect(relErr(nc1Pinv(s), refNc1(r, C))).toBeLessThan(TOL);
      expect(relErr(nc1TraceRatio(s), r.trW / r.trB)).toBeLessThan(TOL);
    }
  });

  it("is 0 for perfectly collapsed features", () => {
    const rng = Rng.seeded(2);
    const y = randomLabels(rng, 40, 4);
    const centres = randomMatrix(rng, 4, 6);
    const F: Matrix = { data: new Float64Array(40 * 6), rows: 40, cols: 6 };
    for (let i = 0; i < 40; i++) for (let a = 0; a < 6; a++) F.data[i * 6 + a] = centres.data[y[i] * 6 + a];
    const s = classStatistics(F, y, 4);
    expect(s.trSigmaW).toBe(0);
    expect(nc1Pinv(s)).toBe(0);
    expect(nc1TraceRatio(s)).toBe(0);
    expect(s.trSigmaB).toBeGreaterThan(0);
  });

  it("is invariant to scaling, and to an invertible linear map when Σ_B is invertible (d ≤ C−1)", () => {
    const rng = Rng.seeded(8);
    for (const [d, C] of [[3, 4], [2, 5], [4, 5]]) {
      const y = randomLabels(rng, 120, C);
      const F = clusteredFeatures(rng, y, C, d);
      const base = nc1Pinv(classStatistics(F, y, C));
      const scaled: Matrix = { data: F.data.map((v) => v * 37.5), rows: F.rows, cols: d };
      expect(relErr(nc1Pinv(classStatistics(scaled, y, C)), base)).toBeLessThan(TOL);
      // F → F·A with A = Q·diag(k)·Q' (invertible, condition ≤ 10).
      const Q = randomOrthogonal(rng, d), Q2 = randomOrthogonal(rng, d);
      const A = Q.map((row) => Q2[0].map((_, j) => row.reduce((s, q, k) => s + q * (1 + 9 * rng.uniform()) * Q2[k][j], 0)));
      const FA: Matrix = { data: new Float64Array(F.data.length), rows: F.rows, cols: d };
      for (let i = 0; i < F.rows; i++) for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += F.data[i * d + k] * A[k][j];
        FA.data[i * d + j] = s;
      }
      expect(relErr(nc1Pinv(classStatistics(FA, y, C)), base)).toBeLessThan(1e-9);
    }
  });

  it("handles the degenerate cases without NaN: constant features → 0, equal class means → Infinity", () => {
    const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const constant: Matrix = { data: new Float64Array(12).fill(3.5), rows: 6, cols: 2 };
    const s = classStatistics(constant, y, 3);
    expect([s.trSigmaW, s.trSigmaB, nc1Pinv(s), nc1TraceRatio(s)]).toEqual([0, 0, 0, 0]);
    // Every class has the same two points → equal means, Σ_W > 0.
    const same: Matrix = { data: Float64Array.from([1, 0, 1, 0, 1, 0, 3, 2, 3, 2, 3, 2]), rows: 6, cols: 2 };
    const t = classStatistics(same, y, 3);
    expect(t.trSigmaB).toBe(0);
    expect(nc1Pinv(t)).toBe(Infinity);
    expect(nc1TraceRatio(t)).toBe(Infinity);
  });

  it("propagates NaN features to NaN metrics instead of throwing (a diverged run reports NaN)", () => {
    const F = randomMatrix(Rng.seeded(4), 6, 2);
    F.data[3] = NaN;
    const s = classStatistics(F, Int32Array.from([0, 1, 0, 1, 0, 1]), 2);
    expect(nc1Pinv(s)).toBeNaN();
    expect(nc1TraceRatio(s)).toBeNaN();
  });

  it("drops the exact null direction of Σ_B even for C = 2 with large offsets", () => {
    // With C = 2 the centred means are ±z; a Gram-eigenvalue pinv keeps a rounding-size eigenvalue
    // in the all-ones direction and blows up. Compare against the offset-free computation.
    const rng = Rng.seeded(13);
    for (let rep = 0; rep < 5; rep++) {
      const y = randomLabels(rng, 80, 2);
      const F = clusteredFeatures(rng, y, 2, 5);
      const off: Matrix = { data: F.data.map((v) => v + 1e6), rows: 80, cols: 5 };
      const r = refStats(F, y, 2);
      expect(relErr(nc1Pinv(classStatistics(off, y, 2)), refNc1(r, 2))).toBeLessThan(1e-7);
    }
  });
});
