import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { classStatistics, centredMeans } from "../../src/collapse/stats.js";
import { nc2EtfError, nc2Equiangularity, nc2Equinorm, nc2OfError } from "../../src/collapse/nc2.js";
import { nc3EtfError, nc3OfError, nc3SelfDuality } from "../../src/collapse/nc3.js";
import { argmaxPredictions, nc4NccAgreement } from "../../src/collapse/nc4.js";
import { snr } from "../../src/collapse/snr.js";
import { collapseMetrics } from "../../src/collapse/index.js";
import type { Matrix } from "../../src/collapse/types.js";
import { clusteredFeatures, etf, fromRows, of, randomLabels, randomMatrix, randomOrthogonal, refFrameError, relErr, toRows } from "./reference.js";

const TOL = 1e-10;
const std = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length); };

/** C points of a simplex ETF embedded in d ≥ C dims by a random rotation, scaled by s. */
function simplexEtf(rng: Rng, C: number, d: number, s: number): Matrix {
  const Q = randomOrthogonal(rng, d);
  return fromRows(Array.from({ length: C }, (_, c) => Q[0].map((_, j) => s * Array.from({ length: C }, (_, k) => ((c === k ? 1 : 0) - 1 / C) * Q[k][j]).reduce((a, b) => a + b, 0))));
}

describe("NC2", () => {
  it("frame errors match the explicit formula on random matrices", () => {
    const rng = Rng.seeded(4);
    for (const [C, k] of [[2, 3], [4, 16], [5, 2], [10, 32]]) {
      const X = randomMatrix(rng, C, k);
      expect(relErr(nc2EtfError(X), refFrameError(toRows(X), etf(C)))).toBeLessThan(TOL);
      expect(relErr(nc2OfError(X), refFrameError(toRows(X), of(C)))).toBeLessThan(TOL);
    }
  });

  it("simplex ETF → nc2EtfError = 0, orthogonal frame → nc2OfError = 0 (any scale, rotation)", () => {
    const rng = Rng.seeded(6);
    for (const [C, d] of [[2, 2], [3, 5], [4, 4], [7, 9]]) {
      expect(nc2EtfError(simplexEtf(rng, C, d, 3.7))).toBeLessThan(1e-14);
      const Q = randomOrthogonal(rng, d);
      const OF = fromRows(Q.slice(0, C).map((r) => r.map((v) => v * 0.01)));
      expect(nc2OfError(OF)).toBeLessThan(1e-14);
      expect(nc2EtfError(OF)).toBeGreaterThan(0.1); // and they are different frames
    }
  });

  it("equinorm and equiangularity match Papyan's std/avg of norms and std of pairwise cosines", () => {
    const rng = Rng.seeded(9);
    for (const C of [3, 4, 6]) {
      const M = randomMatrix(rng, C, 5);
      const mu = Array.from({ length: 5 }, (_, a) => toRows(M).reduce((s, r) => s + r[a] / C, 0));
      const Z = toRows(M).map((r) => r.map((v, a) => v - mu[a]));
      const norms = Z.map((z) => Math.hypot(...z));
      const cos: number[] = [];
      for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) if (i !== j) cos.push(Z[i].reduce((s, v, t) => s + v * Z[j][t], 0) / (norms[i] * norms[j]));
      const m = norms.reduce((a, b) => a + b, 0) / C;
      expect(relErr(nc2Equinorm(M, Float64Array.from(mu)), std(norms) / m)).toBeLessThan(TOL);
      expect(relErr(nc2Equiangularity(M, Float64Array.from(mu)), std(cos))).toBeLessThan(TOL);
    }
    // A simplex ETF is equinorm and equiangular.
    const E = simplexEtf(rng, 5, 6, 2);
    const g = new Float64Array(6);
    expect(nc2Equinorm(E, g)).toBeLessThan(1e-14);
    expect(nc2Equiangularity(E, g)).toBeLessThan(1e-14);
  });

  it("degenerate input (all means equal) gives defined values, not NaN", () => {
    const M: Matrix = { data: new Float64Array(12).fill(2), rows: 3, cols: 4 };
    const g = new Float64Array(4).fill(2);
    const Z: Matrix = { data: new Float64Array(12), rows: 3, cols: 4 };
    expect(nc2EtfError(Z)).toBeCloseTo(1, 14);
    expect(nc2OfError(Z)).toBeCloseTo(1, 14);
    expect(nc2Equinorm(M, g)).toBe(0);
    expect(nc2Equiangularity(M, g)).toBe(0);
  });
});

