/**
 * Statistical tests of src/util/rng.ts. Seeds are fixed, so every test is deterministic; the
 * tolerances are stated in standard errors (SE) of the estimate, so a correct sampler passes with
 * overwhelming probability over seeds and a biased one (e.g. an off-by-one in a sampler, a wrong
 * variance) fails.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";

/** Sample mean and (unbiased) variance. */
function moments(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

function draw(S: number, f: () => number): Float64Array {
  const out = new Float64Array(S);
  for (let i = 0; i < S; i++) out[i] = f();
  return out;
}

/** |estimate − truth| ≤ k·SE. */
function within(est: number, truth: number, se: number, k = 5): void {
  expect(Math.abs(est - truth), `estimate ${est} vs ${truth} (SE ${se})`).toBeLessThanOrEqual(k * se);
}

/** Pearson chi-square of observed counts against expected counts. */
function chiSquare(obs: ArrayLike<number>, exp: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < obs.length; i++) x += (obs[i] - exp[i]) ** 2 / exp[i];
  return x;
}

describe("Rng samplers: moments within 5 standard errors", () => {
  const S = 200_000;

  it("uniform: mean 1/2, variance 1/12, range [0, 1)", () => {
    const rng = Rng.seeded(1);
    const xs = draw(S, () => rng.uniform());
    const { mean, variance } = moments(xs);
    within(mean, 0.5, Math.sqrt(1 / 12 / S));
    // Var of the sample variance of U[0,1): (μ4 − σ⁴)/S with μ4 = 1/80.
    within(variance, 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / S));
    expect(xs.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0);
    expect(xs.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1);
  });

  it("normal: mean 0, variance 1, fourth moment 3", () => {
    const rng = Rng.seeded(2);
    const xs = draw(S, () => rng.normal());
    const { mean, variance } = moments(xs);
    within(mean, 0, Math.sqrt(1 / S));
    within(variance, 1, Math.sqrt(2 / S));
    let m4 = 0;
    for (const x of xs) m4 += x ** 4;
    within(m4 / S, 3, Math.sqrt((105 - 9) / S)); // E x^8 = 105
  });

  for (const [n, p] of [[10, 0.3], [20, 0.5], [50, 0.9], [1000, 0.01], [7, 0.99], [200, 0.65]] as const) {
    it(`binomial(${n}, ${p}): mean np, variance np(1−p)`, () => {
      const rng = Rng.seeded(1000 + n);
      const S2 = 50_000;
      const xs = draw(S2, () => rng.binomial(n, p));
      const q = 1 - p;
      const sigma2 = n * p * q;
      const mu4 = sigma2 * (1 + 3 * (n - 2) * p * q);
      const { mean, variance } = moments(xs);
      within(mean, n * p, Math.sqrt(sigma2 / S2));
      within(variance, sigma2, Math.sqrt((mu4 - sigma2 * sigma2) / S2));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    });
  }

  it("binomial edge cases: p = 0, p = 1, n = 0; bad arguments throw", () => {
    const rng = Rng.seeded(3);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(() => rng.binomial(10, 1.5)).toThrow(/binomial/);
    expect(() => rng.binomial(2.5, 0.5)).toThrow(/binomial/);
  });

  for (const p of [0.3, 0.02, 0.9]) {
    it(`geometric(${p}): failures before first success, mean (1−p)/p, variance (1−p)/p²`, () => {
      const rng = Rng.seeded(Math.round(p * 1000));
      const xs = draw(S, () => rng.geometric(p));
      const { mean, variance } = moments(xs);
      const q = 1 - p;
      within(mean, q / p, Math.sqrt(q / (p * p) / S));
      // Kurtosis of the geometric: 6 + p²/q, so μ4 = σ⁴·(9 + p²/q).
      const s2 = q / (p * p);
      within(variance, s2, Math.sqrt((s2 * s2 * (8 + (p * p) / q)) / S));
      // P(X = 0) = p exactly.
      let zeros = 0;
      for (const x of xs) if (x === 0) zeros++;
      within(zeros / S, p, Math.sqrt((p * q) / S));
    });
  }

  it("geometric edge cases: p = 1 gives 0, p = 0 gives Infinity", () => {
    const rng = Rng.seeded(4);
    expect(rng.geometric(1)).toBe(0);
    expect(rng.geometric(0)).toBe(Infinity);
  });

  // Chi-square with k−1 degrees of freedom; thresholds are the 1 − 1e-4 quantiles
  // (chi2(6) 27.86, chi2(9) 33.72, chi2(99) 160.1), so a fair sampler fails with prob 1e-4.
  for (const [n, crit] of [[10, 33.72], [7, 27.86], [100, 160.1]] as const) {
    it(`int(${n}) is uniform (chi-square < ${crit}, p = 1e-4)`, () => {
      const rng = Rng.seeded(n);
      const counts = new Float64Array(n);
      const T = 100_000;
      let bad = 0;
      for (let i = 0; i < T; i++) {
        const k = rng.int(n);
        if (!(k >= 0 && k < n && Number.isInteger(k))) bad++;
        else counts[k]++;
      }
      expect(bad).toBe(0);
      expect(chiSquare(counts, new Float64Array(n).fill(T / n))).toBeLessThan(crit);
    });
  }

  it("int rejects n ≤ 0", () => {
    expect(() => Rng.seeded(0).int(0)).toThrow(/int/);
  });

  it("permutation(3) hits all 6 orders uniformly (chi-square(5) < 25.74, p = 1e-4)", () => {
    const rng = Rng.seeded(5);
    const counts = new Map<string, number>();
    const T = 60_000;
    for (let i = 0; i < T; i++) {
      const key = Array.from(rng.permutation(3)).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()], new Array(6).fill(T / 6))).toBeLessThan(25.74);
  });
});

