import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { makeOperator, orientedApply } from "../../src/spectral/operators.js";
import { powerShift, spectralBasis } from "../../src/spectral/direct.js";
import { projectedPowerIteration } from "../../src/spectral/power.js";
import { absCos } from "./dense.js";

/** Cosine of the largest principal angle between two orthonormal column sets (1 = same subspace). */
function subspaceCos(A: Float64Array[], B: Float64Array[]): number {
  // σ_min(AᵀB) for k ≤ 2 computed from the k×k Gram matrix G = (AᵀB)(AᵀB)ᵀ.
  const k = A.length;
  const P = A.map((a) => B.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  if (k === 1) return Math.abs(P[0][0]);
  const g11 = P[0][0] ** 2 + P[0][1] ** 2, g22 = P[1][0] ** 2 + P[1][1] ** 2, g12 = P[0][0] * P[1][0] + P[0][1] * P[1][1];
  const tr = g11 + g22, det = g11 * g22 - g12 * g12;
  return Math.sqrt(Math.max(0, tr / 2 - Math.sqrt(Math.max(0, tr * tr / 4 - det))));
}

describe("projected power iteration", () => {
  const s2 = sampleSbm({ n: 600, classes: 2, pIn: 0.05, pOut: 0.006 }, Rng.seeded(31));
  const s3 = sampleSbm({ n: 600, classes: 3, pIn: 0.06, pOut: 0.006 }, Rng.seeded(32));

  for (const name of ["bh", "nl", "adj"] as const) {
    it(`converges to the Lanczos eigenvector(s) (${name}, C = 2 and 3, spectral shift)`, () => {
      for (const [s, C] of [[s2, 2], [s3, 3]] as const) {
        const op = makeOperator(name, s.graph);
        const basis = spectralBasis(op, C, Rng.seeded(1), { tol: 1e-12 });
        const shift = powerShift(op, "spectral", Rng.seeded(2));
        const seen: number[] = [];
        const W = projectedPowerIteration(orientedApply(op), {
          iterations: 600, k: C - 1, shift, trivial: basis.trivial, rng: Rng.seeded(3),
          onIterate: (t, M) => {
            expect(M.rows).toBe(600);
            expect(M.cols).toBe(C - 1);
            if (t % 100 === 0) seen.push(subspaceCos(Array.from({ length: C - 1 }, (_, c) => Float64Array.from({ length: 600 }, (_, i) => M.data[i * (C - 1) + c])), basis.vectors));
          },
        });
        expect(1 - subspaceCos(W, basis.vectors)).toBeLessThan(1e-6);
        if (C === 2) expect(1 - absCos(W[0], basis.vectors[0])).toBeLessThan(1e-6);
        // The iterate stays orthogonal to the trivial vector and orthonormal.
        for (const w of W) {
          expect(Math.abs(w.reduce((a, v, i) => a + v * basis.trivial[i], 0))).toBeLessThan(1e-10);
          expect(w.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 12);
        }
        expect(seen[seen.length - 1]).toBeGreaterThanOrEqual(seen[0] - 1e-6); // not worse (the k = 2 cosine formula is good to ~1e-8)
      }
    });
  }

  it("the Frobenius shift converges more slowly than the spectral one", () => {
    const op = makeOperator("bh", s2.graph);
    const basis = spectralBasis(op, 2, Rng.seeded(1));
    const after = (shift: number) => {
      const W = projectedPowerIteration(orientedApply(op), { iterations: 32, k: 1, shift, trivial: basis.trivial, rng: Rng.seeded(3) });
      return 1 - absCos(W[0], basis.vectors[0]);
    };
    const spectral = powerShift(op, "spectral", Rng.seeded(2)), fro = powerShift(op, "frobenius", Rng.seeded(2));
    expect(fro).toBeGreaterThan(spectral);
    expect(after(spectral)).toBeLessThan(after(fro));
  });

  it("rejects a bad block width", () => {
    const op = makeOperator("nl", s2.graph);
    expect(() => projectedPowerIteration(orientedApply(op), { iterations: 2, k: 0, shift: 2, trivial: op.trivial!, rng: Rng.seeded(1) })).toThrow(/block width/);
  });
});
