/**
 * Regular SBM: an equitable partition, sampled at random (REFERENCE.md §1, the "SBMRegular" graphs
 * of Kothapalli, Tirer & Bruna 2023). Every node of class c has exactly k_in neighbours in its own
 * class and exactly k_out neighbours in every other class, so the exact-collapse condition (§5)
 * holds by construction.
 *
 *   intra-class block c : a random simple k_in-regular graph on the n_c nodes of c;
 *   cross block (a, b)  : a random simple k_out-regular bipartite graph between a and b (by König's
 *                         theorem exactly a union of k_out perfect matchings without repeated edges,
 *                         which is how the reference builds it; it therefore needs n_a = n_b).
 *
 * Degrees from probabilities as in the reference: k_in = ceil(p·N/C), k_out = ceil(q·N/C) (the
 * product evaluated in that order, so the doubles agree with Python's). A k-regular graph on n nodes
 * needs k·n even: when the derived k_in is odd and some class size is odd, k_in is lowered by one
 * (one k_in for all classes); an explicit odd kIn with an odd class size is an error.
 *
 * Random regular graphs come from the Steger–Wormald pairing ("Generating random regular graphs
 * quickly", Combin. Probab. Comput. 8, 1999), the algorithm networkx.random_regular_graph uses:
 * shuffle the k·n stubs, pair them, keep the pairs that are neither loops nor repeats, re-pair the
 * rest, restart when no valid pair is left. Dense blocks (k > (n−1)/2) are sampled as the complement
 * of a sparse one, where the pairing is fast.
 */
import { Rng } from "../util/rng.js";
import { GncError } from "../util/errors.js";
import { checkProbability, checkSize } from "../util/validate.js";
import { EdgeBuffer, finishSample, validatePrior, classSizes, type SbmSample } from "./sbm.js";

export interface RegularSbmOptions {
  /** Number of nodes N. */
  n: number;
  /** Number of classes C ≥ 2. */
  classes: number;
  /** Within-class probability p: k_in = ceil(p·N/C) unless kIn is given. */
  pIn?: number;
  /** Between-class probability q: k_out = ceil(q·N/C) unless kOut is given. */
  pOut?: number;
  /** Class prior (default uniform). Cross blocks with k_out > 0 need equal class sizes. */
  prior?: number[];
  /** Randomly permute the node order (default true). */
  permute?: boolean;
  /** Explicit within-class degree (overrides pIn). */
  kIn?: number;
  /** Explicit degree towards each other class (overrides pOut). */
  kOut?: number;
  /** Called about every million edges with (edges so far, total): progress for big graphs. */
  onProgress?: (edges: number, total: number) => void;
}

export interface RegularSbmSample extends SbmSample {
  kIn: number;
  kOut: number;
}

const MOD = "graphs/regular-sbm";
const MAX_RESTARTS = 1000;

function fail(what: string): never {
  throw new GncError(`gnc/${MOD}: ${what}`);
}

/** Is v among the first deg[u] entries of u's slot row adj[u·k …]? O(k). */
function has(adj: Int32Array, deg: Int32Array, k: number, u: number, v: number): boolean {
  const s = u * k, e = s + deg[u];
  for (let t = s; t < e; t++) if (adj[t] === v) return true;
  return false;
}

/**
 * One Steger–Wormald attempt at a simple k-regular graph on n nodes (k·n even, k < n).
 * Returns the slot rows adj (n×k, neighbours of u in adj[u·k … u·k+k)) or null on a dead end.
 */
function tryRegular(n: number, k: number, rng: Rng): Int32Array | null {
  const adj = new Int32Array(n * k), deg = new Int32Array(n);
  const stubs = new Int32Array(n * k);
  for (let u = 0, t = 0; u < n; u++) for (let r = 0; r < k; r++) stubs[t++] = u;
  let len = n * k;
  const pot = new Int32Array(n);
  while (len > 0) {
    rng.shuffle(stubs.subarray(0, len));
    const touched: number[] = [];
    for (let t = 0; t + 1 < len; t += 2) {
      const a = stubs[t], b = stubs[t + 1];
      if (a !== b && !has(adj, deg, k, a, b)) {
        adj[a * k + deg[a]++] = b;
        adj[b * k + deg[b]++] = a;
      } else {
        if (pot[a]++ === 0) touched.push(a);
        if (pot[b]++ === 0) touched.push(b);
      }
    }
    // Some leftover stubs must still be pairable, or this attempt is stuck.
    if (touched.length > 0) {
      let ok = false;
      for (let i = 0; i < touched.length && !ok; i++) {
        for (let j = i + 1; j < touched.length; j++) {
          if (!has(adj, deg, k, touched[i], touched[j])) { ok = true; break; }
        }
      }
      if (!ok) return null;
    }
    len = 0;
    for (const u of touched) {
      for (let r = 0; r < pot[u]; r++) stubs[len++] = u;
      pot[u] = 0;
    }
  }
  return adj;
}

