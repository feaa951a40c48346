import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/tensor/backend.js";
import { prepareGraph } from "../../src/tensor/graph-tensors.js";
import { createNetwork } from "../../src/models/network.js";
import { sampleSbm } from "../../src/graphs/sbm.js";
import { MetricAccumulator, trackGraph, type EvalGraph } from "../../src/train/tracking.js";
import { Rng } from "../../src/util/rng.js";

/** Tr Σ_W and Tr Σ_B by the textbook two-pass formulas in float64 (rows of F, N×d). */
function traces(F: number[][], y: Int32Array, C: number): { w: number; b: number } {
  const d = F[0].length, n = F.length;
  const mu = Array.from({ length: C }, () => new Array(d).fill(0));
  const cnt = new Array(C).fill(0);
  F.forEach((r, i) => { cnt[y[i]]++; r.forEach((v, j) => (mu[y[i]][j] += v)); });
  mu.forEach((m, c) => m.forEach((_, j) => (m[j] /= cnt[c])));
  let w = 0;
  F.forEach((r, i) => r.forEach((v, j) => (w += (v - mu[y[i]][j]) ** 2)));
  const g = new Array(d).fill(0).map((_, j) => mu.reduce((s, m) => s + m[j], 0) / C);
  let b = 0;
  mu.forEach((m) => m.forEach((v, j) => (b += (v - g[j]) ** 2)));
  return { w: w / n, b: b / C };
}

function neighbourMean(F: number[][], rowPtr: Int32Array, cols: Int32Array): number[][] {
  return F.map((r, i) => {
    const s = rowPtr[i], e = rowPtr[i + 1];
    return r.map((_, j) => { let t = 0; for (let p = s; p < e; p++) t += F[cols[p]][j]; return e > s ? t / (e - s) : 0; });
  });
}

