import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { makeOperator, orientedApply } from "../../src/spectral/operators.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { lanczos, spectralNorm } from "../../src/spectral/lanczos.js";
import { absCos, denseEigen, denseOperator, randomGraph } from "./dense.js";

describe("Lanczos", () => {
  it("agrees with ml-matrix's dense symmetric eigen-decomposition to 1e-8 (both ends, k pairs)", () => {
    const rng = Rng.seeded(5);
    for (const [n, p] of [[40, 0.15], [120, 0.06], [200, 0.04]] as const) {
      const g = randomGraph(rng, n, p);
      for (const name of ["bh", "nl", "adj"] as const) {
        const op = makeOperator(name, g);
        const ref = denseEigen(denseOperator(name, g, op.r ?? 0));
        for (const which of ["smallest", "largest"] as const) {
          const k = 3;
          const res = lanczos(op.apply, n, { k, which, rng: Rng.seeded(n), tol: 1e-12, basis: 20 });
          expect(res.converged).toBe(true);
          for (let t = 0; t < k; t++) {
            const idx = which === "smallest" ? t : n - 1 - t;
            const scale = Math.max(1, res.norm);
            expect(Math.abs(res.values[t] - ref.values[idx])).toBeLessThan(1e-8 * scale);
            expect(res.residuals[t]).toBeLessThanOrEqual(1e-12 * res.norm);
            // Eigenvector: compare where the eigenvalue is simple (gap ≥ 1e-6).
            const gapL = idx > 0 ? ref.values[idx] - ref.values[idx - 1] : Infinity;
            const gapR = idx < n - 1 ? ref.values[idx + 1] - ref.values[idx] : Infinity;
            if (Math.min(gapL, gapR) > 1e-6 * scale) expect(1 - absCos(res.vectors[t], ref.vectors[idx])).toBeLessThan(1e-8);
          }
        }
      }
    }
  });

  it("partial re-orthogonalisation gives the eigenpairs of full re-orthogonalisation (the reference) with fewer full sweeps", () => {
    const s = sampleSbm({ n: 3000, classes: 2, pIn: 16 / 3000, pOut: 4 / 3000 }, Rng.seeded(31));
    for (const name of ["bh", "nl"] as const) {
      const op = makeOperator(name, s.graph);
      const deflate = op.trivial ? [op.trivial] : [];
      const k = name === "bh" ? 2 : 1;
      const run = (mode: "partial" | "full") =>
        lanczos(orientedApply(op), 3000, { k, which: "smallest", rng: Rng.seeded(2), tol: 1e-11, deflate, reorthogonalisation: mode });
      const part = run("partial"), full = run("full");
      expect(part.converged && full.converged).toBe(true);
      expect(full.reorthogonalisations).toBe(full.matvecs); // every step
      expect(part.reorthogonalisations).toBeLessThan(part.matvecs / 2);
      for (let t = 0; t < k; t++) {
        expect(Math.abs(part.values[t] - full.values[t])).toBeLessThan(1e-10 * full.norm);
        expect(1 - absCos(part.vectors[t], full.vectors[t])).toBeLessThan(1e-10);
        expect(part.residuals[t]).toBeLessThanOrEqual(1e-11 * part.norm);
      }
    }
  });

  it("restarts (fully re-orthogonalised cycles after a partial first one) still reach the dense eigenpairs", () => {
    const g = randomGraph(Rng.seeded(14), 240, 0.05);
    for (const name of ["nl", "bh"] as const) {
      const op = makeOperator(name, g);
      const ref = denseEigen(denseOperator(name, g, op.r ?? 0));
      const res = lanczos(op.apply, 240, { k: 3, which: "smallest", rng: Rng.seeded(3), tol: 1e-11, basis: 5 });
      expect(res.restarts).toBeGreaterThan(0);
      expect(res.converged).toBe(true);
      for (let t = 0; t < 3; t++) expect(Math.abs(res.values[t] - ref.values[t])).toBeLessThan(1e-8 * Math.max(1, res.norm));
    }
    expect(() => lanczos(makeOperator("bh", g).apply, 240, { k: 1, which: "smallest", rng: Rng.seeded(1), reorthogonalisation: "some" as "full" })).toThrow(/"partial" or "full"/);
  });

  it("uses a deterministic sign (largest |component| positive) and is reproducible from the seed", () => {
    const g = randomGraph(Rng.seeded(8), 80, 0.08);
    const op = makeOperator("bh", g);
    const a = lanczos(op.apply, 80, { k: 2, which: "smallest", rng: Rng.seeded(1) });
    const b = lanczos(op.apply, 80, { k: 2, which: "smallest", rng: Rng.seeded(1) });
    const c = lanczos(op.apply, 80, { k: 2, which: "smallest", rng: Rng.seeded(2) });
    expect(Array.from(a.vectors[0])).toEqual(Array.from(b.vectors[0]));
    for (let t = 0; t < 2; t++) {
      const x = a.vectors[t];
      let best = 0;
      for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) > Math.abs(x[best])) best = i;
      expect(x[best]).toBeGreaterThan(0);
      // Another start vector gives the same vector (same sign), not its negative.
      for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - c.vectors[t][i])).toBeLessThan(1e-6);
    }
  });

  it("deflates given directions and finds the next eigenpairs", () => {
    const g = randomGraph(Rng.seeded(9), 100, 0.08);
    const op = makeOperator("nl", g);
    const ref = denseEigen(denseOperator("nl", g));
    const res = lanczos(orientedApply(op), 100, { k: 2, which: "smallest", rng: Rng.seeded(3), deflate: [op.trivial!] });
    let zeros = 0;
    while (Math.abs(ref.values[zeros]) < 1e-10) zeros++;
    expect(zeros).toBe(1); // connected at this density: one trivial eigenvector
    expect(res.values[0]).toBeCloseTo(ref.values[1], 9);
    expect(res.values[1]).toBeCloseTo(ref.values[2], 9);
    let d = 0;
    for (let i = 0; i < 100; i++) d += res.vectors[0][i] * op.trivial![i];
    expect(Math.abs(d)).toBeLessThan(1e-12);
  });

  it("handles a basis as large as the space (exact invariant subspace) on tiny operators", () => {
    const g = randomGraph(Rng.seeded(4), 6, 0.6);
    const op = makeOperator("bh", g);
    const ref = denseEigen(denseOperator("bh", g, op.r));
    const res = lanczos(op.apply, 6, { k: 6, which: "smallest", rng: Rng.seeded(1) });
    expect(res.converged).toBe(true);
    for (let t = 0; t < 6; t++) expect(res.values[t]).toBeCloseTo(ref.values[t], 10);
  });

  it("reports non-convergence with its residual when the budget is too small", () => {
    const g = randomGraph(Rng.seeded(6), 300, 0.03);
    const op = makeOperator("bh", g);
    const res = lanczos(op.apply, 300, { k: 2, which: "smallest", rng: Rng.seeded(1), tol: 1e-14, maxMatvecs: 10, basis: 8 });
    expect(res.converged).toBe(false);
    expect(res.residuals[1]).toBeGreaterThan(1e-14 * res.norm);
    expect(Array.from(res.values).every(Number.isFinite)).toBe(true);
  });

  it("spectralNorm is max |λ|", () => {
    const g = randomGraph(Rng.seeded(12), 90, 0.1);
    for (const name of ["bh", "nl", "adj"] as const) {
      const op = makeOperator(name, g);
      const ref = denseEigen(denseOperator(name, g, op.r ?? 0));
      const want = Math.max(Math.abs(ref.values[0]), Math.abs(ref.values[ref.values.length - 1]));
      expect(Math.abs(spectralNorm(op.apply, 90, Rng.seeded(2)).norm - want)).toBeLessThan(1e-7 * want);
    }
  });

  it("rejects bad requests", () => {
    const g = randomGraph(Rng.seeded(6), 10, 0.5);
    const op = makeOperator("adj", g);
    expect(() => lanczos(op.apply, 10, { k: 0, which: "smallest", rng: Rng.seeded(1) })).toThrow(/positive integer/);
    expect(() => lanczos(op.apply, 10, { k: 10, which: "smallest", rng: Rng.seeded(1), deflate: [op.trivial!] })).toThrow(/dimension 10/);
  });
});
