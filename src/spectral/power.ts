/**
 * Projected (block) power iteration, the spectral analogue of GNN depth (REFERENCE.md §6;
 * Kothapalli, Tirer, Bruna 2023, §"spectral methods"): with σM the oriented operator (informative
 * end smallest, operators.ts), s the shift and v₀ the trivial eigenvector,
 *
 *   W ← (sI − σM) W,   W ← W − v₀(v₀ᵀW),   W ← orthonormalise(W)  (modified Gram–Schmidt),
 *
 * for a block W of k = C − 1 columns (subspace / orthogonal iteration, Golub & Van Loan, "Matrix
 * Computations", 4th ed., §8.2.4). With s ≥ ‖M‖₂ every eigenvalue s − λ of sI − σM is ≥ 0 and the
 * largest belong to σM's smallest eigenvalues, so W converges to the C − 1 informative eigenvectors
 * at the rate (s − λ_{C+1})/(s − λ_C) per iteration. With s = ‖M‖_F (the reference's quirk) that
 * ratio is much closer to 1, hence the slow curves of the paper.
 *
 * The start block is Gaussian from the Rng. A column that vanishes in Gram–Schmidt (exact
 * invariance, only on degenerate graphs) is replaced by a fresh random orthogonal direction, so the
 * iterate never holds NaN.
 */
import type { Matrix } from "../collapse/types.js";
import { GncError } from "../util/errors.js";
import type { Rng } from "../util/rng.js";
import type { MatVec } from "./lanczos.js";

export interface PowerOptions {
  /** Number of iterations T. */
  iterations: number;
  /** Block width k = C − 1. */
  k: number;
  /** Shift s. */
  shift: number;
  /** Unit trivial eigenvector v₀ to project out. */
  trivial: Float64Array;
  rng: Rng;
  /** Called after each iteration t = 1..T with the N×k row-major iterate (a fresh array each time). */
  onIterate?: (t: number, W: Matrix) => void;
}

function orthonormalise(cols: Float64Array[], trivial: Float64Array, rng: Rng): void {
  const n = trivial.length;
  for (let c = 0; c < cols.length; c++) {
    const w = cols[c];
    for (let attempt = 0; ; attempt++) {
      let n0 = 0;
      for (let i = 0; i < n; i++) n0 += w[i] * w[i];
      for (const u of [trivial, ...cols.slice(0, c)]) {
        let h = 0;
        for (let i = 0; i < n; i++) h += u[i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= h * u[i];
      }
      let nw = 0;
      for (let i = 0; i < n; i++) nw += w[i] * w[i];
      if (nw > 1e-24 * n0 && nw > 0) {
        const inv = 1 / Math.sqrt(nw);
        for (let i = 0; i < n; i++) w[i] *= inv;
        break;
      }
      if (attempt >= 3) throw new GncError(`gnc/spectral/power: cannot find ${cols.length} directions orthogonal to the trivial one in dimension ${n}`);
      for (let i = 0; i < n; i++) w[i] = rng.normal();
    }
  }
}

function rowMajor(cols: Float64Array[], n: number): Matrix {
  const k = cols.length, data = new Float64Array(n * k);
  for (let c = 0; c < k; c++) { const w = cols[c]; for (let i = 0; i < n; i++) data[i * k + c] = w[i]; }
  return { data, rows: n, cols: k };
}

/** Run T iterations of projected block power iteration on σM (`apply`); returns the final columns. */
export function projectedPowerIteration(apply: MatVec, opts: PowerOptions): Float64Array[] {
  const { iterations, k, shift, trivial, rng } = opts;
  const n = trivial.length;
  if (!(Number.isInteger(iterations) && iterations >= 0)) throw new GncError(`gnc/spectral/power: iterations must be a non-negative integer, got ${iterations}`);
  if (!(Number.isInteger(k) && k >= 1 && k < n)) throw new GncError(`gnc/spectral/power: block width must be in 1..${n - 1}, got ${k}`);
  if (!Number.isFinite(shift)) throw new GncError(`gnc/spectral/power: shift must be finite, got ${shift}`);
  const cols = Array.from({ length: k }, () => {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = rng.normal();
    return w;
  });
  orthonormalise(cols, trivial, rng);
  const y = new Float64Array(n);
  for (let t = 1; t <= iterations; t++) {
    for (const w of cols) {
      apply(w, y);
      for (let i = 0; i < n; i++) w[i] = shift * w[i] - y[i];
    }
    orthonormalise(cols, trivial, rng);
    opts.onIterate?.(t, rowMajor(cols, n));
  }
  return cols;
}

export { rowMajor as columnsToRows };
