import { describe, expect, it } from "vitest";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { Rng } from "../../src/util/rng.js";
import { traceRatioBounds, boundBetas } from "../../src/collapse/bounds.js";
import { symEigen, orthogonaliseRows } from "../../src/collapse/linalg.js";
import { SVD } from "ml-matrix";
import { maxRelErr, randomMatrix, relErr } from "./reference.js";

function randomPsd(rng: Rng, d: number, rank = d): Float64Array {
  const B = randomMatrix(rng, d, rank);
  const S = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < rank; k++) S[i * d + j] += B.data[i * rank + k] * B.data[j * rank + k];
  return S;
}

describe("symEigen / orthogonaliseRows", () => {
  it("agree with ml-matrix (Householder + QL eigen, Golub–Kahan SVD) on random matrices", () => {
    const rng = Rng.seeded(30);
    for (const n of [1, 2, 5, 16, 33]) {
      const A = randomMatrix(rng, n, n);
      const S = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = A.data[i * n + j] + A.data[j * n + i];
      const { values, vectors } = symEigen(S, n);
      const ref = new EigenvalueDecomposition(new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(S.subarray(i * n, (i + 1) * n)))), { assumeSymmetric: true });
      expect(maxRelErr(values, [...ref.realEigenvalues].sort((a, b) => a - b))).toBeLessThan(1e-12);
      // A v = λ v for every pair.
      for (let k = 0; k < n; k++) {
        let res = 0;
        for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += S[i * n + j] * vectors[j * n + k]; res = Math.max(res, Math.abs(s - values[k] * vectors[i * n + k])); }
        expect(res).toBeLessThan(1e-12 * Math.max(1, Math.abs(values[n - 1])));
      }
      const R = randomMatrix(rng, Math.max(1, n - 1), n + 2);
      const sv = [...orthogonaliseRows(Float64Array.from(R.data), R.rows, R.cols)].sort((a, b) => b - a);
      const refSv = new SVD(new MlMatrix(Array.from({ length: R.rows }, (_, i) => Array.from(R.data.subarray(i * R.cols, (i + 1) * R.cols)))), { autoTranspose: true }).diagonal;
      expect(maxRelErr(sv, refSv)).toBeLessThan(1e-12);
    }
  });
});

describe("traceRatioBounds", () => {
  it("lower ≤ Tr(TS)/Tr(S) ≤ upper on random weights and PSD covariances, and T matches its definition", () => {
    const rng = Rng.seeded(31);
    for (let rep = 0; rep < 40; rep++) {
      const din = 1 + rng.int(8), dout = 1 + rng.int(8);
      const useW1 = rep % 3 !== 0;
      const W1 = useW1 ? randomMatrix(rng, din, dout) : null;
      const W2 = randomMatrix(rng, din, dout);
      const SB = randomPsd(rng, din, 1 + rng.int(din)), SW = randomPsd(rng, din);
      const p = rng.uniform() * 0.2, q = rng.uniform() * 0.2 + 1e-4, n = 1 + rng.int(1000);
      const r = traceRatioBounds({ W1, W2, sigmaB: SB, sigmaW: SW, p, q, nPerClass: n });
      const [b1, b2, b3] = boundBetas(p, q, n);
      expect(relErr(b1, (p - q) / (p + q))).toBeLessThan(1e-15);
      // T_B, T_W and the ratios from explicit products.
      const w1 = (i: number, k: number) => (W1 ? W1.data[i * dout + k] : 0), w2 = (i: number, k: number) => W2.data[i * dout + k];
      const TB = new Float64Array(din * din), TW = new Float64Array(din * din);
      for (let i = 0; i < din; i++) for (let j = 0; j < din; j++) for (let k = 0; k < dout; k++) {
        TB[i * din + j] += (w1(i, k) + b1 * w2(i, k)) * (w1(j, k) + b1 * w2(j, k));
        TW[i * din + j] += w1(i, k) * w1(j, k) + b2 * (w2(i, k) * w1(j, k) + w1(i, k) * w2(j, k)) + b3 * w2(i, k) * w2(j, k);
      }
      expect(maxRelErr(r.TB, TB)).toBeLessThan(1e-12);
      expect(maxRelErr(r.TW, TW)).toBeLessThan(1e-12);
      const ratio = (T: Float64Array, S: Float64Array) => {
        let ts = 0, tr = 0;
        for (let i = 0; i < din; i++) { tr += S[i * din + i]; for (let j = 0; j < din; j++) ts += T[i * din + j] * S[j * din + i]; }
        return ts / tr;
      };
      expect(relErr(r.ratioB.actual, ratio(TB, SB))).toBeLessThan(1e-10);
      expect(relErr(r.ratioW.actual, ratio(TW, SW))).toBeLessThan(1e-10);
      for (const b of [r.ratioB, r.ratioW]) {
        const slack = 1e-10 * Math.max(Math.abs(b.upper), Math.abs(b.lower), 1e-300);
        expect(b.lower).toBeLessThanOrEqual(b.actual + slack);
        expect(b.actual).toBeLessThanOrEqual(b.upper + slack);
      }
      // T_W is PSD (β2² ≤ β3 for n ≥ 1).
      const ev = symEigen(r.TW, din).values;
      expect(ev[0]).toBeGreaterThanOrEqual(-1e-10 * Math.max(1, ev[din - 1]));
    }
  });

  it("the upper bound is attained when T and S share eigenvectors in the same order", () => {
    const W2 = { data: Float64Array.from([1, 0, 0, 2]), rows: 2, cols: 2 };
    const r = traceRatioBounds({ W1: null, W2, sigma: Float64Array.from([1, 0, 0, 3]), p: 0.1, q: 0.05, nPerClass: 10 });
    expect(relErr(r.ratioB.actual, r.ratioB.upper)).toBeLessThan(1e-14);
    expect(r.ratioB.lower).toBeLessThan(r.ratioB.actual);
  });

  it("validates its input", () => {
    const W2 = randomMatrix(Rng.seeded(1), 2, 3);
    expect(() => traceRatioBounds({ W1: null, W2, p: 0.1, q: 0.1, nPerClass: 5 })).toThrow(/sigma/);
    expect(() => traceRatioBounds({ W1: null, W2, sigma: new Float64Array(9), p: 0.1, q: 0.1, nPerClass: 5 })).toThrow(/d_in²/);
    expect(() => traceRatioBounds({ W1: null, W2, sigma: new Float64Array(4), p: 0, q: 0, nPerClass: 5 })).toThrow(/p \+ q > 0/);
  });
});