/** One attempt at a simple k-regular bipartite graph between n left and n right nodes (slot rows of the left side). */
function tryBiregular(n: number, k: number, rng: Rng): Int32Array | null {
  const adj = new Int32Array(n * k), deg = new Int32Array(n);
  const left = new Int32Array(n * k), right = new Int32Array(n * k);
  for (let u = 0, t = 0; u < n; u++) for (let r = 0; r < k; r++) { left[t] = u; right[t] = u; t++; }
  let len = n * k;
  const potL = new Int32Array(n), potR = new Int32Array(n);
  while (len > 0) {
    // Shuffling one side is enough for a uniform pairing.
    rng.shuffle(right.subarray(0, len));
    const touchedL: number[] = [], touchedR: number[] = [];
    for (let t = 0; t < len; t++) {
      const a = left[t], b = right[t];
      if (!has(adj, deg, k, a, b)) {
        adj[a * k + deg[a]++] = b;
      } else {
        if (potL[a]++ === 0) touchedL.push(a);
        if (potR[b]++ === 0) touchedR.push(b);
      }
    }
    if (touchedL.length > 0) {
      let ok = false;
      for (let i = 0; i < touchedL.length && !ok; i++) {
        for (let j = 0; j < touchedR.length; j++) {
          if (!has(adj, deg, k, touchedL[i], touchedR[j])) { ok = true; break; }
        }
      }
      if (!ok) return null;
    }
    len = 0;
    for (const u of touchedL) { for (let r = 0; r < potL[u]; r++) left[len++] = u; potL[u] = 0; }
    let lenR = 0;
    for (const v of touchedR) { for (let r = 0; r < potR[v]; r++) right[lenR++] = v; potR[v] = 0; }
  }
  return adj;
}

function withRestarts(attempt: () => Int32Array | null, what: string): Int32Array {
  for (let r = 0; r < MAX_RESTARTS; r++) {
    const adj = attempt();
    if (adj) return adj;
  }
  fail(`could not sample ${what} after ${MAX_RESTARTS} restarts`);
}

/**
 * Push the edges of a uniformly random simple k-regular graph on nodes off..off+n−1 into buf.
 * Needs 0 ≤ k < n and k·n even (checked by the caller).
 */
export function sampleRegularBlock(buf: EdgeBuffer, off: number, n: number, k: number, rng: Rng): void {
  if (k === 0) return;
  const dense = k > (n - 1) / 2;
  const ks = dense ? n - 1 - k : k;
  const adj = ks === 0 ? new Int32Array(0) : withRestarts(() => tryRegular(n, ks, rng), `a ${ks}-regular graph on ${n} nodes`);
  if (!dense) {
    for (let u = 0; u < n; u++) for (let r = 0; r < k; r++) { const v = adj[u * k + r]; if (v > u) buf.push(off + u, off + v); }
    return;
  }
  const mark = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    for (let r = 0; r < ks; r++) mark[adj[u * ks + r]] = 1;
    for (let v = u + 1; v < n; v++) if (!mark[v]) buf.push(off + u, off + v);
    for (let r = 0; r < ks; r++) mark[adj[u * ks + r]] = 0;
  }
}

/**
 * Push the edges of a uniformly random simple k-regular bipartite graph between offA..offA+n−1 and
 * offB..offB+n−1 (a union of k edge-disjoint perfect matchings). Needs 0 ≤ k ≤ n.
 */
