/**
 * Direct spectral clustering's eigenvectors (REFERENCE.md §6): the trivial eigenvector v₀ of σM
 * (σ, M from operators.ts: the informative end is the smallest of σM) and the next C − 1
 * eigenvectors, all by sparse Lanczos (lanczos.ts), never a dense decomposition. When v₀ is known in
 * closed form (nl, adj: D^½1) it is deflated and Lanczos looks for C − 1 pairs; otherwise (bh) it
 * looks for C and the first is v₀. Also the power-iteration shift: ‖M‖₂ ("spectral", by Lanczos at
 * the magnitude end) or ‖M‖_F ("frobenius", the reference code's quirk).
 *
 * Spectrum support (Saade, Krzakala, Zdeborová 2014): the number of negative eigenvalues of the
 * Bethe Hessian estimates the number of detectable groups; when fewer than C of the C smallest are
 * negative the C-group structure is not supported by the spectrum (below the detectability
 * threshold, or too few classes really present) and a warning says so.
 */
import { GncError } from "../util/errors.js";
import type { Rng } from "../util/rng.js";
import { lanczos, spectralNorm } from "./lanczos.js";
import { orientedApply, type GraphOperator } from "./operators.js";

export type ShiftRule = "spectral" | "frobenius";

export interface SolverOptions {
  /** Relative residual tolerance (default 1e-8). */
  tol?: number;
  /** Operator applications per Lanczos call (default 5000). */
  maxMatvecs?: number;
}

export interface SpectralBasis {
  /** Unit trivial eigenvector of σM. */
  trivial: Float64Array;
  /** The C − 1 informative unit eigenvectors, σM-ascending. */
  vectors: Float64Array[];
  /** Their eigenvalues of M (not σM). */
  values: Float64Array;
  /** Lanczos operator applications, the largest explicit residual ‖Mx − λx‖ and ‖M‖ estimate. */
  matvecs: number;
  residual: number;
  norm: number;
  warnings: string[];
}

const MOD = "gnc/spectral";

/** The trivial and C − 1 informative eigenvectors of op (GncError if Lanczos does not converge). */
export function spectralBasis(op: GraphOperator, classes: number, rng: Rng, opts: SolverOptions = {}): SpectralBasis {
  const tol = opts.tol ?? 1e-8, maxMatvecs = opts.maxMatvecs ?? 5000;
  if (!(Number.isInteger(classes) && classes >= 2)) throw new GncError(`${MOD}: spectral clustering needs at least 2 classes, got ${classes}`);
  if (classes > op.n - 1) {
    throw new GncError(`${MOD}: C = ${classes} classes need ${classes} eigenvectors but the ${op.name} operator of this graph has dimension ${op.n}; the spectrum cannot support that many classes`);
  }
  const apply = orientedApply(op);
  const k = op.trivial ? classes - 1 : classes;
  const res = lanczos(apply, op.n, { k, which: "smallest", rng, tol, maxMatvecs, deflate: op.trivial ? [op.trivial] : [] });
  const residual = Math.max(...res.residuals);
  if (!res.converged) {
    throw new GncError(
      `${MOD}: Lanczos did not converge for the ${op.name} operator within ${res.matvecs} operator applications: ` +
        `residual ${residual.toExponential(3)} > tol·‖M‖ = ${(tol * res.norm).toExponential(3)} (raise maxIter or tol)`,
    );
  }
  const trivial = op.trivial ?? res.vectors[0];
  const off = op.trivial ? 0 : 1;
  const vectors = res.vectors.slice(off);
  const values = Float64Array.from(res.values.subarray(off), (v) => op.sign * v);
  const warnings: string[] = [];
  if (op.name === "bh") {
    const negative = res.values.filter((v) => v < 0).length;
    if (negative < classes) {
      warnings.push(`${MOD}: the Bethe Hessian has ${negative} negative eigenvalue(s) among its ${classes} smallest: the spectrum supports at most ${Math.max(negative, 1)} group(s), fewer than C = ${classes}`);
    }
  }
  return { trivial, vectors, values, matvecs: res.matvecs, residual, norm: res.norm, warnings };
}

/** The power-iteration shift s of op: ‖M‖₂ (Lanczos) or ‖M‖_F. */
export function powerShift(op: GraphOperator, rule: ShiftRule, rng: Rng): number {
  if (rule === "frobenius") return op.frobenius;
  if (rule !== "spectral") throw new GncError(`${MOD}: unknown shift "${rule as string}" (expected spectral or frobenius)`);
  return spectralNorm(op.apply, op.n, rng, 1e-8).norm;
}
