/**
 * Thick-restart Lanczos for a few eigenpairs of a large sparse symmetric operator, in float64.
 *
 * Algorithm: the Lanczos process (Golub & Van Loan, "Matrix Computations", 4th ed., §10.1) and
 * thick restart (Wu & Simon, "Thick-restart Lanczos method for large symmetric eigenvalue
 * problems", SIAM J. Matrix Anal. Appl. 22, 2000; Stathopoulos, Saad & Wu 1998): at the end of a
 * cycle the Rayleigh–Ritz step eigen-decomposes the projected matrix T (≈ VᵀMV), the l
 * best-wanted Ritz vectors and the last residual direction become the new basis, and T restarts
 * as the "arrowhead" diag(θ) + coupling row β·s_{last,i}.
 *
 * Re-orthogonalisation. The first cycle is partial (Simon, "The Lanczos algorithm with partial
 * reorthogonalization", Math. Comp. 42, 1984): three-term steps w = Mv_j − β_{j−1}v_{j−1} − α_j v_j,
 * T tridiagonal, while Simon's ω-recurrence estimates ω_{j+1,k} ≈ v_{j+1}ᵀv_k — written here for
 * any coupling pattern of T as β_j ω_{j+1,k} = (ΩT − TΩ)_{jk} plus a rounding term — and only when
 * some |ω| passes the level min(√eps, 0.1·tol) is v_{j+1} (and, as Simon requires, v_{j+2})
 * orthogonalised against the whole basis. Such a cycle may grow to 3m vectors, so most problems
 * (the Bethe Hessian's informative pairs: ~50 products) never restart. Cycles after a restart
 * re-orthogonalise every step fully, as ARPACK does (Lehoucq, Sorensen & Yang, "ARPACK Users'
 * Guide", 1998): classical Gram–Schmidt against the whole basis, repeated while a sweep loses more
 * than 1/√2 of the norm (DGKS: Daniel, Gragg, Kaufman & Stewart 1976), every coefficient kept in T.
 * `reorthogonalisation: "full"` runs every cycle that way (the reference the tests compare with).
 * The level is tied to tol because the loss of orthogonality bounds how well T and the restart
 * represent M: with √eps, a tol of 1e-12 stalls near 5e-11 (measured).
 *
 * Stop: checked at every step of a partial cycle (tridiag.ts), every CHECK_EVERY steps of a full
 * one and at the end of a cycle — every wanted Ritz pair has
 * ‖Mx − θx‖ ≤ tol·‖M‖ (‖M‖ estimated by the largest |θ| seen), first by the cheap estimate
 * |β_j·s_{j,i}|, then confirmed by explicit residuals, which are the ones reported. Ends:
 * "smallest", "largest", or "magnitude" (largest |λ|, for ‖M‖₂). Sign convention: each
 * eigenvector's largest-|component| entry (first such index) is positive. The start vector is
 * Gaussian from the given Rng. `deflate` vectors (orthonormal, invariant under M — e.g. a known
 * trivial eigenvector) are projected out of every Krylov vector.
 *
 * The small dense eigenproblem uses collapse/linalg's Jacobi (accurate to ulps of ‖T‖).
 * Memory: (3m + 3 + k + l)·N doubles ((m + 3 + k + l)·N with full re-orthogonalisation); the basis is
 * reused by the next solve when the garbage collector has not taken it (see takeBuffer).
 */
import { symEigen } from "../collapse/linalg.js";
import { tridiagonalEigen, tridiagonalEigenBottom } from "./tridiag.js";
import { axpy, axpyDot, axpyNorm2, basisDots, combineBasis, combineBasisMany, dot, projectOut, scaleInto, subtractBasis } from "./ortho.js";
import { GncError } from "../util/errors.js";
import type { Rng } from "../util/rng.js";

export type MatVec = (x: Float64Array, y: Float64Array) => void;
export type SpectrumEnd = "smallest" | "largest" | "magnitude";

