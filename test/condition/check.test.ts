/**
 * The condition checker (REFERENCE.md §5) against an obvious O(N²) dense-adjacency reference on many
 * random small graphs, including graphs built to satisfy the condition, and against an independent
 * float64 NC1 for the graded score.
 */
import { describe, it, expect } from "vitest";
import { Matrix as MlMatrix, pseudoInverse } from "ml-matrix";
import { checkCondition, neighbourClassCounts } from "../../src/condition/check.js";
import { countConditionHolds } from "../../src/condition/rare-event.js";
import { csrFromEdges, type CsrGraph } from "../../src/graphs/csr.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { sampleRegularSbm } from "../../src/graphs/regular-sbm.js";
import { Rng } from "../../src/util/rng.js";
import { GncError } from "../../src/util/errors.js";

interface Case { n: number; src: number[]; dst: number[]; labels: Int32Array; C: number }

function build(c: Case): CsrGraph {
  return csrFromEdges(c.n, c.src, c.dst).graph;
}

/** Dense reference: adjacency matrix from the raw edge list, K by O(N²·C) loops. */
function reference(c: Case) {
  const { n, C, labels } = c;
  const A: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  c.src.forEach((a, k) => {
    const b = c.dst[k];
    if (a !== b) { A[a][b] = 1; A[b][a] = 1; }
  });
  const K: number[][] = [], deg: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array(C).fill(0);
    let d = 0;
    for (let j = 0; j < n; j++) if (A[i][j]) { row[labels[j]]++; d++; }
    K.push(row);
    deg.push(d);
  }
  const frac = K.map((r, i) => r.map((x) => (deg[i] === 0 ? 0 : x / deg[i])));
  let satisfied = true, fractionSatisfied = true;
  const members: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]].push(i);
  const countTable = [], fractionTable = [];
  for (let a = 0; a < C; a++) {
    const cr = [], fr = [];
    for (let b = 0; b < C; b++) {
      const xs = members[a].map((i) => K[i][b]), fs = members[a].map((i) => frac[i][b]);
      if (xs.length === 0) { cr.push({ min: 0, max: 0 }); fr.push({ min: 0, max: 0 }); continue; }
      cr.push({ min: Math.min(...xs), max: Math.max(...xs) });
      fr.push({ min: Math.min(...fs), max: Math.max(...fs) });
      if (Math.min(...xs) !== Math.max(...xs)) satisfied = false;
      // Correctly rounded division: equal rationals give identical doubles, and distinct ones with
      // denominators this small differ by far more than an ulp.
      if (Math.min(...fs) !== Math.max(...fs)) fractionSatisfied = false;
    }
    countTable.push(cr);
    fractionTable.push(fr);
  }
  const modalViolators = (rows: string[]) => {
    const out: number[] = [];
    for (let a = 0; a < C; a++) {
      const cnt = new Map<string, number>(), first = new Map<string, number>();
      for (const i of members[a]) {
        cnt.set(rows[i], (cnt.get(rows[i]) ?? 0) + 1);
        if (!first.has(rows[i])) first.set(rows[i], i);
      }
      let best = "", bc = -1, bf = Infinity;
      for (const [k, v] of cnt) {
        const f = first.get(k)!;
        if (v > bc || (v === bc && f < bf)) { best = k; bc = v; bf = f; }
      }
      for (const i of members[a]) if (rows[i] !== best) out.push(i);
    }
    return out.sort((x, y) => x - y);
  };
  const violating = modalViolators(K.map((r) => r.join(",")));
  const fracViolating = modalViolators(frac.map((r) => r.join(",")));
  const isolated = deg.flatMap((d, i) => (d === 0 ? [i] : []));
  let edges = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges += A[i][j];
  return { K, frac, satisfied, fractionSatisfied, countTable, fractionTable, violating, fracViolating, isolated, edges };
}

/** Independent float64 NC1 = Tr(Σ_W Σ_B⁺)/C of rows X (N×C) with ml-matrix's pseudo-inverse. */
function nc1Reference(X: number[][], labels: Int32Array, C: number): { nc1: number; trB: number; trW: number } {
  const d = X[0].length, n = X.length;
  const mu = Array.from({ length: C }, () => new Array(d).fill(0));
  const cnt = new Array(C).fill(0);
  X.forEach((r, i) => { cnt[labels[i]]++; r.forEach((x, k) => (mu[labels[i]][k] += x)); });
  mu.forEach((m, c) => m.forEach((_, k) => (m[k] /= cnt[c])));
  const g = new Array(d).fill(0);
  mu.forEach((m) => m.forEach((x, k) => (g[k] += x / C)));
  const SW = MlMatrix.zeros(d, d), SB = MlMatrix.zeros(d, d);
  X.forEach((r, i) => {
    const v = r.map((x, k) => x - mu[labels[i]][k]);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SW.set(a, b, SW.get(a, b) + (v[a] * v[b]) / n);
  });
  mu.forEach((m) => {
    const v = m.map((x, k) => x - g[k]);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) SB.set(a, b, SB.get(a, b) + (v[a] * v[b]) / C);
  });
  return { nc1: SW.mmul(pseudoInverse(SB)).trace() / C, trB: SB.trace(), trW: SW.trace() };
}