export function sampleBiregularBlock(buf: EdgeBuffer, offA: number, offB: number, n: number, k: number, rng: Rng): void {
  if (k === 0) return;
  const dense = k > n / 2;
  const ks = dense ? n - k : k;
  const adj = ks === 0 ? new Int32Array(0) : withRestarts(() => tryBiregular(n, ks, rng), `a ${ks}-regular bipartite graph on ${n}+${n} nodes`);
  if (!dense) {
    for (let u = 0; u < n; u++) for (let r = 0; r < k; r++) buf.push(offA + u, offB + adj[u * k + r]);
    return;
  }
  const mark = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    for (let r = 0; r < ks; r++) mark[adj[u * ks + r]] = 1;
    for (let v = 0; v < n; v++) if (!mark[v]) buf.push(offA + u, offB + v);
    for (let r = 0; r < ks; r++) mark[adj[u * ks + r]] = 0;
  }
}

function degreeFrom(k: number | undefined, p: number | undefined, N: number, C: number, what: string, pname: string): { k: number; explicit: boolean } {
  if (k !== undefined) {
    return { k: checkSize(k, what, MOD, 0), explicit: true };
  }
  if (p === undefined) fail(`give ${pname} or ${what}`);
  return { k: Math.ceil((checkProbability(p, pname, MOD) * N) / C), explicit: false };
}

/**
 * Sample a regular SBM (equitable partition). Returns the CSR graph, labels Int32Array(N) and the
 * degrees used. Errors (GncError) when the degrees are impossible: k_in ≥ n_c, an explicit odd
 * k_in with an odd class size, k_out > n_c, or k_out > 0 with unequal class sizes.
 */
export function sampleRegularSbm(opts: RegularSbmOptions, rng: Rng): RegularSbmSample {
  const { n: N, classes: C } = opts;
  if (!Number.isInteger(C) || C < 2) fail(`classes must be an integer ≥ 2, got ${C}`);
  if (!Number.isInteger(N) || N < C) fail(`N must be an integer ≥ classes (${C}), got ${N}`);
  if (N > 2 ** 31 - 2) fail(`N = ${N} is too large (node ids are 32-bit)`);
  const prior = opts.prior ?? Array.from({ length: C }, () => 1 / C);
  validatePrior(prior, C);
  const sizes = classSizes(N, prior);
  const din = degreeFrom(opts.kIn, opts.pIn, N, C, "kIn", "pIn");
  const dout = degreeFrom(opts.kOut, opts.pOut, N, C, "kOut", "pOut");
  let kIn = din.k;
  const kOut = dout.k;
  const oddClass = Array.from(sizes).find((s) => s % 2 === 1);
  if (kIn % 2 === 1 && oddClass !== undefined) {
    if (din.explicit) fail(`kIn = ${kIn} is odd and class size ${oddClass} is odd: a ${kIn}-regular graph on ${oddClass} nodes does not exist`);
    kIn -= 1;
  }
  for (let c = 0; c < C; c++) {
    if (kIn > 0 && kIn >= sizes[c]) fail(`kIn = ${kIn} needs more than ${kIn} nodes per class, but class ${c} has ${sizes[c]}`);
  }
  if (kOut > 0) {
    for (let c = 1; c < C; c++) {
      if (sizes[c] !== sizes[0]) fail(`kOut = ${kOut} > 0 needs equal class sizes (unions of perfect matchings), got ${Array.from(sizes).join(", ")}`);
    }
    if (kOut > sizes[0]) fail(`kOut = ${kOut} exceeds the class size ${sizes[0]}`);
  }
  const offs = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) offs[c + 1] = offs[c] + sizes[c];
  const total = (N * kIn) / 2 + ((C * (C - 1)) / 2) * sizes[0] * kOut;
  const buf = new EdgeBuffer(total + 16);
  const onProgress = opts.onProgress;
  if (onProgress) buf.onMillion = (edges) => onProgress(edges, total);
  for (let a = 0; a < C; a++) {
    sampleRegularBlock(buf, offs[a], sizes[a], kIn, rng);
    for (let b = a + 1; b < C; b++) sampleBiregularBlock(buf, offs[a], offs[b], sizes[a], kOut, rng);
  }
  const { graph, labels } = finishSample(N, C, offs, buf, opts.permute ?? true, rng);
  return { graph, labels, kIn, kOut };
}
