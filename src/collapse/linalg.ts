/**
 * Small dense float64 linear algebra for the collapse metrics: the symmetric eigen-decomposition of
 * C×C and d×d matrices (cyclic Jacobi, Golub & Van Loan, "Matrix Computations", 4th ed., §8.5) and
 * the few products the metrics need. Matrices are row-major Float64Arrays.
 *
 * Why our own Jacobi rather than ml-matrix: the metrics call it once per graph per layer on tiny
 * matrices (C ≤ ~10, d ≤ ~64), where allocating ml-matrix objects costs more than the arithmetic,
 * and Jacobi is accurate to a few ulps of ‖A‖ on symmetric input. The tests check it against
 * ml-matrix's EigenvalueDecomposition (a different algorithm: Householder tridiagonal + QL).
 */

export interface SymEigen {
  /** Eigenvalues ascending, length n. */
  values: Float64Array;
  /** n×n row-major; column k (vectors[i * n + k]) is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of the symmetric n×n matrix A (only symmetric input is meaningful; A is not
 * modified). Cyclic Jacobi sweeps until the off-diagonal mass is below eps²·‖A‖²_F (at most 100
 * sweeps; quadratic convergence makes ~6–10 typical).
 */
export function symEigen(A: Float64Array, n: number): SymEigen {
  const a = Float64Array.from(A.subarray(0, n * n));
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i] * a[i];
  const stop = total * 1e-33; // (eps·‖A‖_F)² with a margin: eps² ≈ 4.9e-32
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off <= stop || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p], aqq = a[q * n + q];
        // Stable rotation angle (Golub & Van Loan Alg. 8.5.1): t = tan θ with |θ| ≤ π/4.
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  // Sort ascending, permuting eigenvector columns along.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = a[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  }
  return { values, vectors };
}

/** Eigenvalues only, ascending (same algorithm). */
export function symEigenvalues(A: Float64Array, n: number): Float64Array {
  return symEigen(A, n).values;
}

/** X·Xᵀ for X r×k row-major (the r×r Gram matrix). */
export function gram(X: ArrayLike<number>, r: number, k: number): Float64Array {
  const G = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += X[i * k + t] * X[j * k + t];
      G[i * r + j] = s;
      G[j * r + i] = s;
    }
  }
  return G;
}

/** Frobenius norm of a flat array. */
export function frobenius(X: ArrayLike<number>): number {
  // Scaled accumulation so very large or tiny entries neither overflow nor underflow.
  let scale = 0;
  for (let i = 0; i < X.length; i++) scale = Math.max(scale, Math.abs(X[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < X.length; i++) { const x = X[i] / scale; s += x * x; }
  return scale * Math.sqrt(s);
}

/**
 * One-sided (Hestenes) Jacobi on the rows of B (r×k row-major, modified in place): plane rotations
 * from the left until the rows are mutually orthogonal, i.e. B ← Uᵀ B = S Vᵀ. Returns the row norms
 * (the singular values, unsorted, row k ↔ value k). Small singular values come out with high
 * relative accuracy (Demmel & Veselić 1992) — unlike eigenvalues of the Gram matrix B Bᵀ, whose
 * null directions only come out at ~eps·‖B‖², so squaring them is what the pinv must avoid.
 */
export function orthogonaliseRows(B: Float64Array, r: number, k: number): Float64Array {
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < r - 1; i++) {
      for (let j = i + 1; j < r; j++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let t = 0; t < k; t++) {
          const x = B[i * k + t], y = B[j * k + t];
          alpha += x * x; beta += y * y; gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const tt = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tt * tt), s = c * tt;
        for (let t = 0; t < k; t++) {
          const x = B[i * k + t], y = B[j * k + t];
          B[i * k + t] = c * x - s * y;
          B[j * k + t] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(r);
  for (let i = 0; i < r; i++) norms[i] = frobenius(B.subarray(i * k, (i + 1) * k));
  return norms;
}
