/**
 * Acceptance tests of the SBM sampler (src/graphs/sbm.ts) against the law SBM(N, C, π, P):
 *  - per block pair, the edge count summed over G graphs is Binomial(G·pairs, P[a][b]): |z| ≤ 5;
 *  - per node (no permutation), the degree summed over G graphs has the exact mean and variance of
 *    a sum of independent Bernoullis: max |z| over all nodes ≤ 5.5 (300 nodes: false alarm < 1e-5);
 *  - on a tiny graph, every single pair's frequency matches its probability (|z| ≤ 5): this catches
 *    a geometric-skipping walk that favours or misses particular pairs.
 * Graphs are checked to be valid CSR (symmetric, sorted, no loops) and reproducible.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { classSizes, sampleSbm, type SbmOptions } from "../../src/graphs/sbm.js";
import { classCounts, csrToEdges, edgeCount, hasEdge, validateCsr } from "../../src/graphs/csr.js";
import { GncError } from "../../src/util/errors.js";

/** The probability matrix the options describe (independent of the sampler's own resolution). */
function probMatrix(o: SbmOptions): number[][] {
  const C = o.classes;
  const base = o.probs ?? Array.from({ length: C }, (_, a) => Array.from({ length: C }, (_, b) => (a === b ? o.pIn! : o.pOut!)));
  return base.map((r) => r.map((p) => (o.pairSampling === "or" ? 2 * p - p * p : p)));
}

function blockCountTest(o: SbmOptions, G: number, seed: number): void {
  const C = o.classes;
  const P = probMatrix(o);
  const rng = Rng.seeded(seed);
  const obs = Array.from({ length: C }, () => new Float64Array(C));
  let sizes: Int32Array | null = null;
  for (let g = 0; g < G; g++) {
    const { graph, labels } = sampleSbm(o, rng);
    validateCsr(graph);
    const cnt = classCounts(labels, C);
    if (sizes) expect(Array.from(cnt)).toEqual(Array.from(sizes));
    sizes = cnt;
    const { src, dst } = csrToEdges(graph);
    for (let k = 0; k < src.length; k++) {
      const a = Math.min(labels[src[k]], labels[dst[k]]), b = Math.max(labels[src[k]], labels[dst[k]]);
      obs[a][b]++;
    }
  }
  for (let a = 0; a < C; a++) {
    for (let b = a; b < C; b++) {
      const pairs = G * (a === b ? (sizes![a] * (sizes![a] - 1)) / 2 : sizes![a] * sizes![b]);
      const p = P[a][b];
      const mean = pairs * p, sd = Math.sqrt(pairs * p * (1 - p));
      const z = sd > 0 ? (obs[a][b] - mean) / sd : obs[a][b] - mean;
      expect(Math.abs(z), `block (${a},${b}): observed ${obs[a][b]}, expected ${mean}`).toBeLessThanOrEqual(5);
    }
  }
}

describe("sampleSbm: edge counts per block pair match Binomial(pairs, P) over 200 graphs, N = 300 (|z| ≤ 5)", () => {
  const cases: [string, SbmOptions][] = [
    ["homophilic C=2", { n: 300, classes: 2, pIn: 0.05, pOut: 0.005 }],
    ["heterophilic C=2", { n: 300, classes: 2, pIn: 0.004, pOut: 0.04 }],
    ["homophilic C=4, unequal prior", { n: 300, classes: 4, pIn: 0.08, pOut: 0.01, prior: [0.1, 0.2, 0.3, 0.4] }],
    ["heterophilic C=4", { n: 300, classes: 4, pIn: 0.01, pOut: 0.06 }],
    ["full matrix C=3", { n: 300, classes: 3, probs: [[0.1, 0.02, 0.0], [0.02, 0.03, 0.07], [0.0, 0.07, 0.5]], prior: [0.5, 0.3, 0.2] }],
    ["'or' quirk (2p − p²), C=2", { n: 300, classes: 2, pIn: 0.2, pOut: 0.05, pairSampling: "or" }],
    ["'or' quirk, C=4 unequal", { n: 300, classes: 4, pIn: 0.3, pOut: 0.02, pairSampling: "or", prior: [0.4, 0.3, 0.2, 0.1] }],
  ];
  cases.forEach(([name, o], i) => it(name, () => blockCountTest(o, 200, 100 + i)));
});

