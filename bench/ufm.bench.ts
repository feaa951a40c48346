/**
 * Benchmark of the gUFM simulator (src/ufm/, REFERENCE.md §4).
 *
 * Workload: the paper's gUFM configuration — K = 10 graphs, N = 1000, C = 2, d = 8, mean
 * aggregation, λ_W1 = λ_W2 = λ_H = 5e-3, lr 0.1, init N(0, 1), W1 on — on SBM samples
 * (p = 0.025, q = 0.0017) and on regular SBMs (same p, q).
 *
 *   1. GD steps per second (fused CSR kernel, ufm/objective.ts gdStep) and the extrapolated time of
 *      the paper's 500 000 steps; baseline in the same run: the same step with a dense N×N Â
 *      (what the reference's dense implementation does), timed over a few steps.
 *   2. Gradient evaluations the DOPRI5 gradient flow (ufm/flow.ts, rtol 1e-6, atol 1e-9) needs to
 *      reach the NC1 of H (mean log10 over the graphs) that GD reaches after a budget of B steps.
 *      B = 50 000 by default (GNC_UFM_BENCH_STEPS=500000 for the paper's full budget: ~10 min);
 *      the flow is evaluated every 1 000 step-equivalents of flow time (t = s·η) and stops at the
 *      first evaluation at or below GD's value (or at 2·B). One ∇F evaluation costs K per-graph
 *      gradients, i.e. K GD steps; both counts are printed.
 */
import { performance } from "node:perf_hooks";
import { sampleSbm } from "../src/graphs/sbm.js";
import { sampleRegularSbm } from "../src/graphs/regular-sbm.js";
import { classStatistics, nc1Pinv } from "../src/collapse/index.js";
import { UfmObjective, type UfmGraph, type UfmSpec } from "../src/ufm/objective.js";
import { gdSteps } from "../src/ufm/gd.js";
import { Dopri5 } from "../src/ufm/flow.js";
import { Rng } from "../src/util/rng.js";

const SPEC: UfmSpec = { dim: 8, classes: 2, useW1: true, lambdaW1: 5e-3, lambdaW2: 5e-3, lambdaH: 5e-3, aggregation: "mean" };
const K = 10, N = 1000, LR = 0.1;

function graphs(regular: boolean, seed: number): UfmGraph[] {
  const rng = Rng.seeded(seed);
  return Array.from({ length: K }, () => {
    const o = { n: N, classes: 2, pIn: 0.025, pOut: 0.0017 };
    const s = regular ? sampleRegularSbm(o, rng) : sampleSbm(o, rng);
    return { graph: s.graph, labels: s.labels };
  });
}

function init(obj: UfmObjective, seed: number): Float64Array {
  const rng = Rng.seeded(seed);
  const x = new Float64Array(obj.size);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/** Mean over graphs of log10 NC1 of H. */
function meanLogNc1(obj: UfmObjective, x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < obj.K; k++) {
    const g = obj.graphs[k];
    s += Math.log10(Math.max(nc1Pinv(classStatistics({ data: obj.H(x, k), rows: g.graph.n, cols: obj.d }, g.labels, obj.C)), 1e-300));
  }
  return s / obj.K;
}

/** One GD step on graph k with a dense Â (the baseline): the same update, O(N²·d). */
function denseStep(A: Float64Array, obj: UfmObjective, k: number, x: Float64Array, lr: number): void {
  const n = N, d = obj.d, C = obj.C;
  const H = obj.H(x, k), W1 = obj.W1(x), W2 = obj.W2(x), y = obj.graphs[k].labels;
  const AH = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { const a = A[i * n + j]; for (let t = 0; t < d; t++) AH[i * d + t] += a * H[j * d + t]; }
  const G = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) {
    let z = 0;
    for (let t = 0; t < d; t++) z += H[i * d + t] * W1[t * C + c] + AH[i * d + t] * W2[t * C + c];
    G[i * C + c] = (z - (y[i] === c ? 1 : 0)) / n;
  }
  const AtG = new Float64Array(n * C);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { const a = A[j * n + i]; for (let c = 0; c < C; c++) AtG[i * C + c] += a * G[j * C + c]; }
  const gW1 = new Float64Array(d * C), gW2 = new Float64Array(d * C);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) for (let c = 0; c < C; c++) { gW1[t * C + c] += H[i * d + t] * G[i * C + c]; gW2[t * C + c] += AH[i * d + t] * G[i * C + c]; }
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) {
    let g = SPEC.lambdaH * H[i * d + t];
    for (let c = 0; c < C; c++) g += G[i * C + c] * W1[t * C + c] + AtG[i * C + c] * W2[t * C + c];
    H[i * d + t] -= lr * g;
  }
  for (let t = 0; t < d * C; t++) { W1[t] -= lr * (gW1[t] + SPEC.lambdaW1 * W1[t]); W2[t] -= lr * (gW2[t] + SPEC.lambdaW2 * W2[t]); }
}