export interface LanczosOptions {
  /** Number of eigenpairs wanted. */
  k: number;
  which: SpectrumEnd;
  /** Seeds the start vector. */
  rng: Rng;
  /** Relative residual tolerance (default 1e-10). */
  tol?: number;
  /** Budget of operator applications (default max(2000, 100·k)). */
  maxMatvecs?: number;
  /** Basis size m before a restart (default max(24, 2k + 16), capped by the dimension). */
  basis?: number;
  /** Orthonormal vectors to keep the Krylov space orthogonal to. */
  deflate?: readonly Float64Array[];
  /** "partial" (default): Simon's partial re-orthogonalisation in the first cycle; "full": every step (see the banner). */
  reorthogonalisation?: "partial" | "full";
}

export interface LanczosResult {
  /** Eigenvalues, best-wanted first (ascending for "smallest", descending for "largest", by |λ| for "magnitude"). */
  values: Float64Array;
  /** Unit eigenvectors matching `values`. */
  vectors: Float64Array[];
  /** Explicit residuals ‖Mx − θx‖. */
  residuals: Float64Array;
  /** Estimate of ‖M‖₂ (largest |Ritz value| seen). */
  norm: number;
  /** Operator applications. */
  matvecs: number;
  restarts: number;
  /** Steps that re-orthogonalised against the whole basis (the first of each cycle, and where ω passed √eps). */
  reorthogonalisations: number;
  /** Every residual ≤ tol·norm. */
  converged: boolean;
  tol: number;
}

const MOD = "gnc/spectral/lanczos";
const EPS = 2 ** -52;
const SQRT_EPS = Math.sqrt(EPS);
/** Steps between convergence checks in a fully re-orthogonalised cycle (each costs a dense d×d eigen-decomposition; partial cycles check every step, tridiag.ts). */
const CHECK_EVERY = 4;
/** The first cycle's basis may grow to FIRST_CYCLE·m vectors (partial re-orthogonalisation keeps it cheap). */
const FIRST_CYCLE = 3;

/** The arrays one solve works on; the module-level functions below take it (closures inside lanczos() were new objects each solve, and V8 deoptimised lanczos() on the "wrong call target" every time). */
interface Work {
  V: Float64Array;
  w: Float64Array;
  h: Float64Array;
  g: Float64Array;
  n: number;
  deflate: readonly Float64Array[];
  Om: Float64Array;
  W: number;
  eps1: number;
}

/** Full classical Gram–Schmidt sweeps of w against V[0..count) until one keeps > 1/√2 of the norm (DGKS); coefficients added to h. */
function sweeps(s: Work, count: number, before: number): number {
  const { V, w, h, g, n, deflate } = s;
  for (let pass = 0; pass < 3; pass++) {
    projectOut(w, deflate); // in every sweep: rounding along a deflated (wanted-end) direction would grow
    basisDots(V, w, n, count, g);
    subtractBasis(V, g, n, count, w);
    for (let i = 0; i < count; i++) h[i] += g[i];
    const after = Math.sqrt(dot(w, w, n));
    if (after > before * Math.SQRT1_2) return after;
    before = after;
  }
  return before;
}

/** Orthogonalise w against V[0..count) and deflate (modified GS from the newest, then full sweeps); ‖w‖ after, coefficients in h. */
function orthogonalise(s: Work, count: number): number {
  const { V, w, h, n } = s;
  projectOut(w, s.deflate);
  h.fill(0, 0, count);
  for (let i = count - 1; i >= 0; i--) {
    const c = dot(V, w, n, i * n);
    h[i] += c;
    axpy(w, c, V, n, i * n);
  }
  return sweeps(s, count, Math.sqrt(dot(w, w, n)));
}

/** A fresh random unit direction orthogonal to V[0..j) and deflate in V[j], or false when the space is exhausted. */
function randomDirection(s: Work, rng: Rng, j: number): boolean {
  const { V, w, n } = s;
  for (let attempt = 0; attempt < 3; attempt++) {
    for (let i = 0; i < n; i++) w[i] = rng.normal();
    const norm0 = Math.sqrt(dot(w, w, n));
    const nw = orthogonalise(s, j);
    if (nw > 1e-8 * norm0) {
      scaleInto(V, j * n, w, 1 / nw, n);
      return true;
    }
  }
  return false;
}

/** ω_{j+1,k} = ε₁ for every k ≤ j (v_{j+1} was just orthogonalised against them). */
function resetOmega(s: Work, j: number): void {
  const { Om, W, eps1 } = s;
  for (let k = 0; k <= j; k++) { Om[(j + 1) * W + k] = eps1; Om[k * W + j + 1] = eps1; }
  Om[(j + 1) * W + j + 1] = 1;
}

