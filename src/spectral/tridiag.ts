/**
 * Eigenvalues and the LAST components of the unit eigenvectors of a symmetric tridiagonal matrix,
 * in O(d²): the implicit QL algorithm tql2 (Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL
 * algorithms for symmetric matrices", Numer. Math. 11, 1968; EISPACK; as in JAMA's
 * EigenvalueDecomposition) with its rotations applied to one row of the eigenvector matrix only —
 * the row e_dᵀ — instead of all d (the trick Golub & Welsch 1969 use for the first row).
 *
 * Lanczos (lanczos.ts) needs exactly this for its convergence estimate |β_j·s_{j,i}| at every step
 * of a partially re-orthogonalised cycle, where T is tridiagonal; the full eigenvectors are only
 * needed when it stops or restarts.
 */

/**
 * alpha: diagonal (length d); beta: off-diagonal, beta[i] couples i and i+1 (length ≥ d − 1).
 * Returns eigenvalues ascending and, matching, the last component of each unit eigenvector (sign arbitrary).
 */
export function tridiagonalEigenBottom(alpha: ArrayLike<number>, beta: ArrayLike<number>, d: number): { values: Float64Array; bottom: Float64Array } {
  const dd = Float64Array.from({ length: d }, (_, i) => alpha[i]);
  const e = new Float64Array(d);
  for (let i = 0; i + 1 < d; i++) e[i] = beta[i]; // e[i] couples i and i+1; e[d−1] = 0
  const z = new Float64Array(d); // the last row of the accumulated rotations
  if (d > 0) z[d - 1] = 1;
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
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        dd[l] = e[l] / (p + r);
        dd[l + 1] = e[l] * (p + r);
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
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * dd[i] - s * g;
          dd[i + 1] = h + s * (c * g + s * dd[i]);
          const zi1 = z[i + 1];
          z[i + 1] = s * z[i] + c * zi1;
          z[i] = c * z[i] - s * zi1;
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
  return { values: Float64Array.from(order, (i) => dd[i]), bottom: Float64Array.from(order, (i) => z[i]) };
}
