/**
 * How rare condition C (REFERENCE.md §5) is on an SBM sample: an analytic upper bound in log space
 * and a Monte-Carlo estimate (Kothapalli, Tirer, Bruna, NeurIPS 2023, §4: exact collapse needs C,
 * and C is a rare event for SBM graphs).
 *
 * Bound. For classes a ≠ b, node i of class a has Bin(n_b, q) neighbours in class b, independently
 * over i (disjoint edge sets). "All n_a nodes of a have the same count in b" therefore has probability
 * exactly S(n_a, n_b, q) = Σ_{t=0..n_b} Bin(t; n_b, q)^{n_a}. Different class pairs use disjoint edge
 * sets, so those events are independent, and C implies all of them (and more: intra-class counts and
 * the other orientation are ignored), hence
 *   P(C holds) ≤ Π_{a<b} min(S(n_a, n_b, q), S(n_b, n_a, q)),
 * which for equal classes n = N/C is the reference's [Σ_t Bin(t; n, q)^n]^{C(C−1)/2}. Class sizes
 * follow the SBM sampler (floor(N/C), the last class takes the remainder).
 *
 * Everything is in natural-log space with log-sum-exp over t; log Bin uses Loader's saddle-point form
 * (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; R's dbinom_raw:
 * stirlerr + bd0), accurate to ~1e-15 relative even for n ~ 1e6, where lgamma differences would lose
 * ~8 digits to cancellation.
 */
import { GncError } from "../util/errors.js";
import { Rng } from "../util/rng.js";
import { classSizes, sampleSbm } from "../graphs/sbm.js";
import type { CsrGraph } from "../graphs/csr.js";

const MOD = "gnc/condition/rare-event";
const LN_2PI = Math.log(2 * Math.PI);
const LN10 = Math.LN10;

// log(n!) − [(n + ½)·log n − n + ½·log(2π)] for n = 0..15 (n = 0: 0 by convention, as in R).
const STIRLERR_SMALL: number[] = (() => {
  const t = [0];
  let lf = 0;
  for (let n = 1; n <= 15; n++) {
    lf += Math.log(n);
    t.push(lf - ((n + 0.5) * Math.log(n) - n + 0.5 * LN_2PI));
  }
  return t;
})();

/** Stirling's error term stirlerr(n) = log n! − log(√(2πn)(n/e)^n) for integer n ≥ 0 (Loader 2000). */
export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n];
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term bd0(x, np) = x·log(x/np) + np − x, without cancellation when x ≈ np (Loader 2000). */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/** Natural log of the binomial pmf Bin(t; n, q) for integers 0 ≤ t ≤ n, q in [0, 1]. */
export function logBinomialPmf(t: number, n: number, q: number): number {
  if (q === 0) return t === 0 ? 0 : -Infinity;
  if (q === 1) return t === n ? 0 : -Infinity;
  if (t === 0) return n * Math.log1p(-q);
  if (t === n) return n * Math.log(q);
  const lc = stirlerr(n) - stirlerr(t) - stirlerr(n - t) - bd0(t, n * q) - bd0(n - t, n * (1 - q));
  const lf = LN_2PI + Math.log(t) + Math.log1p(-t / n);
  return lc - 0.5 * lf;
}

/**
 * log S(na, nb, q) = log Σ_{t=0..nb} Bin(t; nb, q)^na: the probability that na independent
 * Bin(nb, q) counts are all equal. Log-sum-exp over t. The summand is unimodal in t (the binomial
 * pmf is log-concave), so we walk outwards from the mode and stop on each side once a term is below
 * max − (60 + ln(nb + 1)): everything dropped sums to < e^-60 of the largest term. Cost
 * O(min(nb, √(nb·q)·few)) instead of O(nb).
 */
export function logAllEqualProbability(na: number, nb: number, q: number): number {
  const term = (t: number) => na * logBinomialPmf(t, nb, q);
  const mode = Math.min(nb, Math.max(0, Math.floor((nb + 1) * q)));
  const mx = term(mode);
  if (mx === -Infinity) return -Infinity;
  const cut = mx - (60 + Math.log(nb + 1));
  let s = 1;
  for (let t = mode - 1; t >= 0; t--) {
    const x = term(t);
    if (x < cut) break;
    s += Math.exp(x - mx);
  }
  for (let t = mode + 1; t <= nb; t++) {
    const x = term(t);
    if (x < cut) break;
    s += Math.exp(x - mx);
  }
  return mx + Math.log(s);
}

export interface RareEventBound {
  /** log10 of the upper bound on P(condition C holds). */
  log10Probability: number;
  /** The bound itself (underflows to 0 below ~1e-308; use log10Probability). */
  probability: number;
  /** n = floor(N/C) (equal to N/C when C divides N). */
  nPerClass: number;
  /** SBM class sizes used (floor(N/C), the last class takes the remainder). */
  classSizes: number[];
  /** Number of class pairs C(C−1)/2 in the product. */
  pairs: number;
}

