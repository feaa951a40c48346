import { describe, expect, it } from "vitest";
import { allPermutations, hungarian, minCostAssignment } from "../../src/train/assignment.js";
import { argmaxRows, overlap, overlapFromPredictions } from "../../src/train/overlap.js";
import { Rng } from "../../src/util/rng.js";

/** Brute force over all permutations, written independently (Heap's algorithm). */
function bruteMin(cost: Float64Array, C: number): number {
  const a = Array.from({ length: C }, (_, i) => i);
  let best = Infinity;
  const visit = () => {
    let s = 0;
    for (let c = 0; c < C; c++) s += cost[c * C + a[c]];
    best = Math.min(best, s);
  };
  const c = new Array(C).fill(0);
  visit();
  let i = 0;
  while (i < C) {
    if (c[i] < i) {
      if (i % 2 === 0) [a[0], a[i]] = [a[i], a[0]];
      else [a[c[i]], a[i]] = [a[i], a[c[i]]];
      visit();
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return best;
}

describe("assignment", () => {
  it("enumerates C! distinct permutations", () => {
    for (const C of [1, 2, 3, 4, 5]) {
      const ps = allPermutations(C);
      const fact = [1, 1, 2, 6, 24, 120][C];
      expect(ps.length).toBe(fact);
      expect(new Set(ps.map((p) => Array.from(p).join(","))).size).toBe(fact);
    }
  });

  it("minCostAssignment and hungarian match brute force on random costs (C = 2..8)", () => {
    const rng = Rng.seeded(7);
    for (let trial = 0; trial < 60; trial++) {
      const C = 2 + (trial % 7);
      const cost = new Float64Array(C * C);
      // Integer costs make ties likely, which the value comparison must survive.
      for (let k = 0; k < C * C; k++) cost[k] = trial % 2 ? rng.int(5) : rng.normal();
      const ref = bruteMin(cost, C);
      const a = minCostAssignment(cost, C);
      const h = hungarian(cost, C);
      expect(a.cost).toBeCloseTo(ref, 10);
      expect(h.cost).toBeCloseTo(ref, 10);
      // The returned permutation is a permutation and attains the returned cost.
      for (const r of [a, h]) {
        expect(new Set(r.perm).size).toBe(C);
        let s = 0;
        for (let c = 0; c < C; c++) s += cost[c * C + r.perm[c]];
        expect(s).toBeCloseTo(r.cost, 10);
      }
    }
  });
});

describe("overlap", () => {
  it("is 1 for any relabelling of the truth and ~0 at chance", () => {
    const rng = Rng.seeded(3);
    const C = 3, n = 3000;
    const labels = new Int32Array(n).map(() => rng.int(C));
    const sigma = [2, 0, 1];
    const pred = labels.map((y) => sigma[y]);
    expect(overlapFromPredictions(pred, labels, C).overlap).toBe(1);
    const random = new Int32Array(n).map(() => rng.int(C));
    expect(Math.abs(overlapFromPredictions(random, labels, C).overlap)).toBeLessThan(0.05);
  });

  it("matches a brute-force max over permutations of the accuracy", () => {
    const rng = Rng.seeded(11);
    for (let t = 0; t < 20; t++) {
      const C = 2 + (t % 4), n = 50;
      const out = new Float32Array(n * C).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(C));
      const pred = argmaxRows(out, n, C);
      let best = 0;
      for (const p of allPermutations(C)) {
        let hit = 0;
        for (let i = 0; i < n; i++) if (pred[i] === p[labels[i]]) hit++;
        best = Math.max(best, hit / n);
      }
      const r = overlap(out, labels, C);
      expect(r.accuracy).toBeCloseTo(best, 12);
      expect(r.overlap).toBeCloseTo((best - 1 / C) / (1 - 1 / C), 12);
    }
  });
});