function compare(c: Case) {
  const g = build(c);
  const r = checkCondition(g, c.labels, c.C);
  const ref = reference(c);
  const K = neighbourClassCounts(g, c.labels, c.C);
  expect(Array.from(K)).toEqual(ref.K.flat());
  expect(r.satisfied).toBe(ref.satisfied);
  expect(r.fractionSatisfied).toBe(ref.fractionSatisfied);
  expect(r.countTable).toEqual(ref.countTable);
  expect(r.fractionTable).toEqual(ref.fractionTable);
  expect(Array.from(r.violatingNodeIds)).toEqual(ref.violating);
  expect(r.violatingNodes).toBe(ref.violating.length);
  expect(Array.from(r.fractionViolatingNodeIds)).toEqual(ref.fracViolating);
  expect(Array.from(r.isolatedNodeIds)).toEqual(ref.isolated);
  expect(r.isolatedNodes).toBe(ref.isolated.length);
  expect(r.edges).toBe(ref.edges);
  expect(r.nodes).toBe(c.n);
  expect(r.satisfied).toBe(r.violatingNodes === 0);
  expect(r.fractionSatisfied).toBe(r.fractionViolatingNodes === 0);
  if (r.satisfied) expect(r.fractionSatisfied).toBe(true);
  expect(countConditionHolds(g, c.labels, c.C)).toBe(r.satisfied);
  // graded score
  if (r.fractionSatisfied) {
    expect(r.score).toBe(0);
    expect(r.scoreTilde).toBe(0);
  } else {
    expect(r.scoreTilde).toBeGreaterThan(0);
    const nonEmpty = r.classSizes.every((s) => s > 0);
    if (nonEmpty) {
      const o = nc1Reference(ref.frac, c.labels, c.C);
      expect(r.trSigmaB).toBeCloseTo(o.trB, 12);
      expect(r.trSigmaW).toBeCloseTo(o.trW, 12);
      if (o.trB > 1e-12) {
        expect(Math.abs(r.score - o.nc1)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(o.nc1)));
        expect(Math.abs(r.scoreTilde - o.trW / o.trB)).toBeLessThanOrEqual(1e-10 * Math.max(1, o.trW / o.trB)); // relative
      }
    }
  }
  return r;
}

function randomCase(rng: Rng): Case {
  const n = 2 + rng.int(14), C = 1 + rng.int(Math.min(4, n));
  const p = rng.uniform();
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) { src.push(i); dst.push(j); }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i < C ? i : rng.int(C);
  rng.shuffle(labels);
  return { n, src, dst, labels, C };
}

function fromGraph(g: CsrGraph, labels: Int32Array, C: number): Case {
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < g.n; i++) for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) if (g.cols[p] > i) { src.push(i); dst.push(g.cols[p]); }
  return { n: g.n, src, dst, labels, C };
}

