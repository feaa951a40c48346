import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { symEigen } from "../../src/collapse/linalg.js";
import { tridiagonalEigen, tridiagonalEigenBottom } from "../../src/spectral/tridiag.js";

describe("tridiagonalEigenBottom", () => {
  it("gives Jacobi's eigenvalues, |last eigenvector components| and (full) orthonormal eigenvectors on random tridiagonals (incl. zero couplings, clusters)", () => {
    const rng = Rng.seeded(41);
    for (const d of [1, 2, 3, 7, 20, 48, 90]) {
      for (let trial = 0; trial < 4; trial++) {
        const a = Float64Array.from({ length: d }, () => (trial === 3 ? 1 + 1e-9 * rng.normal() : 10 * rng.normal()));
        const b = Float64Array.from({ length: Math.max(0, d - 1) }, () => (trial === 2 && rng.uniform() < 0.2 ? 0 : rng.normal()));
        const T = new Float64Array(d * d);
        for (let i = 0; i < d; i++) { T[i * d + i] = a[i]; if (i + 1 < d) { T[i * d + i + 1] = b[i]; T[(i + 1) * d + i] = b[i]; } }
        const ref = symEigen(T, d);
        const got = tridiagonalEigenBottom(a, b, d);
        let scale = 0;
        for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(ref.values[i]));
        for (let i = 0; i < d; i++) {
          expect(Math.abs(got.values[i] - ref.values[i])).toBeLessThan(1e-12 * Math.max(1, scale));
          // The last component is defined up to sign; where eigenvalues are clustered only the
          // cluster's total weight is, so compare sums of squares over groups of near-equal values.
        }
        for (let i = 0; i < d; ) {
          let j = i + 1;
          while (j < d && ref.values[j] - ref.values[j - 1] < 1e-6 * Math.max(1, scale)) j++;
          let want = 0, have = 0;
          for (let t = i; t < j; t++) { want += ref.vectors[(d - 1) * d + t] ** 2; have += got.bottom[t] ** 2; }
          expect(Math.abs(Math.sqrt(have) - Math.sqrt(want))).toBeLessThan(1e-9);
          i = j;
        }
        // The full decomposition: same values, orthonormal eigenvectors with T·s = θ·s.
        const full = tridiagonalEigen(a, b, d);
        let orth = 0, resid = 0, bottom = 0;
        for (let c = 0; c < d; c++) {
          expect(full.values[c]).toBe(got.values[c]);
          for (let c2 = 0; c2 <= c; c2++) {
            let ip = 0;
            for (let i = 0; i < d; i++) ip += full.vectors[i * d + c] * full.vectors[i * d + c2];
            orth = Math.max(orth, Math.abs(ip - (c === c2 ? 1 : 0)));
          }
          for (let i = 0; i < d; i++) {
            let ts = 0;
            for (let q = 0; q < d; q++) ts += T[i * d + q] * full.vectors[q * d + c];
            resid = Math.max(resid, Math.abs(ts - full.values[c] * full.vectors[i * d + c]));
          }
          bottom = Math.max(bottom, Math.abs(Math.abs(full.vectors[(d - 1) * d + c]) - Math.abs(got.bottom[c])));
        }
        expect(orth).toBeLessThan(1e-12);
        expect(resid).toBeLessThan(1e-12 * Math.max(1, scale));
        expect(bottom).toBeLessThan(1e-12);
      }
    }
  });
});
