/**
 * ReLU + BatchNorm (batch statistics, biased variance; Ioffe & Szegedy 2015) forward and backward
 * on row-major N×d Float32Arrays, specialised per width d like dense-kernels.ts (the generic loops
 * over an inner length of 8 were the largest self-time in the fused step's profile).
 *
 * forward(R, n, gamma, beta, mu, invstd, B): R ← ReLU(R) in place (when relu), μ, 1/√(σ²+ε) into
 *   mu/invstd (float64, two-pass variance), B = γ (R − μ)/√(σ²+ε) + β.
 * backward(dB, R, n, gamma, mu, invstd, dGamma, dBeta): dγ += Σ dB ⊙ X̂, dβ += Σ dB, and in place
 *   dB ← 1[R > 0] ⊙ γ/√(σ²+ε) ⊙ (dB − mean(dB) − X̂ ⊙ mean(dB ⊙ X̂))   (mask only when relu).
 */
/** BatchNorm ε (PyTorch's default, as in the reference). */
export const BN_EPS = 1e-5;

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
    k = d <= UNROLL_MAX_D ? generatedBlock(d, relu) : genericBlock(d, relu);
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

function generatedBlock(d: number, relu: boolean): BlockKernels {
  const K = Array.from({ length: d }, (_, k) => k);
  const each = (f: (k: number) => string, sep = " ") => K.map(f).join(sep);
  const fwd = `
    ${each((k) => `let s${k} = 0;`)}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => relu ? `let v${k} = R[o + ${k}]; if (!(v${k} > 0)) { v${k} = 0; R[o + ${k}] = 0; } s${k} += v${k};` : `s${k} += R[o + ${k}];`, "\n")}
    }
    ${each((k) => `const m${k} = s${k} / n; let q${k} = 0;`)}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `const c${k} = R[o + ${k}] - m${k}; q${k} += c${k} * c${k};`, "\n")}
    }
    ${each((k) => `const iv${k} = 1 / Math.sqrt(q${k} / n + ${BN_EPS}); const a${k} = gamma[${k}] * iv${k}; const b${k} = beta[${k}] - m${k} * a${k}; mu[${k}] = m${k}; invstd[${k}] = iv${k};`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `B[o + ${k}] = R[o + ${k}] * a${k} + b${k};`)}
    }`;
  const bwd = `
    ${each((k) => `let s${k} = 0, x${k} = 0; const m${k} = mu[${k}], iv${k} = invstd[${k}];`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => `const g${k} = dB[o + ${k}]; s${k} += g${k}; x${k} += g${k} * (R[o + ${k}] - m${k});`, "\n")}
    }
    ${each((k) => `x${k} *= iv${k}; dBeta[${k}] += s${k}; dGamma[${k}] += x${k}; const a${k} = gamma[${k}] * iv${k}, e${k} = s${k} / n, c${k} = x${k} * iv${k} / n;`, "\n")}
    for (let i = 0; i < n; i++) {
      const o = i * ${d};
      ${each((k) => relu
        ? `{ const r = R[o + ${k}]; dB[o + ${k}] = r > 0 ? a${k} * (dB[o + ${k}] - e${k} - (r - m${k}) * c${k}) : 0; }`
        : `dB[o + ${k}] = a${k} * (dB[o + ${k}] - e${k} - (R[o + ${k}] - m${k}) * c${k});`, "\n")}
    }`;
  const make = (args: string, body: string) => new Function(args, `"use strict";${body}`) as never;
  return {
    forward: make("R, n, gamma, beta, mu, invstd, B", fwd),
    backward: make("dB, R, n, gamma, mu, invstd, dGamma, dBeta", bwd),
  };
}