function validateCommon(n: unknown, classes: unknown, pOut: unknown): void {
  if (!(typeof classes === "number" && Number.isInteger(classes) && classes >= 2)) {
    throw new GncError(`${MOD}: classes must be an integer ≥ 2, got ${classes}`);
  }
  if (!(typeof n === "number" && Number.isInteger(n) && n >= classes)) {
    throw new GncError(`${MOD}: N must be an integer ≥ classes (${classes}), got ${n}`);
  }
  if (n > 2 ** 31 - 1) throw new GncError(`${MOD}: N = ${n} is too large`);
  if (!(typeof pOut === "number" && pOut >= 0 && pOut <= 1)) {
    throw new GncError(`${MOD}: p-out must be a probability in [0, 1], got ${pOut}`);
  }
}

/**
 * Upper bound on P(C holds) for an SBM(N = n, C = classes, q = pOut) sample (see the banner).
 * O(C²) plus the few distinct class-size pairs' sums (at most three with the floor rule).
 */
export function rareEventBound(opts: { n: number; classes: number; pOut: number }): RareEventBound {
  const { n, classes: C, pOut: q } = opts ?? ({} as any);
  validateCommon(n, C, q);
  const sizes = Array.from(classSizes(n, Array.from({ length: C }, () => 1 / C)));
  const cache = new Map<string, number>();
  const logS = (a: number, b: number): number => {
    const key = `${a},${b}`;
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = logAllEqualProbability(a, b, q)));
    return v;
  };
  let total = 0;
  for (let a = 0; a < C; a++) {
    for (let b = a + 1; b < C; b++) total += Math.min(logS(sizes[a], sizes[b]), logS(sizes[b], sizes[a]));
  }
  // Clamp the rounding of a certain event (q = 0 or 1 gives exactly 0 anyway).
  if (total > 0) total = 0;
  return {
    log10Probability: total / LN10,
    probability: Math.exp(total),
    nPerClass: Math.floor(n / C),
    classSizes: sizes,
    pairs: (C * (C - 1)) / 2,
  };
}

/**
 * Whether the count form of condition C holds, with early exit: O(N·C + m) worst case, allocation
 * O(N·C). Same decision as checkCondition(...).satisfied, without the report (for Monte Carlo).
 */
export function countConditionHolds(graph: CsrGraph, labels: Int32Array, C: number): boolean {
  const { n, rowPtr, cols } = graph;
  const ref = new Int32Array(C * C);
  const seen = new Uint8Array(C);
  const row = new Int32Array(C);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let p = rowPtr[i], e = rowPtr[i + 1]; p < e; p++) row[labels[cols[p]]]++;
    const c = labels[i], base = c * C;
    if (!seen[c]) {
      seen[c] = 1;
      for (let k = 0; k < C; k++) ref[base + k] = row[k];
      continue;
    }
    for (let k = 0; k < C; k++) if (ref[base + k] !== row[k]) return false;
  }
  return true;
}

/** Wilson score interval for k successes in m trials (z = 1.96 for 95%). */
export function wilsonInterval(k: number, m: number, z = 1.959963984540054): { low: number; high: number } {
  if (m <= 0) return { low: 0, high: 1 };
  const p = k / m;
  const z2 = z * z;
  const den = 1 + z2 / m;
  const centre = (p + z2 / (2 * m)) / den;
  const half = (z / den) * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m));
  // The closed form is exactly 0 at k = 0 and 1 at k = m; pin them (rounding leaves ~1e-20).
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === m ? 1 : Math.min(1, centre + half) };
}

export interface RareEventMonteCarlo {
  /** satisfiedCount / samples. */
  estimate: number;
  satisfiedCount: number;
  samples: number;
  /** Wilson 95% interval. */
  ciLow: number;
  ciHigh: number;
}

/**
 * Monte-Carlo estimate of P(C holds): draw `samples` SBM(N = n, C, pIn, pOut) graphs from one seeded
 * stream and count those satisfying the count form. Same seed → same result.
 */
export function rareEventMonteCarlo(opts: {
  n: number;
  classes: number;
  pIn: number;
  pOut: number;
  samples: number;
  seed: number;
  pairSampling?: "single" | "or";
}): RareEventMonteCarlo {
  const { n, classes: C, pIn, pOut, samples, seed } = opts ?? ({} as any);
  validateCommon(n, C, pOut);
  if (!(typeof pIn === "number" && pIn >= 0 && pIn <= 1)) {
    throw new GncError(`${MOD}: p-in must be a probability in [0, 1], got ${pIn}`);
  }
  if (!(Number.isInteger(samples) && samples >= 1)) throw new GncError(`${MOD}: samples must be an integer ≥ 1, got ${samples}`);
  const rng = Rng.seeded(seed);
  let hits = 0;
  for (let s = 0; s < samples; s++) {
    // Node order is irrelevant to C, so skip the sampler's random relabelling.
    const { graph, labels } = sampleSbm({ n, classes: C, pIn, pOut, permute: false, pairSampling: opts.pairSampling }, rng);
    if (countConditionHolds(graph, labels, C)) hits++;
  }
  const { low, high } = wilsonInterval(hits, samples);
  return { estimate: hits / samples, satisfiedCount: hits, samples, ciLow: low, ciHigh: high };
}