/** Make the largest-|component| entry (first such index) positive. */
export function fixSign(x: Float64Array): void {
  let best = 0, bv = -1;
  for (let i = 0; i < x.length; i++) { const a = Math.abs(x[i]); if (a > bv) { bv = a; best = i; } }
  if (x[best] < 0) for (let i = 0; i < x.length; i++) x[i] = -x[i];
}

/**
 * The basis memory of the last solve, kept for the next one. Writing to freshly allocated pages is
 * expensive (page faults: ~0.3 s for the 58 MB of an N = 1e5 basis on the 2-core CI-class VM under
 * load, more than the arithmetic), and callers solve many problems of one size in a row (a spectral
 * run's graphs, a benchmark's repetitions). Up to HELD_BYTES it is held like malloc's retained heap
 * (glibc keeps freed blocks of up to 32 MB for reuse — what scipy's eigsh workspace gets); a larger
 * one only weakly, so the garbage collector may take it.
 */
const HELD_BYTES = 64 * 2 ** 20;
let held: Float64Array | null = null;
let spare: WeakRef<Float64Array> | undefined;

/** length doubles, reusing the kept buffer when it is large enough (contents arbitrary: every read is of written entries). */
function takeBuffer(length: number): Float64Array {
  const b = held ?? spare?.deref();
  if (b !== undefined && b.length >= length) {
    held = null;
    spare = undefined;
    return b.subarray(0, length);
  }
  return new Float64Array(length);
}

function keepBuffer(b: Float64Array): void {
  const whole = new Float64Array(b.buffer, 0, b.buffer.byteLength / 8);
  const old = held ?? spare?.deref();
  if (old !== undefined && old.length >= whole.length) return;
  held = whole.byteLength <= HELD_BYTES ? whole : null;
  spare = held === null ? new WeakRef(whole) : undefined;
}