describe("collapse tracking", () => {
  it("per-layer traces and ratios equal an independent float64 computation, aggregated over graphs", async () => {
    await initBackend("wasm");
    const rng = Rng.seeded(8);
    const C = 2, L = 3, d = 4;
    const net = createNetwork({ inDim: 3, hidden: d, classes: C, depth: L, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" }, rng);
    const graphs: EvalGraph[] = [0, 1, 2].map(() => {
      const s = sampleSbm({ n: 50, classes: C, pIn: 0.3, pOut: 0.05 }, rng);
      return { graph: s.graph, labels: s.labels, x: tf.tensor2d(Array.from({ length: 50 * 3 }, () => rng.normal()), [50, 3]), g: prepareGraph(s.graph) };
    });
    const acc = new MetricAccumulator();
    for (const eg of graphs) trackGraph({ network: net, classes: C, loss: { kind: "mse" }, pIn: 0.3, pOut: 0.05 }, eg, acc);
    const rows = acc.rows({ run: "t", epoch: 1, step: 2, split: "test" });
    const get = (layer: number, kind: string, variant: string, metric: string) => rows.find((r) => r.layer === layer && r.kind === kind && r.variant === variant && r.metric === metric)!;

    const per: Record<string, number[]> = {};
    const push = (k: string, v: number) => (per[k] ??= []).push(v);
    for (const eg of graphs) {
      const fr = net.forward(eg.x, eg.g, { capture: true });
      let prev: Record<string, { w: number; b: number }> | null = null;
      for (let l = 1; l <= L; l++) {
        const cur: Record<string, { w: number; b: number }> = {};
        for (const kind of ["conv", "relu", "bn"] as const) {
          const F = fr.blocks![l - 1][kind].arraySync() as number[][];
          cur[kind + "H"] = traces(F, eg.labels, C);
          cur[kind + "HA"] = traces(neighbourMean(F, eg.graph.rowPtr, eg.graph.cols), eg.labels, C);
          push(`${l}${kind}H.w`, cur[kind + "H"].w);
          push(`${l}${kind}HA.b`, cur[kind + "HA"].b);
        }
        if (prev) push(`${l}ratioW`, cur.convH.w / prev.bnH.w);
        prev = cur;
      }
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const meanLog = (a: number[]) => mean(a.map(Math.log10));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
    for (let l = 1; l <= L; l++) {
      for (const kind of ["conv", "relu", "bn"]) {
        close(get(l, kind, "H", "trSigmaW").mean, mean(per[`${l}${kind}H.w`]));
        close(get(l, kind, "H", "trSigmaW").meanLog10, meanLog(per[`${l}${kind}H.w`]));
        close(get(l, kind, "HA", "trSigmaB").mean, mean(per[`${l}${kind}HA.b`]));
      }
      if (l > 1) close(get(l, "conv", "H", "trSigmaWRatio").mean, mean(per[`${l}ratioW`]));
    }
    expect(get(1, "conv", "H", "trSigmaWRatio")).toBeUndefined();
    // The final layer carries NC2/NC3/NC4 and the test loss/overlap.
    for (const m of ["nc1", "nc2EtfError", "nc3SelfDuality", "nc4NccAgreement", "snr"]) expect(get(L + 1, "final", "H", m)).toBeDefined();
    expect(get(L + 1, "final", "out", "overlap").mean).toBeGreaterThanOrEqual(-1);
  });

  it("final-layer metrics do not depend on how the classes are numbered (NC3/NC4 match classes to output columns)", async () => {
    await initBackend("wasm");
    const rng = Rng.seeded(12);
    const C = 3;
    const net = createNetwork({ inDim: 3, hidden: 4, classes: C, depth: 2, layer: "graphconv", aggregation: "mean", useW1: true, bias: false, batchNorm: true, activation: "relu" }, rng);
    const s = sampleSbm({ n: 60, classes: C, pIn: 0.3, pOut: 0.05 }, rng);
    const eg: EvalGraph = { graph: s.graph, labels: s.labels, x: tf.tensor2d(Array.from({ length: 60 * 3 }, () => rng.normal()), [60, 3]), g: prepareGraph(s.graph) };
    const relabelled: EvalGraph = { ...eg, labels: s.labels.map((y) => [2, 0, 1][y]) };
    const ctx = { network: net, classes: C, loss: { kind: "mse" as const }, pIn: 0.3, pOut: 0.05 };
    const rowsOf = (g: EvalGraph) => {
      const acc = new MetricAccumulator();
      trackGraph(ctx, g, acc);
      return acc.rows({ run: "t", epoch: 0, step: 0, split: "test" }).filter((r) => r.kind === "final");
    };
    const a = rowsOf(eg), b = rowsOf(relabelled);
    expect(a.length).toBeGreaterThan(20);
    for (let i = 0; i < a.length; i++) {
      expect(b[i].metric).toBe(a[i].metric);
      expect(Math.abs(b[i].mean - a[i].mean), a[i].metric).toBeLessThan(1e-9 * Math.max(1, Math.abs(a[i].mean)));
    }
    // NC4 recomputed independently: match classes to output columns by brute force over the C!
    // permutations of the MSE cost, then compare argmax(out) with the nearest class mean of the
    // penultimate features (float64, explicit loops). A mismatched class mapping changes this value.
    const fr = net.forward(eg.x, eg.g);
    const out = Array.from(fr.out.dataSync()), P = Array.from(fr.penultimate.dataSync());
    const n = s.labels.length, d = 4;
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const cost = (pm: number[]) => { let t = 0; for (let i = 0; i < n; i++) for (let k = 0; k < C; k++) t += (out[i * C + k] - (pm[s.labels[i]] === k ? 1 : 0)) ** 2; return t; };
    const best = perms.reduce((a, b) => (cost(b) < cost(a) ? b : a));
    const y = Array.from(s.labels, (c) => best[c]);
    const mu = Array.from({ length: C }, (_, c) => {
      const m = new Array(d).fill(0); let cnt = 0;
      for (let i = 0; i < n; i++) if (y[i] === c) { cnt++; for (let j = 0; j < d; j++) m[j] += P[i * d + j]; }
      return m.map((v) => v / cnt);
    });
    let agree = 0;
    for (let i = 0; i < n; i++) {
      let arg = 0, near = 0, bestD = Infinity;
      for (let k = 1; k < C; k++) if (out[i * C + k] > out[i * C + arg]) arg = k;
      for (let c = 0; c < C; c++) { let dist = 0; for (let j = 0; j < d; j++) dist += (P[i * d + j] - mu[c][j]) ** 2; if (dist < bestD) { bestD = dist; near = c; } }
      if (arg === near) agree++;
    }
    fr.out.dispose(); fr.penultimate.dispose();
    expect(a.find((r) => r.variant === "H" && r.metric === "nc4NccAgreement")!.mean).toBeCloseTo(agree / n, 12);
  });
});

describe("fast-stats (generated kernels)", () => {
  it("BlockStats equals classStatistics and classStatistics ∘ aggregateMean (random inputs, d = 1..17 and > MAX_UNROLL)", async () => {
    const { aggregateMean, classStatistics } = await import("../../src/collapse/index.js");
    const { BlockStats, MAX_UNROLL } = await import("../../src/train/fast-stats.js");
    const rng = Rng.seeded(21);
    for (const [d, C] of [[1, 2], [3, 3], [8, 2], [16, 4], [17, 2], [MAX_UNROLL + 2, 3]]) {
      const n = 60;
      const { graph, labels } = sampleSbm({ n, classes: C, pIn: 0.08, pOut: 0.02 }, rng); // sparse: isolated nodes likely
      const bs = new BlockStats(graph, labels, C, d);
      for (let rep = 0; rep < 2; rep++) { // reused buffers must not leak between calls
        // Large offsets per class make the two-pass correction matter (means ≫ spread).
        const X = [0, 1, 2].map(() => new Float32Array(n * d).map((_, t) => 100 * labels[Math.floor(t / d)] + rng.normal()));
        const agg = bs.aggregate3(X[0], X[1], X[2]);
        for (let k = 0; k < 3; k++) {
          const refA = aggregateMean({ data: X[k], rows: n, cols: d }, graph).data;
          for (let i = 0; i < n * d; i++) expect(Math.abs(agg[k][i] - refA[i])).toBeLessThan(1e-12 * (1 + Math.abs(refA[i])));
          const pairs = [[bs.direct(X[k]), classStatistics({ data: X[k], rows: n, cols: d }, labels, C)], [bs.ofAggregated(agg[k]), classStatistics({ data: refA, rows: n, cols: d }, labels, C)]];
          for (const [got, ref] of pairs) {
            for (const key of ["means", "globalMean", "sigmaW", "sigmaB"] as const) {
              const g = got[key], r = ref[key];
              expect(g.length).toBe(r.length);
              for (let i = 0; i < r.length; i++) expect(Math.abs(g[i] - r[i]), `${key} d=${d}`).toBeLessThan(1e-9 * (1 + Math.abs(r[i])));
            }
            expect(Math.abs(got.trSigmaW - ref.trSigmaW)).toBeLessThan(1e-10 * (1 + ref.trSigmaW));
            expect(Math.abs(got.trSigmaB - ref.trSigmaB)).toBeLessThan(1e-10 * (1 + ref.trSigmaB));
          }
        }
      }
    }
  });
});