export async function run(): Promise<void> {
  const budget = Number(process.env.GNC_UFM_BENCH_STEPS ?? 50_000);
  console.log(`workload: gUFM K=${K}, N=${N}, C=2, d=8, mean aggregation, λ=5e-3, lr ${LR}; SBM and regular SBM p=0.025, q=0.0017`);

  // 1. Steps per second, fused CSR kernel vs dense Â.
  const sbm = new UfmObjective(graphs(false, 1), SPEC);
  const edges = sbm.graphs.reduce((s, g) => s + g.graph.cols.length / 2, 0) / K;
  const x = init(sbm, 2);
  gdSteps(sbm, x, LR, 0, 2000); // warm-up
  const S = 20_000;
  let t = performance.now();
  gdSteps(sbm, x, LR, 2000, 2000 + S);
  const fused = (performance.now() - t) / S;
  const A = new Float64Array(N * N);
  const g0 = sbm.graphs[0].graph;
  for (let i = 0; i < N; i++) { const deg = g0.rowPtr[i + 1] - g0.rowPtr[i]; for (let p = g0.rowPtr[i]; p < g0.rowPtr[i + 1]; p++) A[i * N + g0.cols[p]] = 1 / deg; }
  const xd = init(sbm, 3), D = 10;
  denseStep(A, sbm, 0, xd, LR);
  t = performance.now();
  for (let s = 0; s < D; s++) denseStep(A, sbm, 0, xd, LR);
  const dense = (performance.now() - t) / D;
  console.log(`GD step (mean edges per graph ${edges.toFixed(0)}): fused CSR ${(fused * 1000).toFixed(1)} µs = ${(1000 / fused).toFixed(0)} steps/s; dense Â baseline ${dense.toFixed(1)} ms (${D} steps) → ${(dense / fused).toFixed(0)}× faster`);
  console.log(`500 000 steps: ${((500_000 * fused) / 60_000).toFixed(1)} min extrapolated on one core (target < 10 min); dense baseline ${((500_000 * dense) / 3_600_000).toFixed(1)} h`);

  // 2. DOPRI5 vs GD: gradient evaluations to the NC1 GD reaches after `budget` steps.
  for (const regular of [true, false]) {
    const obj = regular ? new UfmObjective(graphs(true, 4), SPEC) : sbm;
    const family = regular ? "regular SBM" : "SBM";
    const xg = init(obj, 5);
    t = performance.now();
    gdSteps(obj, xg, LR, 0, budget);
    const tGd = (performance.now() - t) / 1000;
    const target = meanLogNc1(obj, xg);
    const xf = init(obj, 5);
    const flow = new Dopri5(obj, xf, { rtol: 1e-6, atol: 1e-9 });
    t = performance.now();
    let s = 0, reached = NaN;
    while (s < 2 * budget) {
      s += 1000;
      flow.advanceTo(s * LR);
      const v = meanLogNc1(obj, xf);
      if (v <= target) { reached = v; break; }
    }
    const tFlow = (performance.now() - t) / 1000;
    const ok = Number.isFinite(reached);
    console.log(
      `${family}: GD ${budget} steps (${tGd.toFixed(1)} s) → mean log10 NC1(H) ${target.toFixed(2)}; DOPRI5 ` +
        (ok ? `reaches ${reached.toFixed(2)} at flow time ${flow.t} (GD-step equivalent ${s})` : `stays above it up to flow time ${flow.t} (now ${meanLogNc1(obj, xf).toFixed(2)})`) +
        ` with ${flow.gradEvals} ∇F evaluations = ${flow.gradEvals * K} per-graph gradients (${flow.accepted} steps, ${flow.rejected} rejected, ${tFlow.toFixed(1)} s)` +
        ` → ${(budget / (flow.gradEvals * K)).toFixed(2)}× fewer gradients than GD`,
    );
  }
}
