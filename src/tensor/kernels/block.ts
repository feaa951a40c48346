/**
 * ReLU + BatchNorm (batch statistics, biased variance; Ioffe & Szegedy 2015) forward and backward
 * on row-major N×d Float32Arrays, specialised per width d like dense.ts (the generic loops
 * over an inner length of 8 were the largest self-time in the fused step's profile).
 *
 * forward(R, n, gamma, beta, mu, invstd, B): R ← ReLU(R) in place (when relu), μ, 1/√(σ²+ε) into
 *   mu/invstd (float64, two-pass variance), B = γ (R − μ)/√(σ²+ε) + β.
 * backward(dB, R, n, gamma, mu, invstd, dGamma, dBeta): dγ += Σ dB ⊙ X̂, dβ += Σ dB, and in place
 *   dB ← 1[R > 0] ⊙ γ/√(σ²+ε) ⊙ (dB − mean(dB) − X̂ ⊙ mean(dB ⊙ X̂))   (mask only when relu).
 * Unrolled kernels are generated at build time (tensor/kernels/codegen.ts → generated.ts) for the
 * widths in BLOCK_WIDTHS; other widths up to UNROLL_MAX_D run `unrolledEquivalentBlock` (the same
 * float operations in the same order: bit-identical), wider ones `genericBlock`.
 */
import { GENERATED_BLOCK } from "./generated.js";
import { GEN_BN_EPS } from "./codegen.js";

/** BatchNorm ε (PyTorch's default, as in the reference). */
export const BN_EPS = GEN_BN_EPS;

export interface BlockKernels {
  forward(R: Float32Array, n: number, gamma: Float32Array, beta: Float32Array, mu: Float64Array, invstd: Float64Array, B: Float32Array): void;
  backward(dB: Float32Array, R: Float32Array, n: number, gamma: Float32Array, mu: Float64Array, invstd: Float64Array, dGamma: Float64Array, dBeta: Float64Array): void;
}

const UNROLL_MAX_D = 64;
const cache = new Map<string, BlockKernels>();

export function blockKernels(d: number, relu: boolean): BlockKernels {
  const key = `${d}:${relu}`;
  let k = cache.get(key);
  if (!k) {
    const gen = (GENERATED_BLOCK as Record<string, BlockKernels>)[key];
    k = gen ?? (d <= UNROLL_MAX_D ? unrolledEquivalentBlock(d, relu) : genericBlock(d, relu));
    cache.set(key, k);
  }
  return k;
}

/** Plain loops (any d): the reference for the generated kernels. */
export function genericBlock(d: number, relu: boolean): BlockKernels {
  return {
    forward(R, n, gamma, beta, mu, invstd, B) {
      const len = n * d, s = new Float64Array(d), q = new Float64Array(d);
      if (relu) for (let t = 0; t < len; t++) if (!(R[t] > 0)) R[t] = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) s[k] += R[i * d + k];
      for (let k = 0; k < d; k++) mu[k] = s[k] / n;
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) { const c = R[i * d + k] - mu[k]; q[k] += c * c; }
      for (let k = 0; k < d; k++) invstd[k] = 1 / Math.sqrt(q[k] / n + BN_EPS);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) B[i * d + k] = gamma[k] * (R[i * d + k] - mu[k]) * invstd[k] + beta[k];
    },
    backward(dB, R, n, gamma, mu, invstd, dGamma, dBeta) {
      const sB = new Float64Array(d), sBX = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) { const g = dB[i * d + k]; sB[k] += g; sBX[k] += g * (R[i * d + k] - mu[k]) * invstd[k]; }
      for (let k = 0; k < d; k++) { dBeta[k] += sB[k]; dGamma[k] += sBX[k]; }
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < d; k++) {
          const t = i * d + k, xh = (R[t] - mu[k]) * invstd[k];
          dB[t] = relu && !(R[t] > 0) ? 0 : gamma[k] * invstd[k] * (dB[t] - sB[k] / n - xh * (sBX[k] / n));
        }
      }
    },
  };
}

/** The generated kernels' arithmetic (codegen.ts blockSource) as loops over d: bit-identical. */
export function unrolledEquivalentBlock(d: number, relu: boolean): BlockKernels {
  return {
    forward(R, n, gamma, beta, mu, invstd, B) {
      const s = new Float64Array(d), q = new Float64Array(d), a = new Float64Array(d), b = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        const o = i * d;
        for (let k = 0; k < d; k++) {
          let v = R[o + k];
          if (relu && !(v > 0)) { v = 0; R[o + k] = 0; }
          s[k] += v;
        }
      }
      for (let k = 0; k < d; k++) mu[k] = s[k] / n;
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) { const c = R[i * d + k] - mu[k]; q[k] += c * c; }
      for (let k = 0; k < d; k++) {
        invstd[k] = 1 / Math.sqrt(q[k] / n + BN_EPS);
        a[k] = gamma[k] * invstd[k];
        b[k] = beta[k] - mu[k] * a[k];
      }
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) B[i * d + k] = R[i * d + k] * a[k] + b[k];
    },
    backward(dB, R, n, gamma, mu, invstd, dGamma, dBeta) {
      const s = new Float64Array(d), x = new Float64Array(d), a = new Float64Array(d), e = new Float64Array(d), c = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) { const g = dB[i * d + k]; s[k] += g; x[k] += g * (R[i * d + k] - mu[k]); }
      for (let k = 0; k < d; k++) {
        x[k] *= invstd[k];
        dBeta[k] += s[k]; dGamma[k] += x[k];
        a[k] = gamma[k] * invstd[k]; e[k] = s[k] / n; c[k] = x[k] * invstd[k] / n;
      }
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < d; k++) {
          const t = i * d + k, r = R[t];
          dB[t] = relu && !(r > 0) ? 0 : a[k] * (dB[t] - e[k] - (r - mu[k]) * c[k]);
        }
      }
    },
  };
}
