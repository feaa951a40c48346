/**
 * Seeded randomness for everything in gnc (nothing calls Math.random).
 *
 * One seed per run; independent streams come from `split()`, which jumps a xoroshiro128+ generator
 * (pure-rand) by 2^64 steps, so streams never overlap. The generator state is plain numbers, so a
 * checkpoint can store it (`state()`) and resume it (`Rng.fromState`) bit-exactly.
 *
 * Samplers: uniform [0,1) with 53 random bits, unbiased integers, normal (Marsaglia polar),
 * binomial (exact, geometric waiting times), geometric (failures before the first success, by
 * inversion), Fisher–Yates shuffle and permutations.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { GncError } from "./errors.js";

type Gen = ReturnType<typeof xoroshiro128plus>;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

export class Rng {
  private gen: Gen;
  private spare: number | null = null;

  private constructor(gen: Gen) {
    this.gen = gen;
  }

  /** A generator from an integer seed (any safe integer; the low 32 bits and the high bits are mixed). */
  static seeded(seed: number): Rng {
    if (!Number.isSafeInteger(seed)) throw new GncError(`gnc/util/rng: seed must be an integer, got ${seed}`);
    const lo = seed | 0;
    const hi = Math.floor(seed / TWO_POW_32) | 0;
    const gen = xoroshiro128plus(lo ^ Math.imul(hi, 0x9e3779b1));
    // Warm up: xoroshiro from a small seed starts with low-entropy output.
    for (let i = 0; i < 16; i++) gen.next();
    return new Rng(gen);
  }

  /** Restore a generator from `state()` (bit-exact resume after a checkpoint). */
  static fromState(state: readonly number[]): Rng {
    const st = state.slice(0, 4);
    const rng = new Rng(xoroshiro128plusFromState(st));
    if (state.length === 5) rng.spare = state[4];
    return rng;
  }

  /** The full generator state as plain numbers (JSON-safe). */
  state(): number[] {
    const s = [...this.gen.getState()];
    if (this.spare !== null) s.push(this.spare);
    return s;
  }

  /**
   * An independent stream: a copy of this generator jumped ahead by 2^64 draws; this generator is
   * jumped too, so successive calls return distinct, non-overlapping streams.
   */
  split(): Rng {
    this.gen.jump();
    const child = new Rng(this.gen.clone());
    this.gen.jump();
    return child;
  }

  /** Raw 32-bit unsigned integer. */
  nextUint32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform double in (0, 1] (safe for log). */
  uniformPositive(): number {
    return 1 - this.uniform();
  }

  /**
   * Uniform integer in [0, n). For n ≤ 2^21: Lemire's multiply-shift with rejection (exact, and it
   * uses the HIGH bits of the draw — the lowest bits of xoroshiro128+ are its weakest). Larger n:
   * floor(uniform()·n), whose bias is below n/2^53.
   */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new GncError(`gnc/util/rng: int(n) needs an integer n > 0, got ${n}`);
    if (n > 2097152) return Math.floor(this.uniform() * n);
    const reject = TWO_POW_32 % n; // low parts below this would over-represent some outcomes
    for (;;) {
      const m = this.nextUint32() * n; // < 2^53: exact
      const lo = m % TWO_POW_32;
      if (lo >= reject) return (m - lo) / TWO_POW_32;
    }
  }

  /** Standard normal N(0, 1) (Marsaglia polar method; the second value is cached). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /**
   * Geometric: number of failures before the first success of Bernoulli(p) trials, p in (0, 1].
   * Inversion: floor(log U / log(1 − p)). Returns Infinity for p = 0.
   */
  geometric(p: number): number {
    if (p >= 1) return 0;
    if (p <= 0) return Infinity;
    return Math.floor(Math.log(this.uniformPositive()) / Math.log1p(-p));
  }

  /**
   * Binomial(n, p), exact: counts successes by geometric waiting times on the smaller of p and
   * 1 − p, so it costs O(n·min(p, 1−p) + 1) draws (gnc's graphs are sparse, so this is small).
   */
  binomial(n: number, p: number): number {
    if (!(p >= 0 && p <= 1) || !Number.isInteger(n) || n < 0) {
      throw new GncError(`gnc/util/rng: binomial needs integer n ≥ 0 and p in [0, 1], got n=${n}, p=${p}`);
    }
    if (p === 0 || n === 0) return 0;
    if (p === 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    let count = 0;
    let pos = this.geometric(q);
    while (pos < n) {
      count++;
      pos += 1 + this.geometric(q);
    }
    return flip ? n - count : count;
  }

  /** Shuffle an array-like in place (Fisher–Yates). */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/** Convenience: a generator from a seed. */
export function rngFromSeed(seed: number): Rng {
  return Rng.seeded(seed);
}