/** k eigenpairs of the symmetric operator `apply` of dimension n (see the banner). */
export function lanczos(apply: MatVec, n: number, opts: LanczosOptions): LanczosResult {
  const { k, which, rng } = opts;
  const deflate = opts.deflate ?? [];
  const tol = opts.tol ?? 1e-10;
  const avail = n - deflate.length;
  if (!(Number.isInteger(k) && k >= 1)) throw new GncError(`${MOD}: k must be a positive integer, got ${k}`);
  if (k > avail) throw new GncError(`${MOD}: ${k} eigenpairs asked of an operator of dimension ${n}${deflate.length ? ` with ${deflate.length} direction(s) projected out` : ""}`);
  if (!(tol > 0)) throw new GncError(`${MOD}: tol must be positive, got ${tol}`);
  if (opts.reorthogonalisation !== undefined && opts.reorthogonalisation !== "partial" && opts.reorthogonalisation !== "full") {
    throw new GncError(`${MOD}: reorthogonalisation must be "partial" or "full", got ${JSON.stringify(opts.reorthogonalisation)}`);
  }
  const maxMatvecs = opts.maxMatvecs ?? Math.max(2000, 100 * k);
  const m = Math.min(avail, Math.max(opts.basis ?? Math.max(24, 2 * k + 16), k + 2));

  // The first cycle runs with partial re-orthogonalisation and may grow to m1 vectors (few
  // problems then need a restart at all); later cycles re-orthogonalise fully with m vectors.
  const partial = (opts.reorthogonalisation ?? "partial") === "partial";
  const m1 = partial ? Math.min(avail, FIRST_CYCLE * m) : m;
  const M = m1; // stride of T
  // One buffer (reused across solves): the basis, w, and finish's scratch (k Ritz vectors + one product).
  const buf = takeBuffer((m1 + 3 + k) * n);
  const V = buf.subarray(0, (m1 + 1) * n);
  const scratch = buf.subarray((m1 + 2) * n);
  const T = new Float64Array(M * M);
  const W = M + 1;
  const Om = new Float64Array(W * W); // ω_ik: estimates of v_iᵀv_k (Simon's recurrence), ω_ii = 1
  const h = new Float64Array(M + 1);
  const g = new Float64Array(M + 1);
  const w = buf.subarray((m1 + 1) * n, (m1 + 2) * n);
  const diagT = new Float64Array(M), offT = new Float64Array(M); // scratch for the tridiagonal estimate
  const eps1 = EPS * Math.sqrt(n); // orthogonality level right after an explicit orthogonalisation
  // Semi-orthogonality level kept by the first cycle: √eps (Simon) or tighter when the tolerance asks
  // for it (the basis' loss of orthogonality bounds the accuracy of T and of the restart).
  const level = Math.min(SQRT_EPS, 0.1 * tol);

  const work: Work = { V, w, h, g, n, deflate, Om, W, eps1 };

  if (!randomDirection(work, rng, 0)) throw new GncError(`${MOD}: could not draw a start vector`);
  Om[0] = 1;
  let l = 0, matvecs = 0, restarts = 0, reorthogonalisations = 0, norm = 0, bound = 0;
  let Y: Float64Array | null = null; // the thick-restart basis V·S (allocated at the first restart)
  let forced = false; // Simon: after a re-orthogonalisation the next vector is re-orthogonalised too

  for (;;) {
    let theta: Float64Array = new Float64Array(0), S: Float64Array = new Float64Array(0), order: number[] = [], d = 0;
    const pro = partial && restarts === 0, top = restarts === 0 ? m1 : m;
    for (let j = l; j < top; j++) {
      apply(V.subarray(j * n, (j + 1) * n), w);
      matvecs++;
      let beta: number;
      let full = j === l;
      let alpha = 0, bPrev = 0;
      h.fill(0, 0, j + 1);
      if (full) {
        // First step of a cycle: A·v_l couples to every kept Ritz vector (the arrowhead) — full GS.
        beta = orthogonalise(work, j + 1);
      } else {
        // Three-term step: w ← A v_j − β_{j−1} v_{j−1}, α_j = v_jᵀw, w ← w − α_j v_j (two fused passes).
        projectOut(w, deflate);
        bPrev = T[(j - 1) * M + j];
        alpha = axpyDot(w, bPrev, V, (j - 1) * n, j * n, n);
        beta = Math.sqrt(axpyNorm2(w, alpha, V, j * n, n));
        if (deflate.length > 0) {
          // Again after the three-term update: a deflated direction sits at the wanted end, where
          // Lanczos would amplify any rounding along it.
          projectOut(w, deflate);
          beta = Math.sqrt(dot(w, w, n));
        }
        h[j - 1] = bPrev;
        h[j] = alpha;
        if (!pro) {
          // Later cycles: full re-orthogonalisation (CGS with DGKS), every coefficient kept in T.
          beta = sweeps(work, j + 1, beta);
          full = true;
        }
      }
      if (!full) {
        bound = Math.max(bound, Math.abs(alpha) + Math.abs(bPrev) + beta);
        // Simon's ω-recurrence, written for any coupling pattern of T: β_j ω_{j+1,k} = (ΩT − TΩ)_{jk}
        // plus a rounding term of the sign that increases it; re-orthogonalise past √eps.
        for (let i = 0; i <= j; i++) { T[i * M + j] = h[i]; T[j * M + i] = h[i]; }
        const noise = 2 * EPS * Math.max(norm, bound);
        let worst = 0;
        for (let kk = 0; kk < j; kk++) {
          let c = 0;
          for (let i = 0; i <= j; i++) c += T[i * M + kk] * Om[i * W + j] - T[i * M + j] * Om[i * W + kk];
          const om = (c + (c >= 0 ? noise : -noise)) / beta;
          Om[(j + 1) * W + kk] = om;
          Om[kk * W + j + 1] = om;
          worst = Math.max(worst, Math.abs(om));
        }
        const local = eps1 * Math.max(1, Math.hypot(alpha, bPrev) / beta); // cancellation in the local step
        Om[(j + 1) * W + j] = local;
        Om[j * W + j + 1] = local;
        Om[(j + 1) * W + j + 1] = 1;
        if (forced || worst > level || local > level) {
          forced = !forced;
          full = true;
          const hj1 = h[j - 1];
          beta = sweeps(work, j + 1, beta);
          const hj = h[j];
          // Standard PRO: T stays tridiagonal (the corrections are O(√eps) along the basis); only α absorbs its own.
          h.fill(0, 0, j + 1); h[j - 1] = hj1; h[j] = hj;
        }
      }
      if (full) {
        resetOmega(work, j);
        reorthogonalisations++;
      }
      for (let i = 0; i <= j; i++) { T[i * M + j] = h[i]; T[j * M + i] = h[i]; }
      const scale = Math.max(norm, Math.abs(h[j]), 1e-300);
      let betaM = beta;
      if (beta > 1e-12 * scale) {
        const inv = 1 / beta;
        scaleInto(V, (j + 1) * n, w, inv, n);
      } else {
        // Invariant subspace found: continue from a fresh orthogonal direction (coupling 0).
        betaM = 0;
        if (j + 1 >= avail || !randomDirection(work, rng, j + 1)) { d = j + 1; ({ theta, S, order } = ritz(T, M, d, which, pro)); norm = Math.max(norm, maxAbs(theta)); break; }
        resetOmega(work, j);
      }
      if (j + 1 < M) { T[(j + 1) * M + j] = betaM; T[j * M + j + 1] = betaM; }
      // Convergence check every few steps and at the end of the cycle (the stop is then within a few matvecs).
      const last = j === top - 1;
      const out = matvecs >= maxMatvecs;
      d = j + 1;
      if (pro && !last && !out) {
        // T is tridiagonal here: the estimate at every step from its eigenvalues and the last
        // components of its eigenvectors (O(d²), tridiag.ts); the full Ritz vectors only once it passes.
        for (let i = 0; i < d; i++) { diagT[i] = T[i * M + i]; offT[i] = i + 1 < d ? T[i * M + i + 1] : 0; }
        const est = tridiagonalEigenBottom(diagT, offT, d);
        norm = Math.max(norm, maxAbs(est.values));
        const ord = wantedOrder(est.values, which);
        let guess = 0;
        for (let t = 0; t < Math.min(k, d); t++) guess = Math.max(guess, Math.abs(betaM * est.bottom[ord[t]]));
        if (d < k || guess > tol * norm) continue;
      } else if (!last && (j + 1 - l) % CHECK_EVERY !== 0 && !out) continue;
      ({ theta, S, order } = ritz(T, M, d, which, pro));
      norm = Math.max(norm, maxAbs(theta));
      let worst = 0;
      for (let t = 0; t < Math.min(k, d); t++) worst = Math.max(worst, Math.abs(betaM * S[(d - 1) * d + order[t]]));
      if (d >= k && (worst <= tol * norm || out)) {
        const res = finish(apply, deflate, V, S, theta, order, k, n, d, scratch);
        const converged = res.residuals.every((r) => r <= tol * norm);
        if (converged || out) {
          keepBuffer(V);
          return { ...res, norm, matvecs, restarts, reorthogonalisations, converged, tol };
        }
      }
      if (last) break;
    }
    if (d < top || d === avail) {
      // Exhausted (invariant subspace of the whole available space): the Ritz pairs are exact.
      const res = finish(apply, deflate, V, S, theta, order, k, n, d, scratch);
      const converged = res.residuals.every((r) => r <= tol * norm);
      keepBuffer(V);
      return { ...res, norm, matvecs, restarts, reorthogonalisations, converged, tol };
    }
    // Thick restart: keep the l best-wanted Ritz vectors plus the residual direction.
    const keep = Math.min(m - 1, Math.max(k + 1, k + Math.floor((m - k) / 2)));
    const cols = order.slice(0, keep);
    if (Y === null) Y = new Float64Array(keep * n);
    else Y.fill(0);
    combineBasisMany(V, S, d, cols, n, d, Y);
    V.copyWithin(keep * n, d * n, (d + 1) * n);
    V.set(Y, 0);
    restartOmega(Om, W, S, d, cols);
    T.fill(0);
    for (let t = 0; t < keep; t++) T[t * M + t] = theta[order[t]];
    l = keep;
    restarts++;
  }
}