describe("sampleSbm: per-node and per-pair uniformity", () => {
  it("degree of every node (block layout) has the exact mean and variance over 300 graphs (max |z| ≤ 5.5)", () => {
    const o: SbmOptions = { n: 300, classes: 3, pIn: 0.06, pOut: 0.02, prior: [0.2, 0.3, 0.5], permute: false };
    const G = 300;
    const rng = Rng.seeded(11);
    const sizes = classSizes(300, o.prior!);
    const tot = new Float64Array(300);
    let labels: Int32Array = new Int32Array(0);
    for (let g = 0; g < G; g++) {
      const s = sampleSbm(o, rng);
      labels = s.labels;
      for (let i = 0; i < 300; i++) tot[i] += s.graph.rowPtr[i + 1] - s.graph.rowPtr[i];
    }
    // No permutation: labels are sorted by block.
    for (let i = 1; i < 300; i++) expect(labels[i]).toBeGreaterThanOrEqual(labels[i - 1]);
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      let mean = 0, varr = 0;
      for (let c = 0; c < 3; c++) {
        const p = c === labels[i] ? o.pIn! : o.pOut!;
        const cnt = sizes[c] - (c === labels[i] ? 1 : 0);
        mean += cnt * p;
        varr += cnt * p * (1 - p);
      }
      worst = Math.max(worst, Math.abs(tot[i] - G * mean) / Math.sqrt(G * varr));
    }
    expect(worst).toBeLessThanOrEqual(5.5);
  });

  it("every pair of a tiny graph (N = 8, sizes 3 + 5) appears with its own probability (|z| ≤ 5 over 28 pairs)", () => {
    const o: SbmOptions = { n: 8, classes: 2, pIn: 0.3, pOut: 0.55, prior: [0.4, 0.6], permute: false };
    const sizes = classSizes(8, [0.4, 0.6]);
    expect(Array.from(sizes)).toEqual([3, 5]);
    const G = 20_000;
    const rng = Rng.seeded(12);
    const freq = new Float64Array(64);
    for (let g = 0; g < G; g++) {
      const { graph } = sampleSbm(o, rng);
      for (let i = 0; i < 8; i++) for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) freq[i * 8 + graph.cols[p]]++;
    }
    for (let i = 0; i < 8; i++) {
      for (let j = i + 1; j < 8; j++) {
        const p = (i < 3) === (j < 3) ? 0.3 : 0.55;
        const z = (freq[i * 8 + j] - G * p) / Math.sqrt(G * p * (1 - p));
        expect(Math.abs(z), `pair (${i},${j})`).toBeLessThanOrEqual(5);
      }
    }
  });

  it("p = 1 gives complete blocks, p = 0 gives none", () => {
    const { graph, labels } = sampleSbm({ n: 12, classes: 3, pIn: 1, pOut: 0 }, Rng.seeded(1));
    validateCsr(graph);
    expect(edgeCount(graph)).toBe(3 * 6);
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) if (i !== j) expect(hasEdge(graph, i, j)).toBe(labels[i] === labels[j]);
    const full = sampleSbm({ n: 10, classes: 2, pIn: 1, pOut: 1 }, Rng.seeded(1));
    expect(edgeCount(full.graph)).toBe(45);
  });
});

describe("sampleSbm: reproducibility and class sizes", () => {
  it("same seed → identical graph and labels; another seed → different", () => {
    const o: SbmOptions = { n: 500, classes: 2, pIn: 0.03, pOut: 0.004 };
    const a = sampleSbm(o, Rng.seeded(5)), b = sampleSbm(o, Rng.seeded(5)), c = sampleSbm(o, Rng.seeded(6));
    expect(Array.from(a.graph.rowPtr)).toEqual(Array.from(b.graph.rowPtr));
    expect(Array.from(a.graph.cols)).toEqual(Array.from(b.graph.cols));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.graph.cols)).not.toEqual(Array.from(c.graph.cols));
  });

  it("permutation scatters the classes (labels are not sorted)", () => {
    const { labels } = sampleSbm({ n: 200, classes: 2, pIn: 0.05, pOut: 0.01 }, Rng.seeded(2));
    let changes = 0;
    for (let i = 1; i < 200; i++) if (labels[i] !== labels[i - 1]) changes++;
    expect(changes).toBeGreaterThan(50);
  });

  it("classSizes: floor(N·π_c), the last class takes the remainder", () => {
    expect(Array.from(classSizes(1000, [1 / 3, 1 / 3, 1 / 3]))).toEqual([333, 333, 334]);
    expect(Array.from(classSizes(10, [0.3, 0.7]))).toEqual([3, 7]);
    expect(Array.from(classSizes(7, [0.5, 0.5]))).toEqual([3, 4]);
    const pri = [0.15, 0.35, 0.5];
    const s = classSizes(1001, pri);
    expect(s[0]).toBe(Math.floor(1001 * 0.15));
    expect(s[1]).toBe(Math.floor(1001 * 0.35));
    expect(s[0] + s[1] + s[2]).toBe(1001);
  });
});

describe("sampleSbm: input validation (GncError, one line, module prefix)", () => {
  const bad: [string, SbmOptions, RegExp][] = [
    ["p > 1", { n: 100, classes: 2, pIn: 1.2, pOut: 0.1 }, /pIn must be a probability/],
    ["q < 0", { n: 100, classes: 2, pIn: 0.2, pOut: -0.1 }, /pOut must be a probability/],
    ["NaN", { n: 100, classes: 2, pIn: NaN, pOut: 0.1 }, /pIn/],
    ["C < 2", { n: 100, classes: 1, pIn: 0.2, pOut: 0.1 }, /classes must be an integer ≥ 2/],
    ["N < C", { n: 3, classes: 4, pIn: 0.2, pOut: 0.1 }, /N must be an integer ≥ classes/],
    ["prior sum", { n: 100, classes: 2, pIn: 0.2, pOut: 0.1, prior: [0.3, 0.6] }, /prior must sum to 1/],
    ["prior negative", { n: 100, classes: 2, pIn: 0.2, pOut: 0.1, prior: [1.5, -0.5] }, /non-negative/],
    ["prior length", { n: 100, classes: 3, pIn: 0.2, pOut: 0.1, prior: [0.5, 0.5] }, /3 entries/],
    ["asymmetric probs", { n: 100, classes: 2, probs: [[0.1, 0.2], [0.3, 0.1]] }, /symmetric/],
    ["probs shape", { n: 100, classes: 2, probs: [[0.1, 0.2]] }, /2×2/],
    ["missing p", { n: 100, classes: 2 }, /pIn and pOut/],
  ];
  for (const [name, o, re] of bad) {
    it(name, () => {
      let err: unknown;
      try { sampleSbm(o, Rng.seeded(0)); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(GncError);
      expect((err as Error).message).toMatch(/^gnc\/graphs\/sbm: /);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain("\n");
    });
  }
});
