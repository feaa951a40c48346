/**
 * Eigenvalues and the LAST components of the unit eigenvectors of a symmetric tridiagonal matrix,
 * in O(d²): the implicit QL algorithm tql2 (Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL
 * algorithms for symmetric matrices", Numer. Math. 11, 1968; EISPACK; as in JAMA's
 * EigenvalueDecomposition) with its rotations applied to one row of the eigenvector matrix only —
 * the row e_dᵀ — instead of all d (the trick Golub & Welsch 1969 use for the first row).
 *
 * Lanczos (lanczos.ts) needs exactly this for its convergence estimate |β_j·s_{j,i}| at every step
 * of a partially re-orthogonalised cycle, where T is tridiagonal; the full eigenvectors (same
 * iteration, every row accumulated: O(d³)) only when it stops or restarts.
 */

/**
 * alpha: diagonal (length d); beta: off-diagonal, beta[i] couples i and i+1 (length ≥ d − 1).
 * Returns eigenvalues ascending and, matching, the last component of each unit eigenvector (sign arbitrary).
 */
export function tridiagonalEigenBottom(alpha: ArrayLike<number>, beta: ArrayLike<number>, d: number): { values: Float64Array; bottom: Float64Array } {
  const { values, rows } = ql(alpha, beta, d, 1);
  return { values, bottom: rows };
}

/** The full decomposition by the same iteration: eigenvalues ascending, vectors d×d row-major with column k (vectors[i·d + k]) the unit eigenvector of values[k] — symEigen's layout. */
export function tridiagonalEigen(alpha: ArrayLike<number>, beta: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const { values, rows } = ql(alpha, beta, d, d);
  return { values, vectors: rows };
}

/** tql2 accumulating the last `r` rows of the eigenvector matrix (r = 1: the last row; r = d: all). */
function ql(alpha: ArrayLike<number>, beta: ArrayLike<number>, d: number, r: number): { values: Float64Array; rows: Float64Array } {
  const dd = Float64Array.from({ length: d }, (_, i) => alpha[i]);
  const e = new Float64Array(d);
  for (let i = 0; i + 1 < d; i++) e[i] = beta[i]; // e[i] couples i and i+1; e[d−1] = 0
  const z = new Float64Array(r * d); // rows d − r .. d − 1 of the accumulated rotations
  for (let q = 0; q < r; q++) z[q * d + d - r + q] = 1;
  const eps = 2 ** -52;
  let f = 0, tst1 = 0;
  for (let l = 0; l < d; l++) {
    tst1 = Math.max(tst1, Math.abs(dd[l]) + Math.abs(e[l]));
    let m = l;
    while (m < d - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 100; iter++) {
        // Wilkinson-type shift from the leading 2×2 block, then a QL sweep from m up to l.
        let g = dd[l];
        let p = (dd[l + 1] - g) / (2 * e[l]);
        let rr = Math.hypot(p, 1);
        if (p < 0) rr = -rr;
        dd[l] = e[l] / (p + rr);
        dd[l + 1] = e[l] * (p + rr);
        const dl1 = dd[l + 1];
        let h = g - dd[l];
        for (let i = l + 2; i < d; i++) dd[i] -= h;
        f += h;
        p = dd[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          rr = Math.hypot(p, e[i]);
          e[i + 1] = s * rr;
          s = e[i] / rr;
          c = p / rr;
          p = c * dd[i] - s * g;
          dd[i + 1] = h + s * (c * g + s * dd[i]);
          for (let q = 0; q < r; q++) {
            const o = q * d, zi1 = z[o + i + 1];
            z[o + i + 1] = s * z[o + i] + c * zi1;
            z[o + i] = c * z[o + i] - s * zi1;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        dd[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    dd[l] += f;
    e[l] = 0;
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => dd[a] - dd[b]);
  const rows = new Float64Array(r * d);
  for (let q = 0; q < r; q++) for (let k = 0; k < d; k++) rows[q * d + k] = z[q * d + order[k]];
  return { values: Float64Array.from(order, (i) => dd[i]), rows };
}
