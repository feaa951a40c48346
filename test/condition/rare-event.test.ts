/**
 * Rare-event bound and Monte Carlo (REFERENCE.md §5) against exact enumeration on tiny graphs and
 * independent float64 formulas.
 */
import { describe, it, expect } from "vitest";
import { pythonOracle } from "../helpers/oracle.js";
import {
  logBinomialPmf,
  logAllEqualProbability,
  rareEventBound,
  rareEventMonteCarlo,
  wilsonInterval,
  countConditionHolds,
} from "../../src/condition/rare-event.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { Rng } from "../../src/util/rng.js";
import { GncError } from "../../src/util/errors.js";

const py = pythonOracle(["numpy", "scipy.stats", "scipy.special"]);

/** Direct float64 binomial pmf: C(n,t) q^t (1−q)^(n−t) by products (fine for n ≤ 40). */
function binomDirect(t: number, n: number, q: number): number {
  let c = 1;
  for (let k = 1; k <= t; k++) c = (c * (n - t + k)) / k;
  return c * Math.pow(q, t) * Math.pow(1 - q, n - t);
}

/** log(n!) by summing logs. */
function logFact(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/**
 * Exact probabilities for the bipartite block between na and nb nodes (each of the na·nb pairs an
 * edge with prob q) by enumerating all 2^(na·nb) edge sets: P(all na row sums equal) and
 * P(all row sums equal and all column sums equal).
 */
function enumerateBipartite(na: number, nb: number, q: number): { rows: number; both: number } {
  const P = na * nb;
  let rows = 0, both = 0;
  const r = new Int32Array(na), c = new Int32Array(nb);
  for (let mask = 0; mask < 1 << P; mask++) {
    r.fill(0);
    c.fill(0);
    let e = 0;
    for (let k = 0; k < P; k++) {
      if (mask & (1 << k)) {
        r[Math.floor(k / nb)]++;
        c[k % nb]++;
        e++;
      }
    }
    const w = Math.pow(q, e) * Math.pow(1 - q, P - e);
    const rowsEq = r.every((x) => x === r[0]);
    if (rowsEq) {
      rows += w;
      if (c.every((x) => x === c[0])) both += w;
    }
  }
  return { rows, both };
}

/**
 * Exact P(condition C) for an SBM with the given class sizes, by enumerating every graph on the
 * N nodes (2^(N(N−1)/2)), weighting by pIn/pOut, and testing equal neighbour-class count rows.
 */
function exactConditionProbability(sizes: number[], pIn: number, pOut: number): number {
  const labels: number[] = [];
  sizes.forEach((s, c) => { for (let i = 0; i < s; i++) labels.push(c); });
  const N = labels.length, C = sizes.length;
  const pairs: [number, number][] = [];
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) pairs.push([i, j]);
  let total = 0;
  const K = new Int32Array(N * C);
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    K.fill(0);
    let w = 1;
    pairs.forEach(([i, j], k) => {
      const p = labels[i] === labels[j] ? pIn : pOut;
      if (mask & (1 << k)) {
        w *= p;
        K[i * C + labels[j]]++;
        K[j * C + labels[i]]++;
      } else w *= 1 - p;
    });
    let ok = true;
    for (let i = 0; i < N && ok; i++) {
      const f = labels.indexOf(labels[i]);
      for (let c = 0; c < C; c++) if (K[i * C + c] !== K[f * C + c]) ok = false;
    }
    if (ok) total += w;
  }
  return total;
}

describe("logBinomialPmf", () => {
  it("matches the direct product for small n", () => {
    for (const n of [1, 2, 5, 17, 40]) {
      for (const q of [0.001, 0.0017, 0.1, 0.5, 0.93]) {
        for (let t = 0; t <= n; t++) {
          const ref = binomDirect(t, n, q);
          const got = Math.exp(logBinomialPmf(t, n, q));
          expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-12 * ref + 1e-300);
        }
      }
    }
  });
  it("matches log-factorial sums for large n and sums to 1", () => {
    for (const [n, q] of [[500, 0.0017], [3000, 0.2], [20000, 0.01]] as [number, number][]) {
      const lf = new Float64Array(n + 1);
      for (let k = 2; k <= n; k++) lf[k] = lf[k - 1] + Math.log(k);
      let s = 0;
      for (let t = 0; t <= n; t++) {
        const ref = lf[n] - lf[t] - lf[n - t] + t * Math.log(q) + (n - t) * Math.log1p(-q);
        const got = logBinomialPmf(t, n, q);
        // the log-factorial sums themselves carry ~1e-12 relative error on values up to ~2e5
        expect(Math.abs(got - ref)).toBeLessThan(1e-8);
        s += Math.exp(got);
      }
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
    expect(logFact(10)).toBeCloseTo(Math.log(3628800), 12);
  });
  it("handles q = 0 and q = 1", () => {
    expect(logBinomialPmf(0, 7, 0)).toBe(0);
    expect(logBinomialPmf(1, 7, 0)).toBe(-Infinity);
    expect(logBinomialPmf(7, 7, 1)).toBe(0);
    expect(logBinomialPmf(6, 7, 1)).toBe(-Infinity);
  });
});

