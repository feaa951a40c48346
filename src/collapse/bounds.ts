/**
 * Weight-based bounds on the layer-to-layer trace ratios (Kothapalli, Tirer, Bruna, NeurIPS 2023,
 * §5 / Theorem on Tr Σ(H^{l}) vs Tr Σ(H^{l−1}) for GraphConv on SBM graphs; REFERENCE.md §3).
 *
 * With n = N/C nodes per class, β1 = (p−q)/(p+q), β2 = p/(n(p+q)), β3 = (p²+q²)/(n(p+q)²), and the
 * layer's weights stored d_in×d_out (row features: out = F W1 + ÂF W2, so Cov(out) = Wᵀ Cov(in) W):
 *
 *   T_B = (W1 + β1 W2)(W1 + β1 W2)ᵀ,
 *   T_W = W1 W1ᵀ + β2 (W2 W1ᵀ + W1 W2ᵀ) + β3 W2 W2ᵀ                 (both d_in×d_in)
 *
 * and for S = Σ_B (resp. Σ_W) of the layer's input, ratio = Tr(T S)/Tr(S) obeys the von Neumann /
 * Ruhe trace inequality (t, s ascending eigenvalues of T and S, both symmetric PSD):
 *
 *   Σ_i t_{d+1−i} s_i / Σ s_i  ≤  Tr(T S)/Tr(S)  ≤  Σ_i t_i s_i / Σ s_i.
 *
 * T_B is PSD by construction; T_W is PSD because β2² ≤ β3 whenever n ≥ 1 (Cauchy–Schwarz on the
 * quadratic form), so its eigenvalues are its singular values. We use eigenvalues, for which the
 * inequality holds for any symmetric T. W1 = null (useW1 off) means W1 = 0. Tr(S) = 0 → NaN
 * (0/0: no variability to propagate).
 */
import { GncError } from "../util/errors.js";
import type { Matrix } from "./types.js";
import { checkMatrix } from "./validate.js";
import { symEigenvalues } from "./linalg.js";

export interface TraceRatioBound {
  lower: number;
  upper: number;
  /** Tr(T S)/Tr(S). */
  actual: number;
}

export interface TraceRatioBoundsInput {
  /** Root weight d_in×d_out, or null when the layer has none. */
  W1: Matrix | null;
  /** Neighbour weight d_in×d_out. */
  W2: Matrix;
  /** Σ_B of the layer input (d_in×d_in); falls back to `sigma`. */
  sigmaB?: Float64Array;
  /** Σ_W of the layer input (d_in×d_in); falls back to `sigma`. */
  sigmaW?: Float64Array;
  /** One covariance used for both ratios when sigmaB / sigmaW are not given. */
  sigma?: Float64Array;
  p: number;
  q: number;
  /** n = N/C. */
  nPerClass: number;
}

export interface TraceRatioBounds {
  beta1: number;
  beta2: number;
  beta3: number;
  /** T_B, d_in×d_in. */
  TB: Float64Array;
  /** T_W, d_in×d_in. */
  TW: Float64Array;
  ratioB: TraceRatioBound;
  ratioW: TraceRatioBound;
}

/** β1, β2, β3 of the bound for SBM(p, q) with n nodes per class. */
export function boundBetas(p: number, q: number, n: number): [number, number, number] {
  if (!(p >= 0 && q >= 0 && p + q > 0)) throw new GncError(`gnc/collapse: bounds need p, q ≥ 0 with p + q > 0, got p=${p}, q=${q}`);
  if (!(n > 0)) throw new GncError(`gnc/collapse: bounds need nPerClass > 0, got ${n}`);
  const s = p + q;
  return [(p - q) / s, p / (n * s), (p * p + q * q) / (n * s * s)];
}

/** Tr(T S)/Tr(S) with its eigenvalue bounds (T, S symmetric d×d). */
export function traceRatioBound(T: Float64Array, S: Float64Array, d: number): TraceRatioBound {
  const Ss = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) Ss[i * d + j] = 0.5 * (S[i * d + j] + S[j * d + i]);
  let trS = 0, trTS = 0;
  for (let i = 0; i < d; i++) {
    trS += Ss[i * d + i];
    for (let j = 0; j < d; j++) trTS += T[i * d + j] * Ss[j * d + i];
  }
  const t = symEigenvalues(T, d), s = symEigenvalues(Ss, d);
  let lo = 0, hi = 0;
  for (let i = 0; i < d; i++) { lo += t[d - 1 - i] * s[i]; hi += t[i] * s[i]; }
  if (trS === 0) return { lower: NaN, upper: NaN, actual: NaN };
  return { lower: lo / trS, upper: hi / trS, actual: trTS / trS };
}

export function traceRatioBounds(input: TraceRatioBoundsInput): TraceRatioBounds {
  const { W1, W2, p, q, nPerClass } = input;
  checkMatrix(W2, "W2 (d_in×d_out)");
  const din = W2.rows, dout = W2.cols;
  if (W1) checkMatrix(W1, "W1 (d_in×d_out)", din, dout);
  const SB = input.sigmaB ?? input.sigma, SW = input.sigmaW ?? input.sigma;
  if (!SB || !SW) throw new GncError("gnc/collapse: traceRatioBounds needs sigmaB and sigmaW (or sigma for both)");
  for (const [S, name] of [[SB, "sigmaB"], [SW, "sigmaW"]] as const) {
    if (S.length !== din * din) throw new GncError(`gnc/collapse: ${name} has ${S.length} entries, expected d_in² = ${din * din}`);
  }
  const [b1, b2, b3] = boundBetas(p, q, nPerClass);
  const w1 = (i: number, k: number) => (W1 ? W1.data[i * dout + k] : 0);
  const TB = new Float64Array(din * din), TW = new Float64Array(din * din);
  for (let i = 0; i < din; i++) {
    for (let j = i; j < din; j++) {
      let tb = 0, t11 = 0, t21 = 0, t22 = 0;
      for (let k = 0; k < dout; k++) {
        const a1 = w1(i, k), a2 = W2.data[i * dout + k], c1 = w1(j, k), c2 = W2.data[j * dout + k];
        tb += (a1 + b1 * a2) * (c1 + b1 * c2);
        t11 += a1 * c1;
        t21 += a2 * c1 + a1 * c2; // (W2W1ᵀ + W1W2ᵀ)_{ij}
        t22 += a2 * c2;
      }
      const tw = t11 + b2 * t21 + b3 * t22;
      TB[i * din + j] = TB[j * din + i] = tb;
      TW[i * din + j] = TW[j * din + i] = tw;
    }
  }
  return {
    beta1: b1, beta2: b2, beta3: b3, TB, TW,
    ratioB: traceRatioBound(TB, SB, din),
    ratioW: traceRatioBound(TW, SW, din),
  };
}
