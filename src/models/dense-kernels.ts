/**
 * Row-major small dense products for the fused layer kernels, specialised per (din, dout).
 *
 * Why generated code: the paper's widths are tiny (d = 8 or 16), so a generic triple loop spends
 * most of its time on loop control over an inner length of 8 (measured ≈ 3 ns per multiply-add on
 * N×8·8×8). Unrolling the inner loops with the weights held in local variables lets V8 keep them
 * in registers (≈ 4–8× faster). The generated source contains only integer constants derived from
 * (din, dout), never user data. Shapes above UNROLL_LIMIT fall back to plain loops.
 *
 * Kernels (F: N×din, W: din×dout, S: N×dout, all row-major Float32Array):
 *   mm(F, W, out, n)       out  = F W          (N×dout)
 *   mmAdd(F, W, out, n)    out += F W
 *   atbAdd(F, S, acc, n)   acc += Fᵀ S         (din×dout, Float64Array)
 *   abtAdd(S, W, out, n)   out += S Wᵀ         (N×din)
 */
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
    k = din * dout <= UNROLL_LIMIT ? generated(din, dout) : generic(din, dout);
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

function generated(din: number, dout: number): DenseKernels {
  const J = Array.from({ length: din }, (_, j) => j);
  const K = Array.from({ length: dout }, (_, k) => k);
  const loadW = J.flatMap((j) => K.map((k) => `const w${j}_${k} = W[${j * dout + k}];`)).join("\n");
  const loadF = J.map((j) => `const f${j} = F[fo + ${j}];`).join(" ");
  const sumFW = (k: number) => J.map((j) => `f${j} * w${j}_${k}`).join(" + ");

  const mmSrc = (add: boolean) => `
    ${loadW}
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, oo = i * ${dout};
      ${loadF}
      ${K.map((k) => `out[oo + ${k}] ${add ? "+=" : "="} ${sumFW(k)};`).join("\n")}
    }`;

  // Fᵀ S: accumulators in locals when they fit in registers comfortably, else in acc directly.
  const local = din * dout <= 64;
  const loadS = K.map((k) => `const s${k} = S[so + ${k}];`).join(" ");
  const atbSrc = local
    ? `
    ${J.flatMap((j) => K.map((k) => `let a${j}_${k} = 0;`)).join(" ")}
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, so = i * ${dout};
      ${loadF} ${loadS}
      ${J.flatMap((j) => K.map((k) => `a${j}_${k} += f${j} * s${k};`)).join(" ")}
    }
    ${J.flatMap((j) => K.map((k) => `acc[${j * dout + k}] += a${j}_${k};`)).join(" ")}`
    : `
    for (let i = 0; i < n; i++) {
      const fo = i * ${din}, so = i * ${dout};
      ${loadF} ${loadS}
      ${J.flatMap((j) => K.map((k) => `acc[${j * dout + k}] += f${j} * s${k};`)).join(" ")}
    }`;

  const abtSrc = `
    ${loadW}
    for (let i = 0; i < n; i++) {
      const so = i * ${dout}, oo = i * ${din};
      ${loadS}
      ${J.map((j) => `out[oo + ${j}] += ${K.map((k) => `s${k} * w${j}_${k}`).join(" + ")};`).join("\n")}
    }`;

  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = (args: string, body: string) => new Function(args, `"use strict";${body}`) as never;
  return {
    mm: make("F, W, out, n", mmSrc(false)),
    mmAdd: make("F, W, out, n", mmSrc(true)),
    atbAdd: make("F, S, acc, n", atbSrc),
    abtAdd: make("S, W, out, n", abtSrc),
  };
}
