/**
 * The structural condition for exact collapse (REFERENCE.md §5; Kothapalli, Tirer, Bruna, NeurIPS
 * 2023, "A Neural Collapse Perspective on Feature Evolution in GNNs", condition C).
 *
 * Condition C (equitable partition): for every pair of classes (c, c'), all nodes of class c have the
 * same number of neighbours in class c'. With K = A·E (N×C neighbour-class counts) it holds iff for
 * every class c and column c', max − min of K[i, c'] over nodes i of class c is 0. The test is on
 * integers, so it is exact.
 *
 * Also reported:
 * - the "fraction" form: rows K[i,:]/deg_i (= rows of ÂE with Â = D⁻¹A, what mean aggregation sees)
 *   constant within each class. Decided exactly on integers: K[i,:]/d_i = K[j,:]/d_j as rationals iff
 *   K[i,c']·d_j = K[j,c']·d_i for every c' (cross-multiplication; products < 2^53 or BigInt).
 *   Isolated nodes (degree 0): mean aggregation gives them the zero row (REFERENCE §2), so their
 *   fraction row is 0 — equal to another isolated node's, different from any node with neighbours.
 *   The count form implies the fraction form (equal counts ⇒ equal degrees ⇒ equal fractions).
 * - a graded violation score: NC1 = Tr(Σ_W Σ_B⁺)/C (Papyan et al. 2020) of the fraction rows with the
 *   node labels. It is set to exactly 0 when the fraction form holds (the float rows are then
 *   bit-identical within a class; only the rounding of the class-mean sum could make it ~1e-33).
 *   Degenerate case: when the fraction form fails but Tr Σ_B = 0 (all class means equal: the classes
 *   are indistinguishable to mean aggregation, yet nodes in a class differ) the score is +Infinity,
 *   the ε → 0 limit of Tr(Σ_W (Σ_B + εI)⁻¹)/C. `scoreTilde` = Tr Σ_W / Tr Σ_B is > 0 whenever the
 *   fraction form fails (it also sees within-class spread outside the span of Σ_B, which the
 *   pseudo-inverse ignores). Classes with no nodes are left out of the score.
 * - violating nodes: per class, the modal count row is the count row K[i,:] shared by the most nodes
 *   of that class (ties: the row whose first node has the lowest index). A node violates when its
 *   count row differs from its class's modal row. Count form holds ⇔ no violating node. The same is
 *   done for the fraction form on canonical reduced rows (K[i,:], d_i)/gcd.
 *
 * Cost O(N·C + m) time (plus O(N·C²) for the score's C×C covariances), O(N·C) memory.
 */
import type { CsrGraph } from "../graphs/csr.js";
import { classCounts, validateCsr, validateLabels } from "../graphs/csr.js";
import { GncError } from "../util/errors.js";
import { classStatistics } from "../collapse/stats.js";
import { nc1Pinv } from "../collapse/nc1.js";

const MOD = "gnc/condition";

/** min and max of one (class, column) entry over the nodes of the class. */
export interface Spread {
  min: number;
  max: number;
}

export interface ConditionReport {
  /** Count form of condition C (exact integer test). */
  satisfied: boolean;
  /** Fraction form: K[i,:]/deg_i constant within each class (exact rational test). */
  fractionSatisfied: boolean;
  /** C×C: countTable[c][c'] = min/max over nodes i of class c of K[i, c']. Empty class: {0, 0}. */
  countTable: Spread[][];
  /** C×C: the same for K[i, c']/deg_i (isolated nodes count as 0 rows). */
  fractionTable: Spread[][];
  /** Graded violation: NC1 of the fraction rows (0 iff fraction form holds, +Infinity if Tr Σ_B = 0). */
  score: number;
  /** Tr Σ_W / Tr Σ_B of the fraction rows (0 when fraction form holds, +Infinity if Tr Σ_B = 0). */
  scoreTilde: number;
  trSigmaW: number;
  trSigmaB: number;
  /** Number of nodes whose count row differs from their class's modal count row. */
  violatingNodes: number;
  /** Their indices (0-based, ascending). */
  violatingNodeIds: Int32Array;
  /** Same for the fraction form (canonical reduced rows). */
  fractionViolatingNodes: number;
  fractionViolatingNodeIds: Int32Array;
  /** C×C: the modal count row of each class (row c is class c's modal K row; zeros for an empty class). */
  modalCounts: number[][];
  /** Number of isolated nodes (degree 0) and their indices. */
  isolatedNodes: number;
  isolatedNodeIds: Int32Array;
  nodes: number;
  edges: number;
  classes: number;
  classSizes: number[];
}