describe("Rng streams and state", () => {
  it("same seed gives the same sequence; different seeds differ", () => {
    const a = Rng.seeded(42), b = Rng.seeded(42), c = Rng.seeded(43);
    const xa = draw(100, () => a.uniform()), xb = draw(100, () => b.uniform()), xc = draw(100, () => c.uniform());
    expect(Array.from(xa)).toEqual(Array.from(xb));
    expect(Array.from(xa)).not.toEqual(Array.from(xc));
  });

  it("split() streams differ from each other and from the parent, and are reproducible", () => {
    const root = Rng.seeded(7);
    const s1 = root.split(), s2 = root.split();
    const x1 = draw(50, () => s1.uniform()), x2 = draw(50, () => s2.uniform()), x0 = draw(50, () => root.uniform());
    expect(Array.from(x1)).not.toEqual(Array.from(x2));
    expect(Array.from(x1)).not.toEqual(Array.from(x0));
    const again = Rng.seeded(7);
    const t1 = again.split(), t2 = again.split();
    expect(Array.from(draw(50, () => t1.uniform()))).toEqual(Array.from(x1));
    expect(Array.from(draw(50, () => t2.uniform()))).toEqual(Array.from(x2));
    // Independent streams are uncorrelated: |corr| within 5 SE (SE = 1/sqrt(S)).
    const S = 20_000;
    const u = draw(S, () => t1.uniform() - 0.5), v = draw(S, () => t2.uniform() - 0.5);
    let uv = 0;
    for (let i = 0; i < S; i++) uv += u[i] * v[i];
    within((uv / S) * 12, 0, 1 / Math.sqrt(S));
  });

  it("state()/fromState resume bit-exactly, including the cached normal, through JSON", () => {
    const rng = Rng.seeded(9);
    for (let i = 0; i < 7; i++) rng.normal(); // odd count: a spare normal is cached
    const saved = JSON.parse(JSON.stringify(rng.state()));
    expect(saved.length).toBe(5);
    const cont = [rng.normal(), rng.uniform(), rng.int(1000), rng.binomial(30, 0.4), rng.normal()];
    const resumed = Rng.fromState(saved);
    const again = [resumed.normal(), resumed.uniform(), resumed.int(1000), resumed.binomial(30, 0.4), resumed.normal()];
    expect(again.every((x, i) => Object.is(x, cont[i]))).toBe(true);
    const plain = Rng.seeded(10);
    plain.uniform();
    const st = plain.state();
    expect(st.length).toBe(4);
    expect(Rng.fromState(st).uniform()).toBe(plain.uniform());
  });

  it("rejects non-integer seeds", () => {
    expect(() => Rng.seeded(1.5)).toThrow(/seed/);
  });
});