describe("NC3", () => {
  it("matches the explicit formulas on random inputs", () => {
    const rng = Rng.seeded(10);
    for (const [d, C] of [[4, 2], [8, 4], [3, 5]]) {
      const W = randomMatrix(rng, d, C), M = randomMatrix(rng, C, d);
      const nW = Math.hypot(...W.data), nM = Math.hypot(...M.data);
      let e = 0;
      for (let c = 0; c < C; c++) for (let a = 0; a < d; a++) e += (W.data[a * C + c] / nW - M.data[c * d + a] / nM) ** 2;
      expect(relErr(nc3SelfDuality(W, M), Math.sqrt(e))).toBeLessThan(TOL);
      // P = M·W explicitly, then the frame error of P itself (not of its Gram).
      const P = Array.from({ length: C }, (_, c) => Array.from({ length: C }, (_, k) => Array.from({ length: d }, (_, a) => M.data[c * d + a] * W.data[a * C + k]).reduce((x, y) => x + y, 0)));
      const nP = Math.hypot(...P.flat());
      const fe = (t: (i: number, j: number) => number) => Math.sqrt(P.flat().reduce((s, v, idx) => s + (v / nP - t(Math.floor(idx / C), idx % C)) ** 2, 0));
      expect(relErr(nc3EtfError(W, M), fe(etf(C)))).toBeLessThan(TOL);
      expect(relErr(nc3OfError(W, M), fe(of(C)))).toBeLessThan(TOL);
    }
  });

  it("W ∝ Mᵀ with M a simplex ETF → self-duality 0 and ETF error 0", () => {
    const rng = Rng.seeded(12);
    const M = simplexEtf(rng, 4, 6, 1.3);
    const W: Matrix = { data: new Float64Array(24), rows: 6, cols: 4 };
    for (let c = 0; c < 4; c++) for (let a = 0; a < 6; a++) W.data[a * 4 + c] = 5 * M.data[c * 6 + a];
    expect(nc3SelfDuality(W, M)).toBeLessThan(1e-14);
    expect(nc3EtfError(W, M)).toBeLessThan(1e-14);
  });

  it("rejects a transposed classifier", () => {
    expect(() => nc3SelfDuality(randomMatrix(Rng.seeded(1), 3, 5), randomMatrix(Rng.seeded(2), 3, 5))).toThrow(/expected W d×C/);
  });
});

describe("NC4 and SNR", () => {
  it("nc4NccAgreement matches a brute-force nearest-mean count", () => {
    const rng = Rng.seeded(14);
    const y = randomLabels(rng, 150, 4);
    const F = clusteredFeatures(rng, y, 4, 3, 1);
    const st = classStatistics(F, y, 4);
    const pred = Int32Array.from({ length: 150 }, () => rng.int(4));
    let agree = 0;
    for (let i = 0; i < 150; i++) {
      const dist = [0, 1, 2, 3].map((c) => [0, 1, 2].reduce((s, a) => s + (F.data[i * 3 + a] - st.means[c * 3 + a]) ** 2, 0));
      if (dist.indexOf(Math.min(...dist)) === pred[i]) agree++;
    }
    expect(nc4NccAgreement(F, { data: st.means, rows: 4, cols: 3 }, pred)).toBe(agree / 150);
    // Predictions equal to the nearest-mean rule on collapsed features → 1.
    const Fc: Matrix = { data: new Float64Array(150 * 3), rows: 150, cols: 3 };
    for (let i = 0; i < 150; i++) for (let a = 0; a < 3; a++) Fc.data[i * 3 + a] = st.means[y[i] * 3 + a];
    expect(nc4NccAgreement(Fc, { data: st.means, rows: 4, cols: 3 }, y)).toBe(1);
  });

  it("snr matches ‖M_exp W‖/‖(F − M_exp)W‖ with M_exp materialised", () => {
    const rng = Rng.seeded(15);
    const y = randomLabels(rng, 90, 3);
    const F = clusteredFeatures(rng, y, 3, 5);
    const W = randomMatrix(rng, 5, 3);
    const st = classStatistics(F, y, 3);
    let sig = 0, noi = 0;
    for (let i = 0; i < 90; i++) for (let e = 0; e < 3; e++) {
      let a = 0, b = 0;
      for (let k = 0; k < 5; k++) { a += st.means[y[i] * 5 + k] * W.data[k * 3 + e]; b += (F.data[i * 5 + k] - st.means[y[i] * 5 + k]) * W.data[k * 3 + e]; }
      sig += a * a; noi += b * b;
    }
    expect(relErr(snr(F, y, st, W), Math.sqrt(sig / noi))).toBeLessThan(TOL);
  });
});

describe("collapseMetrics", () => {
  it("assembles the individual metrics, with the documented choice of centred / uncentred means", () => {
    const rng = Rng.seeded(16);
    const y = randomLabels(rng, 100, 4);
    const F = clusteredFeatures(rng, y, 4, 6);
    const W = randomMatrix(rng, 6, 4);
    const st = classStatistics(F, y, 4);
    const Mc: Matrix = { data: centredMeans(st), rows: 4, cols: 6 };
    const Mu: Matrix = { data: st.means, rows: 4, cols: 6 };
    const m = collapseMetrics(F, y, 4, { weights: W });
    expect(m.nc2EtfError).toBe(nc2EtfError(Mc));
    expect(m.nc2OfError).toBe(nc2OfError(Mu));
    expect(m.nc3SelfDuality).toBe(nc3SelfDuality(W, Mc));
    expect(m.nc3EtfError).toBe(nc3EtfError(W, Mc));
    expect(m.nc3OfError).toBe(nc3OfError(W, Mu));
    expect(m.nc4NccAgreement).toBe(nc4NccAgreement(F, Mu, argmaxPredictions(F, W)));
    expect(collapseMetrics(F, y, 4, { weights: W, nc3Means: "uncentred" }).nc3SelfDuality).toBe(nc3SelfDuality(W, Mu));
    expect(m.aggregated).toBeUndefined();
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
  });
});