/**
 * Neighbour-class counts K = A·E, Int32Array N×C row-major (K[i*C + c] = number of neighbours of i in
 * class c). O(N·C + m). Labels are trusted here (0..C−1); checkCondition validates them.
 */
export function neighbourClassCounts(graph: CsrGraph, labels: Int32Array, classes: number): Int32Array {
  const { n, rowPtr, cols } = graph;
  const K = new Int32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const base = i * classes;
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) K[base + labels[cols[p]]]++;
  }
  return K;
}

/**
 * Group equal rows within each class: rep[i] = the lowest-index node of the same class whose W-wide
 * row in `rows` equals node i's. Open addressing on a hash of (class, row); expected O(N·W).
 */
function representatives(rows: Int32Array, W: number, labels: Int32Array): Int32Array {
  const n = labels.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const rep = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * W;
    let h = Math.imul(labels[i] ^ 0x9e3779b9, 0x85ebca6b);
    for (let k = 0; k < W; k++) h = Math.imul(h ^ rows[base + k], 0x01000193) ^ (h >>> 15);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & mask;
    for (;;) {
      const j = table[slot];
      if (j < 0) {
        table[slot] = i;
        rep[i] = i;
        break;
      }
      if (labels[j] === labels[i] && rowsEqual(rows, W, i, j)) {
        rep[i] = j;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return rep;
}

function rowsEqual(rows: Int32Array, W: number, i: number, j: number): boolean {
  const a = i * W, b = j * W;
  for (let k = 0; k < W; k++) if (rows[a + k] !== rows[b + k]) return false;
  return true;
}

/**
 * From representatives, the modal representative of each class (most members; ties → lowest index)
 * and the ascending list of nodes whose representative is not their class's modal one.
 */
function modalViolations(rep: Int32Array, labels: Int32Array, classes: number): { modal: Int32Array; violating: Int32Array } {
  const n = labels.length;
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) count[rep[i]]++;
  const modal = new Int32Array(classes).fill(-1);
  // Representatives are first occurrences, so scanning i ascending breaks ties by lowest index.
  for (let i = 0; i < n; i++) {
    if (rep[i] !== i) continue;
    const c = labels[i];
    if (modal[c] < 0 || count[i] > count[modal[c]]) modal[c] = i;
  }
  let v = 0;
  for (let i = 0; i < n; i++) if (rep[i] !== modal[labels[i]]) v++;
  const violating = new Int32Array(v);
  v = 0;
  for (let i = 0; i < n; i++) if (rep[i] !== modal[labels[i]]) violating[v++] = i;
  return { modal, violating };
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Exact test K[i,:]/d_i == K[j,:]/d_j by cross-multiplication (both degrees > 0). Entries are
 * bounded by the degrees, so the products are exact doubles while maxDeg² < 2^53; beyond, BigInt.
 */
function fractionRowsEqual(K: Int32Array, C: number, i: number, di: number, j: number, dj: number, exactDouble: boolean): boolean {
  const a = i * C, b = j * C;
  if (exactDouble) {
    for (let k = 0; k < C; k++) if (K[a + k] * dj !== K[b + k] * di) return false;
    return true;
  }
  const Di = BigInt(di), Dj = BigInt(dj);
  for (let k = 0; k < C; k++) if (BigInt(K[a + k]) * Dj !== BigInt(K[b + k]) * Di) return false;
  return true;
}

export interface CheckOptions {
  /**
   * Run the full CSR invariant check (sorted, symmetric, no self-loops; O(m log d), ~1 s for
   * m = 5e6) before checking. Off by default: gnc's readers and samplers build valid CSR, and only
   * the O(1) shape checks run.
   */
  validate?: boolean;
}

/**
 * Check condition C (count and fraction forms) on a labelled graph and grade the violation.
 * graph: CSR (N nodes); labels: Int32Array(N) in 0..classes−1; classes ≥ 1 (default max label + 1).
 */
export function checkCondition(graph: CsrGraph, labels: Int32Array, classes?: number, opts: CheckOptions = {}): ConditionReport {
  if (!graph || !(graph.rowPtr instanceof Int32Array) || !(graph.cols instanceof Int32Array)) {
    throw new GncError(`${MOD}: graph must be a CsrGraph`);
  }
  const { rowPtr: rp, cols: cs } = graph;
  if (!(Number.isInteger(graph.n) && rp.length === graph.n + 1 && rp[0] === 0 && rp[graph.n] === cs.length && cs.length % 2 === 0)) {
    throw new GncError(`${MOD}: graph is not a valid symmetric CSR (rowPtr must run from 0 to cols.length, N + 1 entries)`);
  }
  if (opts.validate) validateCsr(graph);
  if (!(labels instanceof Int32Array)) throw new GncError(`${MOD}: labels must be an Int32Array`);
  if (classes !== undefined && !(Number.isInteger(classes) && classes >= 1)) {
    throw new GncError(`${MOD}: classes must be an integer ≥ 1, got ${classes}`);
  }
  const C = validateLabels(labels, graph.n, classes);
  if (C < 1) throw new GncError(`${MOD}: the graph has no nodes`);
  const n = graph.n;
  const { rowPtr } = graph;
  const K = neighbourClassCounts(graph, labels, C);
  const sizes = classCounts(labels, C);

  // Count table and isolated nodes in one pass.
  const cmin = new Int32Array(C * C).fill(2 ** 31 - 1);
  const cmax = new Int32Array(C * C).fill(-1);
  const fmin = new Float64Array(C * C).fill(Infinity);
  const fmax = new Float64Array(C * C).fill(-Infinity);
  const F = new Float64Array(n * C);
  let isolated = 0;
  let maxDeg = 0;
  for (let i = 0; i < n; i++) {
    const d = rowPtr[i + 1] - rowPtr[i];
    if (d === 0) isolated++;
    if (d > maxDeg) maxDeg = d;
    const t = labels[i] * C, base = i * C;
    for (let k = 0; k < C; k++) {
      const x = K[base + k];
      if (x < cmin[t + k]) cmin[t + k] = x;
      if (x > cmax[t + k]) cmax[t + k] = x;
      const f = d === 0 ? 0 : x / d;
      F[base + k] = f;
      if (f < fmin[t + k]) fmin[t + k] = f;
      if (f > fmax[t + k]) fmax[t + k] = f;
    }
  }
  const isolatedNodeIds = new Int32Array(isolated);
  for (let i = 0, w = 0; i < n; i++) if (rowPtr[i + 1] === rowPtr[i]) isolatedNodeIds[w++] = i;

  let satisfied = true;
  const countTable: Spread[][] = [];
  const fractionTable: Spread[][] = [];
  for (let c = 0; c < C; c++) {
    const cr: Spread[] = [], fr: Spread[] = [];
    for (let k = 0; k < C; k++) {
      const t = c * C + k;
      if (sizes[c] === 0) {
        cr.push({ min: 0, max: 0 });
        fr.push({ min: 0, max: 0 });
        continue;
      }
      if (cmax[t] !== cmin[t]) satisfied = false;
      cr.push({ min: cmin[t], max: cmax[t] });
      fr.push({ min: fmin[t], max: fmax[t] });
    }
    countTable.push(cr);
    fractionTable.push(fr);
  }

  // Fraction form: compare every node with the first node of its class (exact rationals).
  const exactDouble = maxDeg * maxDeg < 2 ** 53;
  const first = new Int32Array(C).fill(-1);
  let fractionSatisfied = true;
  for (let i = 0; i < n && fractionSatisfied; i++) {
    const c = labels[i];
    if (first[c] < 0) {
      first[c] = i;
      continue;
    }
    const j = first[c];
    const di = rowPtr[i + 1] - rowPtr[i], dj = rowPtr[j + 1] - rowPtr[j];
    if (di === 0 || dj === 0) fractionSatisfied = di === dj;
    else fractionSatisfied = fractionRowsEqual(K, C, i, di, j, dj, exactDouble);
  }

  // Violating nodes against the modal count row of each class.
  const countRep = representatives(K, C, labels);
  const { modal, violating } = modalViolations(countRep, labels, C);
  const modalCounts: number[][] = [];
  for (let c = 0; c < C; c++) {
    const row: number[] = [];
    for (let k = 0; k < C; k++) row.push(modal[c] < 0 ? 0 : K[modal[c] * C + k]);
    modalCounts.push(row);
  }

  // Fraction violations: canonical rows (K[i,:], d_i) / gcd(K[i,:], d_i); isolated → all zeros.
  const W = C + 1;
  const canon = new Int32Array(n * W);
  for (let i = 0; i < n; i++) {
    const d = rowPtr[i + 1] - rowPtr[i];
    if (d === 0) continue;
    let g = d;
    const base = i * C;
    for (let k = 0; k < C && g !== 1; k++) g = gcd(K[base + k], g);
    const o = i * W;
    for (let k = 0; k < C; k++) canon[o + k] = K[base + k] / g;
    canon[o + C] = d / g;
  }
  const fracViol = modalViolations(representatives(canon, W, labels), labels, C).violating;

  // Graded score on the fraction rows, over non-empty classes only (classStatistics needs them all).
  const { score, scoreTilde, trSigmaW, trSigmaB } = gradedScore(F, labels, C, sizes, fractionSatisfied);

  return {
    satisfied,
    fractionSatisfied,
    countTable,
    fractionTable,
    score,
    scoreTilde,
    trSigmaW,
    trSigmaB,
    violatingNodes: violating.length,
    violatingNodeIds: violating,
    fractionViolatingNodes: fracViol.length,
    fractionViolatingNodeIds: fracViol,
    modalCounts,
    isolatedNodes: isolated,
    isolatedNodeIds,
    nodes: n,
    edges: graph.cols.length / 2,
    classes: C,
    classSizes: Array.from(sizes),
  };
}

function gradedScore(
  F: Float64Array,
  labels: Int32Array,
  C: number,
  sizes: Int32Array,
  fractionSatisfied: boolean,
): { score: number; scoreTilde: number; trSigmaW: number; trSigmaB: number } {
  const remap = new Int32Array(C).fill(-1);
  let Ce = 0;
  for (let c = 0; c < C; c++) if (sizes[c] > 0) remap[c] = Ce++;
  let y = labels;
  if (Ce !== C) {
    y = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) y[i] = remap[labels[i]];
  }
  const stats = classStatistics({ data: F, rows: labels.length, cols: C }, y, Ce);
  const { trSigmaW, trSigmaB } = stats;
  if (fractionSatisfied) return { score: 0, scoreTilde: 0, trSigmaW, trSigmaB };
  if (!(trSigmaB > 0)) return { score: Infinity, scoreTilde: Infinity, trSigmaW, trSigmaB };
  return { score: nc1Pinv(stats), scoreTilde: trSigmaW / trSigmaB, trSigmaW, trSigmaB };
}
