/**
 * Tests of the regular-SBM sampler (src/graphs/regular-sbm.ts): every node has exactly k_in
 * neighbours in its class and k_out in each other class (checked against the count matrix K = A·E
 * computed here from the CSR), the graph is simple (validateCsr), the degree rule of REFERENCE §1,
 * reproducibility, impossible settings, and — because the sampler is exchangeable in the nodes —
 * every possible edge of a small block appears with frequency k/(n−1) (|z| ≤ 5).
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { sampleRegularSbm, type RegularSbmOptions } from "../../src/graphs/regular-sbm.js";
import { classSizes } from "../../src/graphs/sbm.js";
import { classCounts, edgeCount, validateCsr } from "../../src/graphs/csr.js";
import { GncError } from "../../src/util/errors.js";

/** Assert the equitable partition: K[i][c] = kIn for c = y_i, kOut otherwise. */
function expectEquitable(o: RegularSbmOptions, seed: number): { kIn: number; kOut: number } {
  const { graph, labels, kIn, kOut } = sampleRegularSbm(o, Rng.seeded(seed));
  validateCsr(graph);
  const C = o.classes;
  expect(graph.n).toBe(o.n);
  const sizes = classCounts(labels, C);
  expect(Array.from(sizes)).toEqual(Array.from(classSizes(o.n, o.prior ?? new Array(C).fill(1 / C))));
  const K = new Int32Array(C);
  let bad = 0;
  for (let i = 0; i < graph.n; i++) {
    K.fill(0);
    for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) K[labels[graph.cols[p]]]++;
    for (let c = 0; c < C; c++) if (K[c] !== (c === labels[i] ? kIn : kOut)) bad++;
  }
  expect(bad).toBe(0);
  let expectedM = 0;
  for (let c = 0; c < C; c++) expectedM += (sizes[c] * kIn) / 2 + (sizes[c] * kOut * (C - 1)) / 2;
  expect(edgeCount(graph)).toBe(expectedM);
  return { kIn, kOut };
}

describe("sampleRegularSbm: exactly regular per block, simple", () => {
  const cases: [string, RegularSbmOptions, number, number][] = [
    ["paper homophilic C=2 (k = ceil(pN/C))", { n: 1000, classes: 2, pIn: 0.025, pOut: 0.0017 }, 13, 1],
    ["paper heterophilic C=2", { n: 1000, classes: 2, pIn: 0.0017, pOut: 0.025 }, 1, 13],
    ["paper heterophilic C=4", { n: 1000, classes: 4, pIn: 0.0068, pOut: 0.1 }, 2, 25],
    // ceil(0.072·1500/4) = 27 is odd and n_c = 375 is odd, so k_in drops to 26.
    ["N=1500 C=4 homophilic (odd n_c)", { n: 1500, classes: 4, pIn: 0.072, pOut: 0.0048 }, 26, 2],
    ["dense blocks (complement path)", { n: 200, classes: 2, kIn: 70, kOut: 80 }, 70, 80],
    ["complete blocks", { n: 60, classes: 3, kIn: 19, kOut: 20 }, 19, 20],
    ["k_out = 0 with unequal classes", { n: 100, classes: 2, kIn: 4, kOut: 0, prior: [0.3, 0.7] }, 4, 0],
    ["k_in = 0", { n: 100, classes: 2, kIn: 0, kOut: 3 }, 0, 3],
    ["odd class size: derived odd k_in lowered to even", { n: 202, classes: 2, pIn: 0.025, pOut: 0.05 }, 2, 6],
  ];
  cases.forEach(([name, o, kIn, kOut], i) =>
    it(name, () => {
      const k = expectEquitable(o, 40 + i);
      expect(k).toEqual({ kIn, kOut });
    }),
  );

  it("same seed → identical graph; another seed → different", () => {
    const o: RegularSbmOptions = { n: 400, classes: 2, pIn: 0.01, pOut: 0.02 };
    const a = sampleRegularSbm(o, Rng.seeded(3)), b = sampleRegularSbm(o, Rng.seeded(3)), c = sampleRegularSbm(o, Rng.seeded(4));
    expect(Array.from(a.graph.cols)).toEqual(Array.from(b.graph.cols));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.graph.cols)).not.toEqual(Array.from(c.graph.cols));
  });
});

describe("sampleRegularSbm: edge marginals of a small block are k/(n−1) and k/n (|z| ≤ 5)", () => {
  it("8+8 nodes, k_in = 3, k_out = 2, 6000 graphs", () => {
    const n = 8, G = 6000;
    const rng = Rng.seeded(77);
    const freq = new Float64Array(256);
    for (let g = 0; g < G; g++) {
      const { graph } = sampleRegularSbm({ n: 16, classes: 2, kIn: 3, kOut: 2, permute: false }, rng);
      for (let i = 0; i < 16; i++) for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) freq[i * 16 + graph.cols[p]]++;
    }
    let worst = 0;
    for (let i = 0; i < 16; i++) {
      for (let j = i + 1; j < 16; j++) {
        const p = (i < n) === (j < n) ? 3 / (n - 1) : 2 / n;
        worst = Math.max(worst, Math.abs(freq[i * 16 + j] - G * p) / Math.sqrt(G * p * (1 - p)));
      }
    }
    expect(worst).toBeLessThanOrEqual(5);
  });
});

describe("sampleRegularSbm: impossible settings are GncErrors", () => {
  const bad: [string, RegularSbmOptions, RegExp][] = [
    ["k_in ≥ n_c", { n: 20, classes: 2, kIn: 10, kOut: 1 }, /kIn = 10 needs more than 10 nodes per class/],
    ["derived k_in ≥ n_c", { n: 20, classes: 2, pIn: 1, pOut: 0 }, /kIn = 10/],
    ["explicit odd k_in, odd class", { n: 22, classes: 2, kIn: 3, kOut: 1 }, /odd/],
    ["k_out > n_c", { n: 20, classes: 2, kIn: 2, kOut: 11 }, /exceeds the class size 10/],
    ["unequal class sizes with k_out > 0", { n: 100, classes: 2, kIn: 2, kOut: 1, prior: [0.4, 0.6] }, /equal class sizes/],
    ["C < 2", { n: 20, classes: 1, kIn: 2, kOut: 1 }, /classes/],
    ["N < C", { n: 2, classes: 3, kIn: 0, kOut: 0 }, /N must be/],
    ["p > 1", { n: 20, classes: 2, pIn: 1.5, pOut: 0.1 }, /pIn must be a probability/],
    ["negative k", { n: 20, classes: 2, kIn: -2, kOut: 1 }, /kIn must be an integer ≥ 0, got -2/],
    ["bad prior", { n: 20, classes: 2, kIn: 2, kOut: 1, prior: [0.2, 0.2] }, /prior must sum to 1/],
  ];
  for (const [name, o, re] of bad) {
    it(name, () => {
      let err: unknown;
      try { sampleRegularSbm(o, Rng.seeded(0)); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(GncError);
      expect((err as Error).message).toMatch(/^gnc\/graphs\/(regular-sbm|sbm): /);
      expect((err as Error).message).toMatch(re);
    });
  }
});
