/**
 * NC1, within-class variability collapse (REFERENCE.md §3).
 *
 *   nc1Pinv       = Tr(Σ_W Σ_B⁺)/C      Papyan, Han, Donoho, PNAS 2020 (Σ_B⁺ Moore–Penrose)
 *   nc1TraceRatio = Tr Σ_W / Tr Σ_B     "NC1~", Kothapalli, Tirer, Bruna, NeurIPS 2023
 *
 * Degenerate cases (never NaN for finite input):
 *   - Σ_W = 0 (every node sits on its class mean, e.g. constant features): both metrics are 0 —
 *     exact within-class collapse, whatever Σ_B is. For nc1Pinv this is also the literal value.
 *   - Σ_W ≠ 0 and Σ_B = 0 (all class means equal): both metrics are +Infinity. The literal
 *     Moore–Penrose value would be 0 (pinv(0) = 0), which would read as perfect collapse when the
 *     classes are in fact not separated at all; we report +Infinity instead (documented deviation).
 */
import type { ClassStats } from "./stats.js";
import { centredMeans } from "./stats.js";
import { orthogonaliseRows } from "./linalg.js";

/**
 * Tr(Σ_W Σ_B⁺)/C (Papyan et al. 2020; Kothapalli et al. 2023, NC1).
 *
 * Computed without forming Σ_B⁺ (d×d): with M̃ the C×d centred means, Σ_B = M̃ᵀM̃/C. The all-ones
 * direction is an exact null vector of M̃ᵀ (Σ_c (μ_c − μ_G) = 0); a Householder reflection Q with
 * Qᵀ1 ∝ e_C turns M̃ into QᵀM̃ whose last row is that rounding-level residue — dropped, leaving
 * M′ ((C−1)×d) with M′ᵀM′ = M̃ᵀM̃. One-sided Jacobi then orthogonalises the rows of M′ into
 * b_k = s_k v_kᵀ (s_k, v_k the singular values / right vectors), and
 *
 *   Tr(Σ_W Σ_B⁺)/C = Σ_k v_kᵀ Σ_W v_k / s_k² = Σ_k b_kᵀ Σ_W b_k / s_k⁴,
 *
 * at C·d² + C²·d cost instead of a d³ pseudo-inverse.
 *
 * Pseudo-inverse tolerance: an eigenvalue λ_k = s_k²/C of Σ_B counts as zero when
 * λ_k ≤ max(d, C)·eps·λ_max — torch.linalg.pinv's default rtol (max(rows, cols)·eps, what the
 * reference code calls on the d×d Σ_B) and numpy.linalg.matrix_rank's. Because s_k comes from
 * Jacobi on M′ (not from eigenvalues of a Gram matrix), genuinely null directions sit near
 * eps²·λ_max, far below that threshold, so the choice is not borderline.
 */
export function nc1Pinv(stats: ClassStats): number {
  const { classes: C, d, sigmaW } = stats;
  if (stats.trSigmaW === 0) return 0;
  const B = projectedCentredMeans(stats);
  const r = C - 1;
  const s = orthogonaliseRows(B, r, d);
  let sMax = 0;
  for (let k = 0; k < r; k++) if (s[k] > sMax || Number.isNaN(s[k])) sMax = s[k];
  if (Number.isNaN(sMax) || Number.isNaN(stats.trSigmaW)) return NaN;
  if (sMax === 0) return Infinity;
  const tol = Math.max(d, C) * Number.EPSILON * sMax * sMax;
  let sum = 0;
  for (let k = 0; k < r; k++) {
    const s2 = s[k] * s[k];
    if (s2 <= tol) continue;
    const b = B.subarray(k * d, (k + 1) * d);
    let q = 0;
    for (let a = 0; a < d; a++) {
      let row = 0;
      for (let e = 0; e < d; e++) row += sigmaW[a * d + e] * b[e];
      q += b[a] * row;
    }
    sum += q / (s2 * s2);
  }
  return sum;
}

/**
 * The first C−1 rows of QᵀM̃ ((C−1)×d), Q the Householder reflection taking u = 1/√C to e_C:
 * an orthonormal change of basis of the class index that isolates the exact null direction of M̃ᵀ.
 */
export function projectedCentredMeans(stats: ClassStats): Float64Array {
  const { classes: C, d } = stats;
  const M = centredMeans(stats);
  if (C < 2) return new Float64Array(0);
  // w = u − e_C, P = I − 2wwᵀ/(wᵀw): P u = e_C. (P M̃)_i = M̃_i − (2 w_i / wᵀw)·(wᵀM̃).
  const u = 1 / Math.sqrt(C);
  const w = new Float64Array(C).fill(u);
  w[C - 1] -= 1;
  const ww = 2 - 2 * u;
  const wM = new Float64Array(d);
  for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) wM[a] += w[c] * M[c * d + a];
  const out = new Float64Array((C - 1) * d);
  for (let c = 0; c < C - 1; c++) {
    const f = (2 * w[c]) / ww;
    for (let a = 0; a < d; a++) out[c * d + a] = M[c * d + a] - f * wM[a];
  }
  return out;
}

/** Tr Σ_W / Tr Σ_B ("NC1~", Kothapalli et al. 2023); 0 when Tr Σ_W = 0, +Infinity when only Tr Σ_B = 0. */
export function nc1TraceRatio(stats: ClassStats): number {
  if (stats.trSigmaW === 0) return 0;
  if (stats.trSigmaB === 0) return Infinity;
  return stats.trSigmaW / stats.trSigmaB;
}
