/**
 * The CSR graph type (src/graphs/csr.ts) against an obvious reference: a Set of "i,j" keys built
 * from the same random edge lists, with self-loops and duplicates (in both directions) mixed in.
 */
import { describe, expect, it } from "vitest";
import {
  classCounts, csrFromEdges, csrToEdges, degrees, edgeCount, hasEdge, permuteCsr, validateCsr, validateLabels,
} from "../../src/graphs/csr.js";
import { GncError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";

function randomEdges(n: number, m: number, rng: Rng): { src: number[]; dst: number[] } {
  const src: number[] = [], dst: number[] = [];
  for (let k = 0; k < m; k++) {
    const a = rng.int(n);
    const b = rng.uniform() < 0.05 ? a : rng.int(n); // some self-loops
    src.push(a); dst.push(b);
    if (rng.uniform() < 0.1) { src.push(b); dst.push(a); } // some reverse duplicates
  }
  return { src, dst };
}

function referenceSet(src: number[], dst: number[]): Set<string> {
  const s = new Set<string>();
  for (let k = 0; k < src.length; k++) {
    if (src[k] === dst[k]) continue;
    s.add(`${src[k]},${dst[k]}`);
    s.add(`${dst[k]},${src[k]}`);
  }
  return s;
}

describe("csrFromEdges", () => {
  it("matches a set-of-pairs reference on random multigraphs, counting self-loops and duplicates", () => {
    const rng = Rng.seeded(11);
    for (let t = 0; t < 50; t++) {
      const n = 1 + rng.int(40);
      const { src, dst } = randomEdges(n, rng.int(120), rng);
      const { graph, stats } = csrFromEdges(n, src, dst);
      const ref = referenceSet(src, dst);
      validateCsr(graph);
      expect(graph.cols.length).toBe(ref.size);
      expect(edgeCount(graph)).toBe(ref.size / 2);
      for (let i = 0; i < n; i++) {
        for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) expect(ref.has(`${i},${graph.cols[p]}`)).toBe(true);
      }
      const loops = src.filter((a, k) => a === dst[k]).length;
      expect(stats.selfLoops).toBe(loops);
      expect(stats.duplicates).toBe(src.length - loops - ref.size / 2);
      const deg = degrees(graph);
      for (let i = 0; i < n; i++) expect(deg[i]).toBe([...ref].filter((key) => key.startsWith(`${i},`)).length);
      for (let k = 0; k < 20; k++) {
        const i = rng.int(n), j = rng.int(n);
        expect(hasEdge(graph, i, j)).toBe(ref.has(`${i},${j}`));
      }
    }
  });

  it("round-trips through csrToEdges and keeps isolated nodes", () => {
    const { graph } = csrFromEdges(6, [0, 1, 3], [1, 2, 0]);
    const e = csrToEdges(graph);
    expect(Array.from(e.src)).toEqual([0, 0, 1]);
    expect(Array.from(e.dst)).toEqual([1, 3, 2]);
    expect(Array.from(degrees(graph))).toEqual([2, 2, 1, 1, 0, 0]);
    const again = csrFromEdges(6, e.src, e.dst).graph;
    expect(again.rowPtr).toEqual(graph.rowPtr);
    expect(again.cols).toEqual(graph.cols);
  });

  it("rejects ids outside 0..N−1 and non-integers with a GncError", () => {
    expect(() => csrFromEdges(3, [0], [3])).toThrow(GncError);
    expect(() => csrFromEdges(3, [-1], [0])).toThrow(/outside 0\.\.2/);
    expect(() => csrFromEdges(3, [0.5], [1])).toThrow(GncError);
    expect(() => csrFromEdges(3, [0, 1], [1])).toThrow(/different lengths/);
  });
});

describe("permuteCsr", () => {
  it("relabels node i as perm[i], preserving every edge", () => {
    const rng = Rng.seeded(3);
    const { src, dst } = randomEdges(30, 80, rng);
    const { graph } = csrFromEdges(30, src, dst);
    const perm = rng.permutation(30);
    const pg = permuteCsr(graph, perm);
    validateCsr(pg);
    expect(edgeCount(pg)).toBe(edgeCount(graph));
    for (let i = 0; i < 30; i++) {
      for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) expect(hasEdge(pg, perm[i], perm[graph.cols[p]])).toBe(true);
    }
  });
});

describe("validateCsr", () => {
  const ok = () => csrFromEdges(3, [0, 1], [1, 2]).graph;
  it("accepts a valid graph and names each kind of violation", () => {
    expect(() => validateCsr(ok())).not.toThrow();
    const asym = { n: 3, rowPtr: Int32Array.from([0, 1, 1, 1]), cols: Int32Array.from([1]) };
    expect(() => validateCsr(asym)).toThrow(/no reverse/);
    const loop = { n: 2, rowPtr: Int32Array.from([0, 1, 1]), cols: Int32Array.from([0]) };
    expect(() => validateCsr(loop)).toThrow(/self-loop/);
    const unsorted = { n: 3, rowPtr: Int32Array.from([0, 2, 3, 4]), cols: Int32Array.from([2, 1, 0, 0]) };
    expect(() => validateCsr(unsorted)).toThrow(/not strictly sorted/);
    const badPtr = { n: 3, rowPtr: Int32Array.from([0, 1, 2]), cols: Int32Array.from([1, 0]) };
    expect(() => validateCsr(badPtr)).toThrow(/N \+ 1/);
  });
});

describe("labels", () => {
  it("validates length and range, infers C, counts classes", () => {
    const y = Int32Array.from([0, 2, 1, 2]);
    expect(validateLabels(y, 4)).toBe(3);
    expect(Array.from(classCounts(y, 3))).toEqual([1, 1, 2]);
    expect(() => validateLabels(y, 5)).toThrow(/4 entries but the graph has 5 nodes/);
    expect(() => validateLabels(y, 4, 2)).toThrow(/outside 0\.\.1/);
    expect(() => validateLabels(Int32Array.from([0, -1]), 2)).toThrow(/negative/);
  });
});
