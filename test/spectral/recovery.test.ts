/**
 * Spectral clustering recovers planted partitions above the Kesten–Stigum threshold
 * (c_in − c_out)² > C(c_in + (C − 1)c_out), p = c_in/N, q = c_out/N, and is near chance below it.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { makeOperator, orientedApply } from "../../src/spectral/operators.js";
import { powerShift, spectralBasis } from "../../src/spectral/direct.js";
import { columnsToRows, projectedPowerIteration } from "../../src/spectral/power.js";
import { evaluateEmbedding } from "../../src/spectral/evaluate.js";

const N = 2000;

function bhOverlaps(C: number, cin: number, cout: number, seed: number) {
  const s = sampleSbm({ n: N, classes: C, pIn: cin / N, pOut: cout / N }, Rng.seeded(seed));
  const op = makeOperator("bh", s.graph);
  const basis = spectralBasis(op, C, Rng.seeded(seed + 1));
  const direct = evaluateEmbedding(columnsToRows(basis.vectors, N), s.graph, s.labels, C, Rng.seeded(seed + 2));
  const W = projectedPowerIteration(orientedApply(op), {
    iterations: 200, k: C - 1, shift: powerShift(op, "spectral", Rng.seeded(seed + 3)), trivial: basis.trivial, rng: Rng.seeded(seed + 4),
  });
  const power = evaluateEmbedding(columnsToRows(W, N), s.graph, s.labels, C, Rng.seeded(seed + 2));
  return { direct, power, basis };
}

describe("Bethe Hessian recovery", () => {
  for (const C of [2, 3, 4]) {
    it(`overlap ≥ 0.9 well above Kesten–Stigum (N = ${N}, C = ${C}, c_in = 20, c_out = 2)`, () => {
      expect((20 - 2) ** 2).toBeGreaterThan(C * (20 + (C - 1) * 2));
      const { direct, power, basis } = bhOverlaps(C, 20, 2, 100 + C);
      expect(direct.overlap).toBeGreaterThanOrEqual(0.9);
      expect(power.overlap).toBeGreaterThanOrEqual(0.9);
      expect(basis.warnings).toEqual([]);
      // Collapse is visible: the informative embedding has small within-class variability.
      expect(direct.H.nc1).toBeLessThan(1);
      expect(Number.isFinite(direct.HA.nc1)).toBe(true);
    });
  }

  it("is near chance below Kesten–Stigum (C = 2, c_in = 5, c_out = 4) and says the spectrum does not support C", () => {
    expect((5 - 4) ** 2).toBeLessThan(2 * (5 + 4));
    const overlaps: number[] = [];
    let warned = 0;
    for (const seed of [1, 2, 3]) {
      const { direct, basis } = bhOverlaps(2, 5, 4, seed);
      overlaps.push(direct.overlap);
      warned += basis.warnings.length;
    }
    expect(Math.max(...overlaps.map(Math.abs))).toBeLessThan(0.12);
    expect(warned).toBeGreaterThan(0);
  });

  it("degrades gracefully: overlap grows with the signal c_in − c_out at fixed mean degree", () => {
    const ov = [[5.5, 4.5], [8, 2], [9.5, 0.5]].map(([a, b]) => bhOverlaps(2, a, b, 7).direct.overlap);
    expect(ov[0]).toBeLessThan(ov[1]);
    expect(ov[1]).toBeLessThanOrEqual(ov[2] + 1e-9);
    expect(ov[2]).toBeGreaterThan(0.9);
  });
});
