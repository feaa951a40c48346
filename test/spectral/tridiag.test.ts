import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { symEigen } from "../../src/collapse/linalg.js";
import { tridiagonalEigenBottom } from "../../src/spectral/tridiag.js";

describe("tridiagonalEigenBottom", () => {
  it("gives Jacobi's eigenvalues and |last eigenvector components| on random tridiagonals (incl. zero couplings, clusters)", () => {
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
      }
    }
  });
});