describe("logAllEqualProbability (one class pair)", () => {
  it("equals exact enumeration of the bipartite block, and bounds the two-sided event", () => {
    for (const [na, nb] of [[2, 3], [3, 3], [3, 4], [4, 4]]) {
      for (const q of [0.1, 0.37, 0.8]) {
        const { rows, both } = enumerateBipartite(na, nb, q);
        const S = Math.exp(logAllEqualProbability(na, nb, q));
        expect(Math.abs(S - rows)).toBeLessThan(1e-13);
        expect(both).toBeLessThanOrEqual(S + 1e-15);
      }
    }
  });
});

describe("rareEventBound", () => {
  it("bounds the exact probability of C on every tiny SBM (full enumeration)", () => {
    const cases: { sizes: number[]; pIn: number; pOut: number }[] = [
      { sizes: [3, 3], pIn: 0.3, pOut: 0.2 },
      { sizes: [3, 3], pIn: 0.9, pOut: 0.6 },
      { sizes: [2, 3], pIn: 0.5, pOut: 0.5 },
      { sizes: [2, 2, 2], pIn: 0.4, pOut: 0.3 },
      { sizes: [1, 1, 1, 2], pIn: 0.5, pOut: 0.7 },
    ];
    for (const { sizes, pIn, pOut } of cases) {
      const N = sizes.reduce((a, b) => a + b, 0);
      const exact = exactConditionProbability(sizes, pIn, pOut);
      const b = rareEventBound({ n: N, classes: sizes.length, pOut });
      expect(b.classSizes).toEqual(sizes);
      expect(exact).toBeGreaterThan(0);
      expect(exact).toBeLessThanOrEqual(b.probability * (1 + 1e-12));
      expect(b.log10Probability).toBeCloseTo(Math.log10(b.probability), 10);
    }
  });
  it("is the product over class pairs for equal classes", () => {
    const b = rareEventBound({ n: 40, classes: 4, pOut: 0.3 });
    let s = 0;
    for (let t = 0; t <= 10; t++) s += Math.pow(binomDirect(t, 10, 0.3), 10);
    expect(b.pairs).toBe(6);
    expect(b.nPerClass).toBe(10);
    expect(b.log10Probability).toBeCloseTo(6 * Math.log10(s), 10);
  });
  it("is certain at q = 0 and q = 1, and gives ~1e-185 for the paper's N=1000, C=2, q=0.0017", () => {
    expect(rareEventBound({ n: 10, classes: 2, pOut: 0 }).probability).toBe(1);
    expect(rareEventBound({ n: 10, classes: 2, pOut: 1 }).probability).toBe(1);
    const b = rareEventBound({ n: 1000, classes: 2, pOut: 0.0017 });
    expect(b.log10Probability).toBeGreaterThan(-186);
    expect(b.log10Probability).toBeLessThan(-184);
    expect(b.probability).toBeGreaterThan(0);
    const c4 = rareEventBound({ n: 1000, classes: 4, pOut: 0.0068 });
    expect(c4.probability).toBe(0); // underflows: log10 is what counts
    expect(Number.isFinite(c4.log10Probability)).toBe(true);
  });
  it.skipIf(py.skip)("agrees with scipy's binom.logpmf + logsumexp", () => {
    const code = `
from scipy.stats import binom; from scipy.special import logsumexp; import numpy as np
for n, q in [(500, 0.0017), (250, 0.0068), (750, 0.0012)]:
    t = np.arange(n + 1); print(repr(logsumexp(n * binom.logpmf(t, n, q)) / np.log(10)))`;
    const ref = py.run(code).trim().split("\n").map(Number);
    const got = [
      rareEventBound({ n: 1000, classes: 2, pOut: 0.0017 }).log10Probability,
      rareEventBound({ n: 1000, classes: 4, pOut: 0.0068 }).log10Probability / 6,
      rareEventBound({ n: 1500, classes: 2, pOut: 0.0012 }).log10Probability,
    ];
    for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - ref[k])).toBeLessThan(1e-9 * Math.abs(ref[k]));
  });
  it("rejects bad input with a GncError", () => {
    expect(() => rareEventBound({ n: 10, classes: 1, pOut: 0.1 })).toThrow(GncError);
    expect(() => rareEventBound({ n: 3, classes: 4, pOut: 0.1 })).toThrow(/N must be/);
    expect(() => rareEventBound({ n: 10, classes: 2, pOut: 1.5 })).toThrow(/p-out/);
    expect(() => rareEventBound({ n: 10, classes: 2, pOut: NaN })).toThrow(/p-out/);
    expect(() => rareEventBound({ n: 10.5, classes: 2, pOut: 0.1 })).toThrow(/N must be/);
  });
});

