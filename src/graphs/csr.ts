/**
 * The graph type every computation in gnc runs on: an undirected, symmetric adjacency without
 * self-loops in compressed sparse row form.
 *
 *   rowPtr: Int32Array(N + 1), cols: Int32Array(2m) — neighbours of i are cols[rowPtr[i] .. rowPtr[i+1]),
 *   sorted ascending, each undirected edge {i, j} stored twice (i→j and j→i).
 *   degree(i) = rowPtr[i+1] − rowPtr[i].
 *
 * Building from an edge list (`csrFromEdges`) is O(N + m) (counting sort by source, then a per-row
 * sort of the short neighbour lists). Duplicate edges (including the reverse direction given
 * separately) collapse to one; self-loops are dropped. Both are counted in the returned stats so
 * readers can warn about them.
 */
import { GncError } from "../util/errors.js";

export interface CsrGraph {
  /** Number of nodes N. */
  readonly n: number;
  /** Row pointers, length N + 1. */
  readonly rowPtr: Int32Array;
  /** Column indices, length 2m, sorted within each row. */
  readonly cols: Int32Array;
}

export interface BuildStats {
  /** Edges given (as listed). */
  given: number;
  /** Self-loops dropped. */
  selfLoops: number;
  /** Duplicates dropped (an edge listed more than once, in either direction). */
  duplicates: number;
}

/** Number of undirected edges m. */
export function edgeCount(g: CsrGraph): number {
  return g.cols.length / 2;
}

/** Degrees as Int32Array(N). */
export function degrees(g: CsrGraph): Int32Array {
  const d = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) d[i] = g.rowPtr[i + 1] - g.rowPtr[i];
  return d;
}

/**
 * Build a CSR graph from undirected edges given as parallel arrays (src[k], dst[k]), 0-based.
 * O(N + m). Self-loops are dropped; duplicates collapse.
 */
export function csrFromEdges(
  n: number,
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
): { graph: CsrGraph; stats: BuildStats } {
  if (!Number.isInteger(n) || n < 0) throw new GncError(`gnc/graphs/csr: node count must be a non-negative integer, got ${n}`);
  if (src.length !== dst.length) throw new GncError("gnc/graphs/csr: src and dst have different lengths");
  const mGiven = src.length;
  const count = new Int32Array(n + 1);
  let selfLoops = 0;
  for (let k = 0; k < mGiven; k++) {
    const a = src[k], b = dst[k];
    if (!(a >= 0 && a < n && b >= 0 && b < n && Number.isInteger(a) && Number.isInteger(b))) {
      throw new GncError(`gnc/graphs/csr: edge ${k} (${a}, ${b}) has a node id outside 0..${n - 1}`);
    }
    if (a === b) { selfLoops++; continue; }
    count[a + 1]++;
    count[b + 1]++;
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const fill = count.slice(0, n);
  const cols = new Int32Array(count[n]);
  for (let k = 0; k < mGiven; k++) {
    const a = src[k], b = dst[k];
    if (a === b) continue;
    cols[fill[a]++] = b;
    cols[fill[b]++] = a;
  }
  // Sort each row and drop duplicates, compacting in place.
  const rowPtr = new Int32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const s = count[i], e = count[i + 1];
    const row = cols.subarray(s, e);
    row.sort();
    rowPtr[i] = w;
    let prev = -1;
    for (let k = s; k < e; k++) {
      const c = cols[k];
      if (c !== prev) { cols[w++] = c; prev = c; }
    }
  }
  rowPtr[n] = w;
  const kept = cols.slice(0, w);
  const duplicates = mGiven - selfLoops - w / 2;
  return { graph: { n, rowPtr, cols: kept }, stats: { given: mGiven, selfLoops, duplicates } };
}

/** The edge list {i < j} of a CSR graph as parallel Int32Arrays. */
export function csrToEdges(g: CsrGraph): { src: Int32Array; dst: Int32Array } {
  const m = edgeCount(g);
  const src = new Int32Array(m), dst = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < g.n; i++) {
    for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) {
      const j = g.cols[p];
      if (j > i) { src[k] = i; dst[k] = j; k++; }
    }
  }
  return { src, dst };
}

/** Relabel nodes: node i of g becomes perm[i]. O(N + m). */
export function permuteCsr(g: CsrGraph, perm: Int32Array): CsrGraph {
  const { src, dst } = csrToEdges(g);
  for (let k = 0; k < src.length; k++) { src[k] = perm[src[k]]; dst[k] = perm[dst[k]]; }
  return csrFromEdges(g.n, src, dst).graph;
}

/**
 * Check the CSR invariants (sorted rows, symmetric, no self-loops, ids in range). O(m log d).
 * Throws a GncError naming the first violation. Use at boundaries where a CsrGraph comes from users.
 */
export function validateCsr(g: CsrGraph): void {
  const { n, rowPtr, cols } = g;
  if (rowPtr.length !== n + 1 || rowPtr[0] !== 0 || rowPtr[n] !== cols.length) {
    throw new GncError("gnc/graphs/csr: rowPtr must have N + 1 entries from 0 to cols.length");
  }
  for (let i = 0; i < n; i++) {
    if (rowPtr[i + 1] < rowPtr[i]) throw new GncError(`gnc/graphs/csr: rowPtr decreases at row ${i}`);
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = cols[p];
      if (j < 0 || j >= n) throw new GncError(`gnc/graphs/csr: node ${i} has neighbour ${j} outside 0..${n - 1}`);
      if (j === i) throw new GncError(`gnc/graphs/csr: self-loop at node ${i}`);
      if (p > rowPtr[i] && cols[p - 1] >= j) throw new GncError(`gnc/graphs/csr: row ${i} is not strictly sorted`);
      if (!hasEdge(g, j, i)) throw new GncError(`gnc/graphs/csr: edge ${i}→${j} has no reverse ${j}→${i}`);
    }
  }
}

/** Whether {i, j} is an edge (binary search in row i). */
export function hasEdge(g: CsrGraph, i: number, j: number): boolean {
  let lo = g.rowPtr[i], hi = g.rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = g.cols[mid];
    if (c === j) return true;
    if (c < j) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

/**
 * Labels y ∈ {0..C−1}^N as Int32Array; checks range and that every class is present when
 * `requireAll` (the collapse metrics need every class).
 */
export function validateLabels(labels: Int32Array, n: number, classes?: number, what = "labels"): number {
  if (labels.length !== n) throw new GncError(`gnc/graphs/labels: ${what} has ${labels.length} entries but the graph has ${n} nodes`);
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0) throw new GncError(`gnc/graphs/labels: ${what}: node ${i} has negative label ${c}`);
    if (c > max) max = c;
  }
  const C = classes ?? max + 1;
  if (max >= C) throw new GncError(`gnc/graphs/labels: ${what}: label ${max} is outside 0..${C - 1}`);
  return C;
}

/** Class sizes n_c for labels in 0..C−1. */
export function classCounts(labels: Int32Array, classes: number): Int32Array {
  const n = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) n[labels[i]]++;
  return n;
}