/** Eigen-decomposition of the leading d×d block of T (stride m) — QL when it is tridiagonal (a partial cycle), else Jacobi — and the wanted order of its Ritz values. */
function ritz(T: Float64Array, m: number, d: number, which: SpectrumEnd, tridiagonal: boolean): { theta: Float64Array; S: Float64Array; order: number[] } {
  let dec: { values: Float64Array; vectors: Float64Array };
  if (tridiagonal) {
    const a = new Float64Array(d), b = new Float64Array(d);
    for (let i = 0; i < d; i++) { a[i] = T[i * m + i]; b[i] = i + 1 < d ? T[i * m + i + 1] : 0; }
    dec = tridiagonalEigen(a, b, d);
  } else dec = symEigen(d === m ? T : squeeze(T, m, d), d);
  const { values: theta, vectors: S } = dec;
  return { theta, S, order: wantedOrder(theta, which) };
}

function maxAbs(x: Float64Array): number {
  let b = 0;
  for (let i = 0; i < x.length; i++) b = Math.max(b, Math.abs(x[i]));
  return b;
}

/**
 * ω after a thick restart: the kept Ritz vectors y_a = V s_a and the old residual direction v_d
 * become the basis, so ω'_ab = s_aᵀ Ω s_b and ω'_{a,keep} = s_aᵀ Ω e_d (Ω of the old basis; diagonal 1).
 */