describe("wilsonInterval", () => {
  it("matches the closed form at k = 0 and is symmetric", () => {
    const z = 1.959963984540054;
    const w = wilsonInterval(0, 10);
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo((z * z) / (10 + z * z), 12);
    const a = wilsonInterval(3, 20), b = wilsonInterval(17, 20);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });
});

describe("rareEventMonteCarlo", () => {
  it("its interval covers the exact probability on a tiny SBM and stays below the bound", () => {
    const exact = exactConditionProbability([3, 3], 0.5, 0.5);
    const mc = rareEventMonteCarlo({ n: 6, classes: 2, pIn: 0.5, pOut: 0.5, samples: 4000, seed: 11 });
    expect(mc.samples).toBe(4000);
    expect(mc.estimate).toBe(mc.satisfiedCount / 4000);
    expect(mc.ciLow).toBeLessThanOrEqual(exact);
    expect(mc.ciHigh).toBeGreaterThanOrEqual(exact);
    const bound = rareEventBound({ n: 6, classes: 2, pOut: 0.5 }).probability;
    expect(mc.ciLow).toBeLessThanOrEqual(bound);
  });
  it("is consistent with the bound on a larger sparse SBM and reproducible", () => {
    const opts = { n: 12, classes: 3, pIn: 0.6, pOut: 0.1, samples: 3000, seed: 5 };
    const a = rareEventMonteCarlo(opts), b = rareEventMonteCarlo(opts);
    expect(a).toEqual(b);
    expect(a.ciLow).toBeLessThanOrEqual(rareEventBound({ n: 12, classes: 3, pOut: 0.1 }).probability);
  });
  it("countConditionHolds finds the condition on q = 0, p = 1 (disjoint cliques)", () => {
    const { graph, labels } = sampleSbm({ n: 30, classes: 3, pIn: 1, pOut: 0 }, Rng.seeded(1));
    expect(countConditionHolds(graph, labels, 3)).toBe(true);
    const mc = rareEventMonteCarlo({ n: 30, classes: 3, pIn: 1, pOut: 0, samples: 5, seed: 1 });
    expect(mc.satisfiedCount).toBe(5);
  });
  it("rejects bad input", () => {
    expect(() => rareEventMonteCarlo({ n: 6, classes: 2, pIn: -0.1, pOut: 0.5, samples: 1, seed: 1 })).toThrow(/p-in/);
    expect(() => rareEventMonteCarlo({ n: 6, classes: 2, pIn: 0.1, pOut: 0.5, samples: 0, seed: 1 })).toThrow(/samples/);
  });
});

describe("logAllEqualProbability truncation", () => {
  it("equals the full log-sum-exp over every t", () => {
    for (const [na, nb, q] of [[500, 500, 0.0017], [30, 70, 0.4], [1000, 3000, 0.02], [5, 8, 0.999], [200, 50, 0.5]]) {
      const terms = Array.from({ length: nb + 1 }, (_, t) => na * logBinomialPmf(t, nb, q));
      const mx = Math.max(...terms);
      const full = mx + Math.log(terms.reduce((a, x) => a + Math.exp(x - mx), 0));
      expect(Math.abs(logAllEqualProbability(na, nb, q) - full)).toBeLessThanOrEqual(1e-12 * Math.abs(full) + 1e-14);
    }
  });
  it("handles N = 2e9 quickly", () => {
    const b = rareEventBound({ n: 2_000_000_000, classes: 2, pOut: 1e-8 });
    expect(Number.isFinite(b.log10Probability)).toBe(true);
    expect(b.log10Probability).toBeLessThan(-1e6);
  });
});
