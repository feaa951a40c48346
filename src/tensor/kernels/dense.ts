/**
 * Row-major small dense products for the fused layer kernels, specialised per (din, dout).
 *
 * Why unrolled code: the paper's widths are tiny (d = 8 or 16), so a generic triple loop spends
 * most of its time on loop control over an inner length of 8 (measured ≈ 3 ns per multiply-add on
 * N×8·8×8). Unrolling the inner loops with the weights held in local variables lets V8 keep them
 * in registers (≈ 4–8× faster). The unrolled kernels are generated at build time
 * (tensor/kernels/codegen.ts → generated.ts) for the widths in DENSE_WIDTHS; other shapes up to
 * UNROLL_LIMIT run `unrolledEquivalent`, loops doing the same float operations in the same order
 * (bit-identical, slower); shapes above UNROLL_LIMIT run `generic`.
 *
 * Kernels (F: N×din, W: din×dout, S: N×dout, all row-major Float32Array):
 *   mm(F, W, out, n)       out  = F W          (N×dout)
 *   mmAdd(F, W, out, n)    out += F W
 *   atbAdd(F, S, acc, n)   acc += Fᵀ S         (din×dout, Float64Array)
 *   abtAdd(S, W, out, n)   out += S Wᵀ         (N×din)
 */
import { GENERATED_DENSE } from "./generated.js";

export interface DenseKernels {
  mm(F: Float32Array, W: Float32Array, out: Float32Array, n: number): void;
  mmAdd(F: Float32Array, W: Float32Array, out: Float32Array, n: number): void;
  atbAdd(F: Float32Array, S: Float32Array, acc: Float64Array, n: number): void;
  abtAdd(S: Float32Array, W: Float32Array, out: Float32Array, n: number): void;
}

/** Largest din·dout that gets unrolled code (d = 16 square layers are 256). */
export const UNROLL_LIMIT = 256;

const cache = new Map<string, DenseKernels>();

/** The kernels for one shape (generated once per process and cached). */
export function denseKernels(din: number, dout: number): DenseKernels {
  const key = `${din}x${dout}`;
  let k = cache.get(key);
  if (!k) {
    const gen = (GENERATED_DENSE as Record<string, DenseKernels>)[key];
    k = gen ?? (din * dout <= UNROLL_LIMIT ? unrolledEquivalent(din, dout) : generic(din, dout));
    cache.set(key, k);
  }
  return k;
}

/** Plain loops, any shape: the reference the generated kernels are tested against. */
export function generic(din: number, dout: number): DenseKernels {
  const mmImpl = (F: Float32Array, W: Float32Array, out: Float32Array, n: number, add: boolean) => {
    for (let i = 0; i < n; i++) {
      const fo = i * din, oo = i * dout;
      if (!add) for (let k = 0; k < dout; k++) out[oo + k] = 0;
      for (let j = 0; j < din; j++) {
        const f = F[fo + j], wo = j * dout;
        for (let k = 0; k < dout; k++) out[oo + k] += f * W[wo + k];
      }
    }
  };
  return {
    mm: (F, W, out, n) => mmImpl(F, W, out, n, false),
    mmAdd: (F, W, out, n) => mmImpl(F, W, out, n, true),
    atbAdd(F, S, acc, n) {
      for (let i = 0; i < n; i++) {
        const fo = i * din, so = i * dout;
        for (let j = 0; j < din; j++) {
          const f = F[fo + j], ao = j * dout;
          for (let k = 0; k < dout; k++) acc[ao + k] += f * S[so + k];
        }
      }
    },
    abtAdd(S, W, out, n) {
      for (let i = 0; i < n; i++) {
        const so = i * dout, oo = i * din;
        for (let j = 0; j < din; j++) {
          let a = 0;
          const wo = j * dout;
          for (let k = 0; k < dout; k++) a += S[so + k] * W[wo + k];
          out[oo + j] += a;
        }
      }
    },
  };
}

/**
 * The unrolled kernels' arithmetic as loops (codegen.ts denseSource): each output entry is summed in
 * a float64 local starting from the first product and stored once; Fᵀ S accumulates per entry from
 * 0 (in a float64 scratch when din·dout ≤ 64, as the unrolled locals do) and is added to acc once.
 */
export function unrolledEquivalent(din: number, dout: number): DenseKernels {
  const mmImpl = (F: Float32Array, W: Float32Array, out: Float32Array, n: number, add: boolean) => {
    for (let i = 0; i < n; i++) {
      const fo = i * din, oo = i * dout;
      for (let k = 0; k < dout; k++) {
        let a = F[fo] * W[k];
        for (let j = 1; j < din; j++) a += F[fo + j] * W[j * dout + k];
        if (add) out[oo + k] += a; else out[oo + k] = a;
      }
    }
  };
  const g = generic(din, dout);
  const local = din * dout <= 64;
  return {
    mm: (F, W, out, n) => mmImpl(F, W, out, n, false),
    mmAdd: (F, W, out, n) => mmImpl(F, W, out, n, true),
    atbAdd(F, S, acc, n) {
      if (!local) { g.atbAdd(F, S, acc, n); return; }
      const t = new Float64Array(din * dout);
      g.atbAdd(F, S, t, n);
      for (let q = 0; q < t.length; q++) acc[q] += t[q];
    },
    abtAdd: g.abtAdd,
  };
}