function restartOmega(Om: Float64Array, W: number, S: Float64Array, d: number, cols: readonly number[]): void {
  const keep = cols.length;
  const P = new Float64Array(d * keep); // Ω[0..d, 0..d] · S[:, cols]
  for (let i = 0; i < d; i++) {
    for (let a = 0; a < keep; a++) {
      let s = 0;
      for (let i2 = 0; i2 < d; i2++) s += Om[i * W + i2] * S[i2 * d + cols[a]];
      P[i * keep + a] = s;
    }
  }
  const next = new Float64Array(W * W);
  for (let a = 0; a < keep; a++) {
    for (let b = 0; b < keep; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += S[i * d + cols[a]] * P[i * keep + b];
      next[a * W + b] = a === b ? 1 : s;
    }
    let s = 0;
    for (let i = 0; i < d; i++) s += S[i * d + cols[a]] * Om[i * W + d];
    next[a * W + keep] = s;
    next[keep * W + a] = s;
  }
  next[keep * W + keep] = 1;
  Om.set(next);
}

function squeeze(T: Float64Array, m: number, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = T[i * m + j];
  return out;
}

function wantedOrder(theta: Float64Array, which: SpectrumEnd): number[] {
  const idx = Array.from(theta, (_, i) => i);
  if (which === "smallest") idx.sort((a, b) => theta[a] - theta[b]);
  else if (which === "largest") idx.sort((a, b) => theta[b] - theta[a]);
  else idx.sort((a, b) => Math.abs(theta[b]) - Math.abs(theta[a]));
  return idx;
}

function finish(
  apply: MatVec, deflate: readonly Float64Array[], V: Float64Array, S: Float64Array, theta: Float64Array, order: number[], k: number, n: number, d: number,
  scratch: Float64Array,
): { values: Float64Array; vectors: Float64Array[]; residuals: Float64Array } {
  const values = new Float64Array(k), residuals = new Float64Array(k);
  const vectors: Float64Array[] = [];
  const X = scratch.subarray(0, k * n);
  const y = scratch.subarray(k * n, (k + 1) * n);
  X.fill(0);
  combineBasisMany(V, S, d, order.slice(0, k), n, d, X); // two Ritz vectors per pass over the basis
  for (let t = 0; t < k; t++) {
    const x = X.slice(t * n, (t + 1) * n);
    let nx = 0;
    for (let i = 0; i < n; i++) nx += x[i] * x[i];
    const inv = 1 / Math.sqrt(nx);
    for (let i = 0; i < n; i++) x[i] *= inv;
    fixSign(x);
    apply(x, y);
    projectOut(y, deflate);
    let lam = 0;
    for (let i = 0; i < n; i++) lam += x[i] * y[i];
    let r = 0;
    for (let i = 0; i < n; i++) { const e = y[i] - lam * x[i]; r += e * e; }
    values[t] = lam;
    residuals[t] = Math.sqrt(r);
    vectors.push(x);
  }
  return { values, vectors, residuals };
}

/** ‖M‖₂ = max |λ| of a symmetric operator, by Lanczos at the magnitude end (relative tol default 1e-8). */
export function spectralNorm(apply: MatVec, n: number, rng: Rng, tol = 1e-8): { norm: number; result: LanczosResult } {
  const result = lanczos(apply, n, { k: 1, which: "magnitude", rng, tol });
  return { norm: Math.abs(result.values[0]), result };
}