describe("checkCondition vs a dense brute-force reference", () => {
  it("agrees on 300 random small graphs", () => {
    const rng = Rng.seeded(2024);
    let sat = 0, fsat = 0;
    for (let t = 0; t < 300; t++) {
      const r = compare(randomCase(rng));
      if (r.satisfied) sat++;
      if (r.fractionSatisfied) fsat++;
    }
    // the sample must contain both outcomes for the comparison to mean anything
    expect(sat).toBeGreaterThan(0);
    expect(sat).toBeLessThan(300);
    expect(fsat).toBeGreaterThan(sat);
  });

  it("regular SBMs (homophilic and heterophilic) satisfy it; removing one edge breaks it", () => {
    const rng = Rng.seeded(7);
    for (const [n, C, kIn, kOut] of [[40, 2, 3, 1], [60, 3, 2, 4], [48, 4, 0, 3], [30, 2, 4, 0]]) {
      const s = sampleRegularSbm({ n, classes: C, kIn, kOut }, rng);
      const c = fromGraph(s.graph, s.labels, C);
      const r = compare(c);
      expect(r.satisfied).toBe(true);
      expect(r.score).toBe(0);
      expect(r.modalCounts).toEqual(Array.from({ length: C }, (_, a) => Array.from({ length: C }, (_, b) => (a === b ? kIn : kOut))));
      // drop the first edge: its two endpoints now violate (their classes have > 2 nodes)
      const broken = { ...c, src: c.src.slice(1), dst: c.dst.slice(1) };
      const rb = compare(broken);
      expect(rb.satisfied).toBe(false);
      expect(Array.from(rb.violatingNodeIds)).toEqual([c.src[0], c.dst[0]].sort((a, b) => a - b));
    }
  });

  it("disjoint cliques of one class each satisfy it when clique sizes agree per class", () => {
    const rng = Rng.seeded(3);
    for (let t = 0; t < 20; t++) {
      const C = 1 + rng.int(3);
      const sizeOf = Array.from({ length: C }, () => 1 + rng.int(4));
      const src: number[] = [], dst: number[] = [], lab: number[] = [];
      for (let c = 0; c < C; c++) {
        for (let copy = 0; copy < 1 + rng.int(3); copy++) {
          const off = lab.length;
          for (let i = 0; i < sizeOf[c]; i++) lab.push(c);
          for (let i = 0; i < sizeOf[c]; i++) for (let j = i + 1; j < sizeOf[c]; j++) { src.push(off + i); dst.push(off + j); }
        }
      }
      const r = compare({ n: lab.length, src, dst, labels: Int32Array.from(lab), C });
      expect(r.satisfied).toBe(true);
    }
  });

  it("SBM samples and their relabellings agree with the reference", () => {
    const rng = Rng.seeded(9);
    for (let t = 0; t < 20; t++) {
      const s = sampleSbm({ n: 20 + rng.int(20), classes: 2 + rng.int(3), pIn: 0.3, pOut: 0.1 }, rng);
      compare(fromGraph(s.graph, s.labels, Math.max(...s.labels) + 1));
    }
  });

  it("fraction form without count form: K_{1,1} ∪ K_{2,2} split by side", () => {
    // nodes 0|1 form K_{1,1}; nodes 2,3|4,5 form K_{2,2}; class = side
    const c: Case = { n: 6, src: [0, 2, 2, 3, 3], dst: [1, 4, 5, 4, 5], labels: Int32Array.from([0, 1, 0, 0, 1, 1]), C: 2 };
    const r = compare(c);
    expect(r.satisfied).toBe(false);
    expect(r.fractionSatisfied).toBe(true);
    expect(r.score).toBe(0);
    expect(r.countTable[0][1]).toEqual({ min: 1, max: 2 });
    // modal row of class 0 is (0, 2) (two nodes), so node 0 violates; class 1 likewise node 1
    expect(Array.from(r.violatingNodeIds)).toEqual([0, 1]);
  });

  it("reports isolated nodes, treats them as zero fraction rows, and handles empty classes", () => {
    // triangle 0-1-2 of class 0, node 3 isolated of class 0, class 2 absent
    const c: Case = { n: 5, src: [0, 1, 0, 3], dst: [1, 2, 2, 4], labels: Int32Array.from([0, 0, 0, 1, 1]), C: 3 };
    const r = compare(c);
    expect(r.classSizes).toEqual([3, 2, 0]);
    expect(r.isolatedNodes).toBe(0);
    const c2: Case = { n: 5, src: [0, 1, 0], dst: [1, 2, 2], labels: Int32Array.from([0, 0, 0, 0, 1]), C: 3 };
    const r2 = compare(c2);
    expect(Array.from(r2.isolatedNodeIds)).toEqual([3, 4]);
    expect(r2.fractionSatisfied).toBe(false);
    expect(Array.from(r2.violatingNodeIds)).toEqual([3]);
    expect(r2.countTable[2][0]).toEqual({ min: 0, max: 0 });
  });

  it("Σ_B = 0 with within-class spread gives score +Infinity", () => {
    // one class: any spread is unmeasurable against zero between-class scatter
    const c: Case = { n: 4, src: [0, 1], dst: [1, 2], labels: new Int32Array(4), C: 1 };
    const r = compare(c);
    expect(r.fractionSatisfied).toBe(false);
    expect(r.score).toBe(Infinity);
  });

  it("rejects bad labels with a GncError", () => {
    const g = build({ n: 3, src: [0], dst: [1], labels: new Int32Array(3), C: 1 });
    expect(() => checkCondition(g, new Int32Array(2), 2)).toThrow(GncError);
    expect(() => checkCondition(g, Int32Array.from([0, 1, 2]), 2)).toThrow(/outside/);
    expect(() => checkCondition(g, Int32Array.from([0, -1, 0]))).toThrow(/negative/);
    expect(() => checkCondition(g, new Int32Array(3), 0)).toThrow(GncError);
    const asym: CsrGraph = { n: 3, rowPtr: Int32Array.from([0, 1, 2, 2]), cols: Int32Array.from([1, 2]) };
    expect(() => checkCondition(asym, new Int32Array(3), 1, { validate: true })).toThrow(/reverse/);
    const short: CsrGraph = { n: 3, rowPtr: Int32Array.from([0, 1, 2]), cols: Int32Array.from([1, 0]) };
    expect(() => checkCondition(short, new Int32Array(3), 1)).toThrow(GncError);
  });
});
