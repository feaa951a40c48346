/**
 * Aggregating one metric over graphs the way the paper plots it (Kothapalli et al. 2023: mean ± std
 * of log10 over the test graphs), plus the plain mean ± std.
 *
 * Conventions:
 *   - std is the population std (ddof = 0, numpy's default, which the reference code uses).
 *   - Non-finite values (NaN, ±Infinity — e.g. NC1 when all class means coincide) are excluded from
 *     every statistic and counted in `nonFinite`; `count` is the number of values used.
 *   - For the log10 statistics a value ≤ LOG10_FLOOR (1e-300, including 0 and negatives from
 *     rounding) is clamped to LOG10_FLOOR, i.e. contributes −300, and is counted in `clamped`.
 *     −Infinity never leaks.
 *   - No usable value (count = 0) → every statistic is NaN.
 */

export const LOG10_FLOOR = 1e-300;

export interface Summary {
  mean: number;
  std: number;
  meanLog10: number;
  stdLog10: number;
  /** Finite values used. */
  count: number;
  /** Values excluded because they were NaN or ±Infinity. */
  nonFinite: number;
  /** Values clamped to LOG10_FLOOR for the log statistics. */
  clamped: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const xs: number[] = [];
  let nonFinite = 0, clamped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) xs.push(v); else nonFinite++;
  }
  const n = xs.length;
  if (n === 0) return { mean: NaN, std: NaN, meanLog10: NaN, stdLog10: NaN, count: 0, nonFinite, clamped };
  const logs = xs.map((v) => {
    if (v <= LOG10_FLOOR) { clamped++; return Math.log10(LOG10_FLOOR); }
    return Math.log10(v);
  });
  const [mean, std] = meanStd(xs);
  const [meanLog10, stdLog10] = meanStd(logs);
  return { mean, std, meanLog10, stdLog10, count: n, nonFinite, clamped };
}

function meanStd(xs: number[]): [number, number] {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return [m, Math.sqrt(v / xs.length)];
}
